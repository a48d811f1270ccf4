import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMatter } from '../../test/files-fixtures';
import { as, login, seedTenant, testApp, type Session } from '../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../test/runtime';
import { sha256 } from '../lib/crypto';

// A phone on a weak network sends its progress report again: with the same Idempotency-Key it is stored once.
let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
let handler: Session;

function report(matterId: number, key: string | null, body: object, session = handler) {
  return app.inject({ method: 'POST', url: `/api/matters/${matterId}/reports`, headers: { ...as(session), ...(key ? { 'idempotency-key': key } : {}) }, payload: body });
}

async function reportCount(matterId: number): Promise<number> {
  const r = await rt.db.selectFrom('progress_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('matter_id', '=', matterId).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('Idempotency-Key', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt);
    app = await testApp(rt);
    handler = await login(app, 't1handler');
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('stores a retried progress report once and answers the retry with the first response', async () => {
    const m = await insertMatter(rt, t);
    const body = { progress: 30, text: '完成拆迁 12 户' };
    const first = await report(m, 'phone-7f3a-0001', body);
    expect(first.statusCode).toBe(200);
    const again = await report(m, 'phone-7f3a-0001', body);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expect(await reportCount(m)).toBe(1);
    // Without the header a repeat is a new report, as before.
    expect((await report(m, null, body)).statusCode).toBe(200);
    expect(await reportCount(m)).toBe(2);
  });

  it('refuses the same key for another body, and keeps keys per account', async () => {
    const m = await insertMatter(rt, t);
    expect((await report(m, 'phone-7f3a-0002', { progress: 40, text: '甲' })).statusCode).toBe(200);
    const other = await report(m, 'phone-7f3a-0002', { progress: 50, text: '乙' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error).toBe('idempotency_key_reused');
    // The liaison's key of the same text is theirs: it runs.
    const liaison = await login(app, 't1liaison');
    expect((await report(m, 'phone-7f3a-0002', { progress: 50, text: '乙' }, liaison)).statusCode).toBe(200);
    expect(await reportCount(m)).toBe(2);
    expect((await report(m, 'short', { progress: 60, text: '丙' })).statusCode).toBe(400);
  });

  it('answers 409 while the first request is still running, and lets a retry run once it is stale', async () => {
    const m = await insertMatter(rt, t);
    // As validated (defaults filled in): the key is bound to the request the route received.
    const body = { progress: 10, text: '进行中', attachmentIds: [] };
    // A first request that never finished (its process died): its claim is there, with no response.
    const accountId = t.accounts.t1handler;
    await rt.db
      .insertInto('idempotency_keys')
      .values({ owner: `a:${accountId}`, key: 'phone-7f3a-0003', method: 'POST', path: `/api/matters/${m}/reports`, body_hash: sha256(`POST /api/matters/${m}/reports\n${JSON.stringify(body)}`), created_at: rt.clock.now() })
      .execute();
    const busy = await report(m, 'phone-7f3a-0003', body);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error).toBe('idempotency_in_progress');
    rt.clock.advance(2 * 60_000);
    expect((await report(m, 'phone-7f3a-0003', body)).statusCode).toBe(200);
    expect(await reportCount(m)).toBe(1);
  });

  it('keys anonymous requests by the client address', async () => {
    const a = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.70', headers: { 'idempotency-key': 'anon-login-0001' }, payload: { username: 'nobody', password: 'Wrong#pass1' } });
    const b = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.70', headers: { 'idempotency-key': 'anon-login-0001' }, payload: { username: 'nobody', password: 'Wrong#pass1' } });
    expect(b.headers['idempotency-replayed']).toBe('true');
    expect(b.body).toBe(a.body);
    const row = await rt.db.selectFrom('idempotency_keys').select('owner').where('key', '=', 'anon-login-0001').executeTakeFirstOrThrow();
    expect(row.owner).toBe('ip:203.0.113.70');
  });
});
