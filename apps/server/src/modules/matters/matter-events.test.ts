import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { runSweep } from '../warnings/sweep.service';
import { onMatterClosed } from './matter-closed';
import { MATTER_EVENT_KINDS, onMatterEvent, type MatterEventKind } from './matter-events';

// The lifecycle subscriber seam: every kind is delivered once, inside the writing transaction (the subscriber
// reads the change through `trx` before commit), and a subscriber that throws rolls the action back.

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};

type Seen = { kind: MatterEventKind; matterId: number; inTransaction: boolean; statusInTrx: string | null; detail: string };
const seen: Seen[] = [];
const closedViaWrapper: number[] = [];
let throwOn: MatterEventKind | null = null;

onMatterEvent(MATTER_EVENT_KINDS, async (trx, _deps, e) => {
  const row = await trx.selectFrom('matters').select(['status', 'colour']).where('id', '=', e.matterId).executeTakeFirst();
  const detail = e.kind === 'colour_changed' ? `${e.from ?? 'none'}→${e.to ?? 'none'}` : e.kind === 'extended' ? `${e.data.from}→${e.data.to}` : e.matter.status;
  seen.push({ kind: e.kind, matterId: e.matterId, inTransaction: trx.isTransaction, statusInTrx: row?.status ?? null, detail });
  if (throwOn === e.kind) throw new Error(`subscriber refuses ${e.kind}`);
});
onMatterClosed(async (_trx, _deps, _actor, matter) => {
  closedViaWrapper.push(matter.id);
});

const post = (who: string, url: string, payload: unknown = {}) => app.inject({ method: 'POST', url, headers: as(s[who]!), payload: payload as object });
const status = async (id: number) => (await rt.db.selectFrom('matters').select(['status', 'colour']).where('id', '=', id).executeTakeFirstOrThrow()).status;

beforeAll(async () => {
  rt = await createTestRuntime({ at: '2026-03-02T02:00:00Z' });
  t = await seedTenant(rt, 'e1');
  app = await testApp(rt);
  for (const [k, u] of Object.entries({ dcb: 'e1dcb', liaison: 'e1liaison', handler: 'e1handler' })) s[k] = await login(app, u);
});
afterAll(async () => {
  await app?.close();
  await rt?.close();
});

describe('matter events', () => {
  it('delivers signed, reported, extended, colour_changed, returned and closed once each, inside the transaction', async () => {
    const created = await post('dcb', '/api/matters', { title: '背街小巷整治', content: '完成 12 条', source: 'superior', leadUnitId: t.units.street, startDate: '2026-03-02', deadline: '2026-06-30' });
    expect(created.statusCode, created.body).toBe(200);
    const m = created.json() as { id: number; version: number };
    expect((await post('dcb', `/api/matters/${m.id}/assign`, { version: m.version })).statusCode).toBe(200);
    expect((await post('liaison', `/api/matters/${m.id}/sign`)).statusCode).toBe(200);
    expect((await post('handler', `/api/matters/${m.id}/reports`, { progress: 30, text: '开工' })).statusCode).toBe(200);
    const ext = await post('liaison', `/api/matters/${m.id}/extensions`, { requestedDeadline: '2026-07-31', reason: '汛期停工' });
    const eid = (ext.json().extensions as { id: number }[])[0]!.id;
    expect((await post('dcb', `/api/matters/${m.id}/extensions/${eid}/decision`, { approve: true })).statusCode).toBe(200);
    // Past the extended deadline the sweep colours it red, in its write transaction.
    await runSweep(rt, { at: new Date('2026-08-03T02:00:00Z') });
    expect((await post('liaison', `/api/matters/${m.id}/completion`, { evidence: '已完成' })).statusCode).toBe(200);
    expect((await post('dcb', `/api/matters/${m.id}/return`, { reason: '缺少验收材料' })).statusCode).toBe(200);
    expect((await post('liaison', `/api/matters/${m.id}/completion`, { evidence: '补充材料' })).statusCode).toBe(200);
    expect((await post('dcb', `/api/matters/${m.id}/completion/accept`, { note: '同意' })).statusCode).toBe(200);

    const mine = seen.filter((e) => e.matterId === m.id);
    expect(mine.map((e) => `${e.kind}:${e.detail}`)).toEqual([
      'signed:assigned',
      'reported:in_progress',
      'extended:2026-06-30→2026-07-31',
      'colour_changed:none→red',
      'returned:completion_requested',
      'closed:completion_requested',
      'colour_changed:red→none',
    ]);
    expect(mine.every((e) => e.inTransaction)).toBe(true);
    // Inside the transaction the subscriber already reads the action's own write.
    expect(mine.find((e) => e.kind === 'signed')?.statusInTrx).toBe('in_progress');
    expect(mine.find((e) => e.kind === 'returned')?.statusInTrx).toBe('in_progress');
    expect(mine.find((e) => e.kind === 'closed')?.statusInTrx).toBe('closed');
    // onMatterClosed still works, as a wrapper over the 'closed' event.
    expect(closedViaWrapper).toEqual([m.id]);
  });

  it('a subscriber that throws rolls the action back', async () => {
    const created = (await post('dcb', '/api/matters', { title: '路灯维修', content: '修复 30 盏', source: 'superior', leadUnitId: t.units.street, startDate: '2026-03-02', deadline: '2026-06-30' })).json() as { id: number; version: number };
    await post('dcb', `/api/matters/${created.id}/assign`, { version: created.version });
    throwOn = 'signed';
    try {
      const refused = await post('liaison', `/api/matters/${created.id}/sign`);
      expect(refused.statusCode).toBe(500);
    } finally {
      throwOn = null;
    }
    expect(await status(created.id)).toBe('assigned');
    const trace = await rt.db.selectFrom('trace').select('id').where('action', '=', 'matter.sign').where('entity_id', '=', String(created.id)).execute();
    expect(trace).toHaveLength(0);
    expect((await post('liaison', `/api/matters/${created.id}/sign`)).statusCode).toBe(200);
    expect(await status(created.id)).toBe('in_progress');
  });
});
