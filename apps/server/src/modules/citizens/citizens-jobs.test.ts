import { searchProof } from '@duban/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { runExclusive } from '../../lib/exclusive';
import { escalateDueProblems } from '../grid/grid-escalation.service';
import { seedGrid } from '../grid/grid.fixtures';
import { flagClusters } from './citizens-cluster';

// The citizens' channel beside the jobs: the escalation's SMS to citizens (grid-hooks seam), the cluster job run
// once across instances, and the optional proof of work on the public report.
let rt: TestRuntime;
let app: FastifyInstance;
let g: Awaited<ReturnType<typeof seedGrid>>;
let t: Awaited<ReturnType<typeof seedTenant>>;
let office: Session;
let ipSeq = 0;
const newIp = () => `10.18.0.${++ipSeq}`;
const at = (local: string) => new Date(`${local}+08:00`);

beforeAll(async () => {
  rt = await createTestRuntime({ at: '2026-11-18T02:00:00Z' }); // Wednesday 10:00 in Shanghai
  t = await seedTenant(rt);
  g = await seedGrid(rt, t);
  app = await testApp(rt);
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

const report = (body: Record<string, unknown>, ip = newIp()) =>
  app.inject({ method: 'POST', url: '/api/public/t1/reports', remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ categoryId: g.cat('SJ0101'), description: '社区空地堆放垃圾', ...g.points.community, ...body }) });
const smsOf = async (kind: string, problemId: string) =>
  (await rt.db.selectFrom('outbox').select(['kind', 'body', 'payload']).where('kind', '=', kind).execute()).filter((o) => (o.payload as { problemId?: string } | null)?.problemId === problemId);

describe('SMS to citizens from the escalation job', () => {
  it('tells a citizen who left a mobile when the clock moves the problem up a level; an anonymous one is not told', async () => {
    const withMobile = await report({ mobile: '13677778888', description: '社区空地堆放建筑垃圾' });
    const anonymous = await report({ description: '社区空地又堆了垃圾' });
    expect(withMobile.statusCode, withMobile.body).toBe(200);
    const id = async (ticket: string) => String((await rt.db.selectFrom('grid_problems').select('id').where('ticket', '=', ticket).executeTakeFirstOrThrow()).id);
    const a = await id(withMobile.json().ticket);
    const b = await id(anonymous.json().ticket);
    rt.clock.set(at('2026-11-20T10:30')); // the community's 2 working days ran out
    expect(await escalateDueProblems(rt, { tenantId: t.tenantId })).toMatchObject({ escalated: 2 });
    const sms = await smsOf('citizen.escalated', a);
    expect(sms).toHaveLength(1);
    expect(sms[0]?.body).toContain('已上报街道');
    expect(String((sms[0]?.payload as { citizenSms?: string }).citizenSms)).toMatch(/^s4:/); // sealed, never in clear
    expect(await smsOf('citizen.escalated', b)).toHaveLength(0);
    // Once: running again at the same moment moves nothing and tells nobody again.
    await escalateDueProblems(rt, { tenantId: t.tenantId });
    expect(await smsOf('citizen.escalated', a)).toHaveLength(1);
  });
});

describe('the cluster job', () => {
  // The escalation test moved the clock by days: sign in again (sessions time out).
  beforeAll(async () => {
    office = await login(app, 't1dcb');
  });
  it('runs once across instances: a second run while one holds the lock does nothing', async () => {
    const inner = await runExclusive(rt, 'citizenClusters', () => flagClusters(rt));
    expect(inner).toEqual({ ran: true, value: { ran: false, flagged: 0, updated: 0 } });
  });

  it('flags again only for reports after the street dismissed the last cluster', async () => {
    for (let i = 0; i < 5; i++) expect((await report({ categoryId: g.cat('SJ0304'), description: `路面坑洼 ${i}`, ...g.points.a })).statusCode).toBe(200);
    expect(await flagClusters(rt)).toMatchObject({ flagged: 1 });
    const cluster = (await app.inject({ url: '/api/citizens/clusters', headers: as(office) })).json().items.find((c: { category_id: number }) => c.category_id === g.cat('SJ0304'));
    expect(cluster).toMatchObject({ status: 'open', reports: 5 });
    expect(await rt.db.selectFrom('outbox').select('id').where('kind', '=', 'grid.cluster').execute()).toHaveLength(1);
    expect((await app.inject({ method: 'POST', url: `/api/citizens/clusters/${cluster.id}/dismiss`, headers: as(office), payload: {} })).statusCode).toBe(200);
    rt.clock.set(new Date(rt.clock.now().getTime() + 60_000));
    expect(await flagClusters(rt)).toMatchObject({ flagged: 0 });
    for (let i = 0; i < 5; i++) await report({ categoryId: g.cat('SJ0304'), description: `又一处路面坑洼 ${i}`, ...g.points.a });
    expect(await flagClusters(rt)).toMatchObject({ flagged: 1 });
  });
});

describe('the optional proof of work', () => {
  const challenge = async () => (await app.inject({ url: '/api/public/t1/challenge', remoteAddress: newIp() })).json();

  it('is off by default: no challenge, and a report needs no proof', async () => {
    expect(await challenge()).toEqual({ required: false });
    expect((await report({})).statusCode).toBe(200);
  });

  it('when on, refuses a report without a proof, with a wrong one, or a proof used twice; takes a solved one', async () => {
    const put = await app.inject({ method: 'PUT', url: '/api/citizens/settings', headers: as(office), payload: { proofOfWork: true, proofBits: 10 } });
    expect(put.statusCode, put.body).toBe(200);
    expect((await app.inject({ url: '/api/citizens/settings', headers: as(office) })).json()).toEqual({ proofOfWork: true, proofBits: 10, open311Origins: [] });
    const none = await report({});
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ error: 'citizen_proof_required', message: expect.stringContaining('安全验证') });
    const c = await challenge();
    expect(c).toMatchObject({ bits: 10, challenge: expect.any(String), expiresAt: expect.any(String) });
    const nonce = searchProof(c.challenge, c.bits, 0, 1_000_000);
    expect(nonce).not.toBeNull();
    // A nonce that does not hold, and a challenge someone edited (a lower difficulty), are refused.
    let wrong = 0;
    while (searchProof(c.challenge, c.bits, wrong, 1) !== null) wrong++;
    expect((await report({ proof: { challenge: c.challenge, nonce: wrong } })).json()).toMatchObject({ error: 'citizen_proof_invalid' });
    const easier = c.challenge.replace('.10.', '.1.');
    expect((await report({ proof: { challenge: easier, nonce: searchProof(easier, 1, 0, 1000) } })).json()).toMatchObject({ error: 'citizen_proof_invalid' });
    const ok = await report({ proof: { challenge: c.challenge, nonce } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await report({ proof: { challenge: c.challenge, nonce } })).json()).toMatchObject({ error: 'citizen_proof_used' });
    // Expired: half an hour later the same kind of proof is refused.
    const late = await challenge();
    const lateNonce = searchProof(late.challenge, late.bits, 0, 1_000_000);
    rt.clock.set(new Date(rt.clock.now().getTime() + 31 * 60_000));
    expect((await report({ proof: { challenge: late.challenge, nonce: lateNonce } })).json()).toMatchObject({ error: 'citizen_proof_invalid' });
    office = await login(app, 't1dcb');
    // A follow needs one too.
    const follow = await app.inject({ method: 'POST', url: `/api/public/t1/follow/${ok.json().ticket}`, remoteAddress: newIp(), headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(follow.json()).toMatchObject({ error: 'citizen_proof_required' });
    await app.inject({ method: 'PUT', url: '/api/citizens/settings', headers: as(office), payload: { proofOfWork: false } });
  });

  it('only the district platform changes the settings; a bad difficulty is named in Chinese', async () => {
    const leader = await login(app, 't1grida');
    expect((await app.inject({ method: 'PUT', url: '/api/citizens/settings', headers: as(leader), payload: { proofOfWork: true } })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'PUT', url: '/api/citizens/settings', headers: as(office), payload: { proofOfWork: true, proofBits: 40 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('难度不超过 24');
  });
});
