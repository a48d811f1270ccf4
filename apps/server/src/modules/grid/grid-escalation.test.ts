import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import type { Actor } from '../../lib/actor';
import { runExclusive } from '../../lib/exclusive';
import { getMatter } from '../matters/matter-detail.service';
import { signMatter } from '../matters/matter-flow.service';
import { acceptCompletion, requestCompletion } from '../matters/matter-review.service';
import { runSweep } from '../warnings/sweep.service';
import { escalateDueProblems } from './grid-escalation.service';
import { seedGrid } from './grid.fixtures';
import { getProblem } from './problem-detail.service';
import { rebuildGridStats } from './grid-stats';
import { acceptProblem, dispatchProblem, handleProblem, registerProblem, rejectProblem, signProblem, verifyProblem } from './problem-flow.service';
import { uploadProblemPhoto } from './problem-photo.service';
import { reportProblem } from './problem-report.service';
import { escalateProblem, visitProblem } from './problem-side.service';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;
let g: Awaited<ReturnType<typeof seedGrid>>;
let gridA: Actor;
let office: Actor;
let liaison: Actor;
const at = (local: string) => new Date(`${local}+08:00`);

beforeAll(async () => {
  rt = await createTestRuntime({ at: '2026-11-18T02:00:00Z' }); // Wednesday 10:00 in Shanghai
  t = await seedTenant(rt);
  g = await seedGrid(rt, t);
  gridA = await t.actor('t1grida');
  office = await t.actor('t1dcb');
  liaison = await t.actor('t1liaison');
});
afterAll(async () => {
  await rt.close();
});

const holdsOf = (id: string) => rt.db.selectFrom('grid_level_holds').select(['hold_level', 'working_minutes', 'left_by', 'ended_at']).where('problem_id', '=', id).orderBy('id').execute();
const problem = (id: string) => rt.db.selectFrom('grid_problems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('逐级上报: the clock moves a problem up a level at a time, then into supervision', () => {
  let id = '';
  let untouched = '';

  it('climbs community → street → district on its own as the clock moves, each level’s held time recorded', async () => {
    const r = await reportProblem(rt, gridA, { categoryId: g.cat('SJ0101'), description: '社区空地堆放建筑垃圾', ...g.points.community, photoIds: [], reporterPublic: false }, { source: 'grid' });
    id = r.id;
    expect(r.holdLevel).toBe('community');
    // One reported a day later is not due yet when the first climbs.
    rt.clock.set(at('2026-11-19T10:00'));
    untouched = (await reportProblem(rt, gridA, { categoryId: g.cat('SJ0101'), description: '另一处', ...g.points.community, photoIds: [], reporterPublic: false }, { source: 'grid' })).id;

    // The community has 2 working days: Wednesday 10:00 → Friday 10:00.
    rt.clock.set(at('2026-11-20T09:59'));
    expect(await escalateDueProblems(rt, { tenantId: t.tenantId })).toEqual({ ran: true, escalated: 0, supervised: 0 });

    rt.clock.set(at('2026-11-20T10:30'));
    expect(await escalateDueProblems(rt, { tenantId: t.tenantId })).toMatchObject({ escalated: 1 });
    let p = await problem(id);
    expect(p).toMatchObject({ hold_level: 'street', hold_cell_id: g.cells.street, hold_unit_id: t.units.street, status: 'reported' });
    // The street gets its own 3 working days from now.
    expect(new Date(p.hold_deadline as Date).toISOString()).toBe(at('2026-11-25T10:30').toISOString());
    expect((await holdsOf(id)).map((h) => [h.hold_level, h.working_minutes, h.left_by])).toEqual([
      ['community', 870, 'escalated'],
      ['street', null, null],
    ]);
    expect((await problem(untouched)).hold_level).toBe('community');
    // Idempotent: running again at the same moment moves nothing.
    expect(await escalateDueProblems(rt, { tenantId: t.tenantId })).toMatchObject({ escalated: 0 });
    // Not registered (不予立案): it leaves the clock and never climbs.
    await rejectProblem(rt, office, untouched, { reason: '重复反映' });

    rt.clock.set(at('2026-11-25T11:00'));
    expect(await escalateDueProblems(rt, { tenantId: t.tenantId })).toMatchObject({ escalated: 1 });
    p = await problem(id);
    expect(p).toMatchObject({ hold_level: 'district', hold_cell_id: null, matter_id: null });
    expect((await holdsOf(id)).map((h) => [h.hold_level, h.working_minutes, h.left_by])).toEqual([
      ['community', 870, 'escalated'],
      ['street', 3 * 420 + 30, 'escalated'],
      ['district', null, null],
    ]);
    const d = await getProblem(rt, office, id);
    expect(d.events.filter((e) => e.action === 'auto_escalate').map((e) => e.note)).toEqual([
      '社区办理超过时限（已办理 14 小时 30 分，超时 30 分钟），自动上报街道',
      '街道办理超过时限（已办理 21 小时 30 分，超时 30 分钟），自动上报区级',
    ]);
    const told = await rt.db.selectFrom('outbox').select(['kind', 'body']).where('tenant_id', '=', t.tenantId).where('kind', 'in', ['grid.escalated', 'grid.reporter.escalated']).orderBy('id').execute();
    expect(told.map((o) => o.kind)).toEqual(['grid.escalated', 'grid.reporter.escalated', 'grid.escalated', 'grid.reporter.escalated']);
    expect(told[1]?.body).toContain('社区未在时限内办结，已上报街道');
    const traced = await rt.db.selectFrom('trace').select(['action', 'actor_name']).where('tenant_id', '=', t.tenantId).where('action', '=', 'grid.auto_escalate').execute();
    expect(traced).toHaveLength(2);
    expect((await problem(untouched)).status).toBe('rejected');
  });

  it('beyond the district it becomes a supervised matter (网格上报), linked both ways, which the sweep turns red when late', async () => {
    rt.clock.set(at('2026-12-02T12:00')); // the district's 5 working days ran out at 11:00
    expect(await escalateDueProblems(rt, { tenantId: t.tenantId })).toMatchObject({ escalated: 1, supervised: 1 });
    const p = await problem(id);
    expect(p.hold_level).toBe('city');
    const m = await rt.db.selectFrom('matters').selectAll().where('id', '=', p.matter_id ?? -1).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ source: 'grid', status: 'assigned', origin_type: 'grid_problem', origin_id: Number(id), lead_unit_id: t.units.street });
    expect(m.content).toContain(p.ticket);
    // The matter page shows the problem it came from.
    expect((await getMatter(rt, office, m.id)).origin).toEqual({ type: 'grid_problem', id, ticket: p.ticket, title: p.title, status: 'reported', link: `/grid/problems/${id}` });
    expect((await getProblem(rt, office, id)).events.map((e) => e.action)).toEqual(expect.arrayContaining(['supervise']));
    // At the top nothing climbs further, and a manual escalation is refused with the reason.
    rt.clock.set(at('2027-03-01T10:00'));
    expect(await escalateDueProblems(rt, { tenantId: t.tenantId })).toMatchObject({ escalated: 0 });
    await expect(escalateProblem(rt, office, id, { reason: '再上报' })).rejects.toMatchObject({ code: 'grid_escalation_top' });
    await runSweep(rt);
    expect((await rt.db.selectFrom('matters').select('colour').where('id', '=', m.id).executeTakeFirstOrThrow()).colour).toBe('red');
  });

  it('closing the matter closes the problem and tells the reporter', async () => {
    const p = await problem(id);
    const matterId = p.matter_id ?? -1;
    await signMatter(rt, liaison, matterId, {});
    await requestCompletion(rt, liaison, matterId, { evidence: '已清运', attachmentIds: [] });
    await acceptCompletion(rt, office, matterId, {});
    const after = await problem(id);
    expect(after).toMatchObject({ status: 'closed', resolved_level: 'city' });
    expect((await holdsOf(id)).at(-1)).toMatchObject({ hold_level: 'city', left_by: 'resolved' });
    const told = await rt.db.selectFrom('outbox').select('body').where('tenant_id', '=', t.tenantId).where('kind', '=', 'grid.reporter.closed').execute();
    expect(told.map((o) => o.body)).toEqual([expect.stringContaining(`已通过督办事项`)]);
    // The monthly rollup counts it.
    const s = await rt.db.selectFrom('grid_stats_monthly').select(['closed', 'holds_district']).where('tenant_id', '=', t.tenantId).where('dim', '=', 'tenant').execute();
    expect(s).toEqual([{ closed: 1, holds_district: 1 }]);
  });

  it('a manual 上报上级 from the district makes the matter too, and the job skips while another holder runs', async () => {
    const r = await reportProblem(rt, office, { categoryId: g.cat('SJ0101'), description: '区外', ...g.points.street, photoIds: [], reporterPublic: false }, { source: 'office' });
    expect(r.holdLevel).toBe('street');
    await escalateProblem(rt, office, r.id, { reason: '街道无力解决，需区级协调' });
    expect((await problem(r.id)).hold_level).toBe('district');
    await escalateProblem(rt, office, r.id, { reason: '涉及市级部门' });
    const p = await problem(r.id);
    expect(p.hold_level).toBe('city');
    expect(p.matter_id).not.toBeNull();
    expect((await rt.db.selectFrom('matters').select('status').where('id', '=', p.matter_id ?? -1).executeTakeFirstOrThrow()).status).toBe('assigned');

    const inner = await runExclusive(rt, 'gridEscalation', () => escalateDueProblems(rt, { tenantId: t.tenantId }));
    expect(inner).toEqual({ ran: true, value: { ran: false, escalated: 0, supervised: 0 } });
  });

  it('keeps the monthly statistics current from the flow itself: the incremental figures equal a rebuild', async () => {
    const housing = await t.actor('t1hliaison');
    const photo = async (actor: Actor) => {
      const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#5a5' } }).jpeg().toBuffer();
      return (await uploadProblemPhoto(rt, actor, { stream: Readable.from([jpeg]), fileName: 'x.jpg' })).id;
    };
    const report = async () => (await reportProblem(rt, gridA, { categoryId: g.cat('SJ0101'), description: '占道经营', ...g.points.a, photoIds: [], reporterPublic: false }, { source: 'grid' })).id;
    const close = async (pid: string) => {
      await dispatchProblem(rt, gridA, pid, { unitId: t.units.housing });
      await signProblem(rt, housing, pid);
      rt.clock.advance(3600_000);
      await handleProblem(rt, housing, pid, { result: '已劝离', photoIds: [] });
      await verifyProblem(rt, gridA, pid, { pass: true, photoIds: [] });
    };
    rt.clock.set(at('2027-03-02T09:00'));
    const a = await report();
    await acceptProblem(rt, gridA, a, {});
    await registerProblem(rt, gridA, a, {});
    await close(a);
    await visitProblem(rt, office, a, { rating: 'unsatisfied', comment: '又回来了' }); // reopens
    await close(a);
    await visitProblem(rt, office, a, { rating: 'basic' });
    const b = await report();
    await acceptProblem(rt, gridA, b, {});
    await registerProblem(rt, gridA, b, {});
    await close(b);
    await visitProblem(rt, office, b, { rating: 'satisfied' });
    await reportProblem(rt, gridA, { categoryId: g.cat('SJ0101'), description: '即办', ...g.points.a, photoIds: [await photo(gridA)], reporterPublic: false, instant: { result: '当场处理', afterPhotoIds: [await photo(gridA)] } }, { source: 'grid' });

    const figures = async () =>
      (await rt.db.selectFrom('grid_stats_monthly').selectAll().where('tenant_id', '=', t.tenantId).execute())
        .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, (v as unknown) instanceof Date ? (v as unknown as Date).toISOString() : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v]))))
        .filter((r) => !/"closed":0,/.test(r) || /[1-9]/.test(r.replace(/"(tenant_id|level|key|month|dim)":[^,]*,?/g, '')))
        .sort();
    const incremental = await figures();
    expect(incremental.length).toBeGreaterThan(0);
    await rebuildGridStats(rt.db, t.tenantId);
    expect(await figures()).toEqual(incremental);
    const march = await rt.db.selectFrom('grid_stats_monthly').select(['closed', 'rated', 'satisfied', 'basic', 'unsatisfied']).where('tenant_id', '=', t.tenantId).where('dim', '=', 'tenant').where('month', '=', '2027-03-01').executeTakeFirstOrThrow();
    expect(march).toMatchObject({ closed: 4, rated: 2, satisfied: 1, basic: 1, unsatisfied: 0 });
  });
});
