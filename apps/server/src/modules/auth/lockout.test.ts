import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, TEST_PASSWORD } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';

// Lock-out as attacked (issue 14): concurrent guesses all count, and nobody locks the owner out from elsewhere.
let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;

function acct(username: string): number {
  const id = t.accounts[username];
  if (id === undefined) throw new Error(`no test account ${username}`);
  return id;
}

function attempt(username: string, password: string, ip: string, cookie?: string) {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip, headers: cookie ? { cookie } : {} });
}

describe('sign-in lock-out', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt);
    app = await testApp(rt);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('counts every one of 20 concurrent wrong passwords', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt('t1head', `Wrong#pass${i}`, '198.51.100.20')));
    expect(results.every((r) => r.statusCode === 401 || r.statusCode === 423)).toBe(true);
    const row = await rt.db.selectFrom('login_throttle').selectAll().where('username', '=', 't1head').where('source', '=', '198.51.100.20').executeTakeFirstOrThrow();
    // Those that passed the lock check before the fifth failure landed were all counted.
    const checked = results.filter((r) => r.statusCode === 401).length;
    expect(row.failures).toBe(checked);
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(row.locked_until).not.toBeNull();
    expect((await attempt('t1head', TEST_PASSWORD, '198.51.100.20')).json().error).toBe('account_locked');
  });

  it('five anonymous attempts lock only their own address: the owner signs in from elsewhere and is told', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('t1handler', `Wrong#pass${i}`, '203.0.113.9')).statusCode).toBe(401);
    expect((await attempt('t1handler', TEST_PASSWORD, '203.0.113.9')).json().error).toBe('account_locked');
    // The real owner, at another address, is not locked out.
    expect((await attempt('t1handler', TEST_PASSWORD, '192.0.2.44')).statusCode).toBe(200);
    const told = await rt.db
      .selectFrom('outbox as o')
      .innerJoin('outbox_recipients as r', 'r.outbox_id', 'o.id')
      .select(['o.kind', 'o.body', 'r.person_id'])
      .where('o.kind', '=', 'security.locked')
      .where('r.person_id', '=', t.people.handler)
      .execute();
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ person_id: t.people.handler });
    expect(told[0]?.body).toContain('203.0.113.9');
    const events = await rt.db.selectFrom('trace').select(['action', 'ip', 'after']).where('entity_id', '=', String(acct('t1handler'))).orderBy('seq').execute();
    expect(events.filter((e) => e.action === 'auth.login_failed')).toHaveLength(5);
    expect(events.find((e) => e.action === 'auth.locked')).toMatchObject({ ip: '203.0.113.9', after: { outcome: 'success', scope: 'source' } });
    expect(events.at(-1)).toMatchObject({ action: 'auth.login', ip: '192.0.2.44', after: { outcome: 'success' } });
  });

  it("many addresses lock the account for new browsers for a while, never for the owner's own browser", async () => {
    // The owner signed in before from this browser: it holds a trusted-device cookie.
    const first = await attempt('t1liaison', TEST_PASSWORD, '192.0.2.10');
    const device = first.cookies.find((c) => c.name === 'duban_device');
    expect(device?.httpOnly).toBe(true);
    // 50 failures from 10 addresses (5 each) reach the account-wide ceiling.
    for (let a = 0; a < 10; a++) {
      for (let i = 0; i < 5; i++) await attempt('t1liaison', `Wrong#pass${i}`, `198.51.100.${100 + a}`);
    }
    expect((await attempt('t1liaison', TEST_PASSWORD, '192.0.2.99')).json().error).toBe('account_locked');
    const own = await attempt('t1liaison', TEST_PASSWORD, '192.0.2.99', `duban_device=${device?.value}`);
    expect(own.statusCode).toBe(200);
    // After the account-wide lock's 15 minutes a new browser signs in again.
    rt.clock.advance(16 * 60_000);
    expect((await attempt('t1liaison', TEST_PASSWORD, '192.0.2.99')).statusCode).toBe(200);
  });

  it('the security admin lifts every lock on a name', async () => {
    for (let i = 0; i < 5; i++) await attempt('t1shuji', `Wrong#pass${i}`, '203.0.113.50');
    const sec = await login(app, 't1sec');
    const listed = await app.inject({ url: '/api/accounts?q=t1shuji', headers: as(sec) });
    expect(listed.json().items[0].lockedUntil).not.toBeNull();
    expect((await app.inject({ method: 'POST', url: `/api/accounts/${acct('t1shuji')}/unlock`, headers: as(sec) })).statusCode).toBe(200);
    expect((await attempt('t1shuji', TEST_PASSWORD, '203.0.113.50')).statusCode).toBe(200);
  });
});
