import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { insertProblem } from './meeting.fixtures';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};
const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: as(s[who]!), ...(payload === undefined ? {} : { payload: JSON.stringify(payload), headers: { ...as(s[who]!), 'content-type': 'application/json' } }) });

describe('/api/meetings and /api/meeting-decisions', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt, 't1');
    await seedTenant(rt, 't2');
    app = await testApp(rt);
    for (const u of ['t1dcb', 't1liaison', 't1shuji', 't1hliaison', 't2dcb']) s[u] = await login(app, u);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('records a joint meeting over HTTP, a unit lists and completes its decision, the office sees it done', async () => {
    const problem = await insertProblem(rt, t, { ticket: 'WG2026110001' });
    const options = await call('t1dcb', 'GET', '/api/meeting-problems?q=WG2026');
    expect(options.json().items).toEqual([expect.objectContaining({ id: problem, ticket: 'WG2026110001', unitName: '区住建局' })]);
    const created = await call('t1dcb', 'POST', '/api/meetings', {
      kind: 'joint',
      title: '城市管理联席会议',
      heldOn: '2026-11-19',
      units: [{ unitId: t.units.street }, { unitId: t.units.housing, present: false }],
      problemIds: [problem],
      decisions: [{ content: '街道办牵头清理积水点周边垃圾', unitId: t.units.street, deadline: '2026-12-01', problemId: problem }],
    });
    expect(created.statusCode).toBe(200);
    const id = created.json().id;
    expect(created.json()).toMatchObject({ present: 1, absent: 1, referred: [{ ticket: 'WG2026110001' }], items: [{ problemTicket: 'WG2026110001', colour: 'green' }] });

    const list = await call('t1liaison', 'GET', '/api/meetings?kind=joint');
    expect(list.json()).toMatchObject({ total: 1, items: [{ id, title: '城市管理联席会议', decisions: 1, done: 0 }] });
    expect((await call('t1hliaison', 'GET', `/api/meetings/${id}`)).json()).toMatchObject({ items: [], hiddenDecisions: 1 }); // invited, but no decision of its own
    const mine = await call('t1liaison', 'GET', '/api/meeting-decisions?status=open&mine=true');
    const decision = mine.json().items[0];
    expect(decision).toMatchObject({ content: '街道办牵头清理积水点周边垃圾', canComplete: true, meetingTitle: '城市管理联席会议' });

    const empty = await call('t1liaison', 'POST', `/api/meeting-decisions/${decision.id}/complete`, { result: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ error: 'validation_failed', message: expect.stringContaining('请填写落实情况') });
    const done = await call('t1liaison', 'POST', `/api/meeting-decisions/${decision.id}/complete`, { result: '已清理，设置警示标志' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', note: '按期落实' });
    expect((await call('t1dcb', 'GET', '/api/meeting-decisions?status=done')).json().total).toBe(1);
    expect((await call('t1shuji', 'GET', `/api/meetings/${id}`)).json()).toMatchObject({ done: 1, canEdit: false });
    const events = await rt.db.selectFrom('grid_problem_events').select('action').where('problem_id', '=', String(problem)).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['meeting_referred', 'meeting_decision_done']);
  });

  it('answers bad input with a Chinese message naming the field, and other tenants\' ids with 404', async () => {
    const bad = await call('t1dcb', 'POST', '/api/meetings', { kind: 'supervision', title: '', heldOn: '2026-13-01', problemIds: [1], decisions: [{ content: '事项', unitId: t.units.street, deadline: '2026-11-01' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/会议名称/);
    const past = await call('t1dcb', 'POST', '/api/meetings', { kind: 'joint', title: '会', heldOn: '2026-11-19', decisions: [{ content: '事项', unitId: t.units.street, deadline: '2026-11-01' }] });
    expect(past.statusCode).toBe(400);
    expect(past.json().message).toBe('议定事项 第 1 项 时限：时限不能早于会议日期（2026-11-19）');
    const mine = (await call('t1dcb', 'GET', '/api/meetings')).json().items[0].id;
    expect((await call('t2dcb', 'GET', `/api/meetings/${mine}`)).statusCode).toBe(404);
    expect((await call('t1dcb', 'GET', '/api/meetings/99999999999')).statusCode).toBe(400);
    expect((await call('t1liaison', 'POST', '/api/meetings', { kind: 'joint', title: '会', heldOn: '2026-11-19' })).statusCode).toBe(403);
  });
});
