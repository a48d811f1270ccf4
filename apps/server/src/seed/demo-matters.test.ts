import { addDays, MATTER_STATUSES, shanghaiDate, shanghaiInstant } from '@duban/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../test/runtime';
import { loadActor } from '../modules/auth/actor.loader';
import { getMatter } from '../modules/matters/matter-detail.service';
import { weeklyFigures } from '../modules/reports/report.data';
import { readTrace } from '../modules/trace/trace.query';
import { verifyTrace } from '../modules/trace/trace.verify';
import { systemActor } from '../lib/actor';
import { recomputePeriod } from '../modules/assessment/recompute.service';
import { listDecisions } from '../modules/meetings/decision.service';
import { openMatter } from '../modules/matters/matter-status.sql';
import { runSweep } from '../modules/warnings/sweep.service';
import { seedDemo } from './demo.seed';
import { DEMO_STEPS } from './demo-steps';

let rt: TestRuntime;
let tenantId: number;
let ms: number;

describe('demo matters', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-11-20T02:00:00Z' });
    const started = Date.now();
    tenantId = await seedDemo(rt, DEMO_STEPS);
    ms = Date.now() - started;
  });
  afterAll(async () => {
    await rt.close();
  });

  it('seeds about a thousand matters in every state and all four colours', async () => {
    const rows = await rt.db.selectFrom('matters').select(['status', 'colour', 'parent_id']).where('tenant_id', '=', tenantId).execute();
    expect(rows.length).toBeGreaterThan(950);
    expect(rows.length).toBeLessThan(1100);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(MATTER_STATUSES));
    expect(new Set(rows.map((r) => r.colour).filter(Boolean))).toEqual(new Set(['green', 'yellow', 'blue', 'red']));
    expect(rows.filter((r) => r.parent_id !== null).length).toBeGreaterThan(40);
    for (const table of ['progress_reports', 'extension_requests', 'completion_requests', 'urges', 'milestones', 'matter_handlers'] as const) {
      const n = await rt.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
      expect(Number(n.n), table).toBeGreaterThan(10);
    }
    // How long it took is reported, never asserted: these machines are too noisy for absolute times.
    console.log(`demo matters seeded in ${ms} ms`);
  });

  it('gives the demo liaison matters to work on and every matter page opens', async () => {
    const account = await rt.db.selectFrom('accounts').select('id').where('username', '=', 'liaison').executeTakeFirstOrThrow();
    const liaison = await loadActor(rt.db, account.id, { ip: null, requestId: null });
    const office = await loadActor(rt.db, (await rt.db.selectFrom('accounts').select('id').where('username', '=', 'duchaban').executeTakeFirstOrThrow()).id, { ip: null, requestId: null });
    if (!liaison || !office) throw new Error('demo accounts missing');
    const mine = await rt.db.selectFrom('matter_units').select('matter_id').where('tenant_id', '=', tenantId).where('unit_id', '=', liaison.unitId ?? -1).execute();
    expect(mine.length).toBeGreaterThan(20);
    const sample = await rt.db.selectFrom('matters').select('id').where('tenant_id', '=', tenantId).orderBy('id').limit(40).execute();
    for (const { id } of sample) expect((await getMatter(rt, office, id)).id).toBe(id);
  });

  it('leaves a warning history that the weekly report counts as the cockpit does', async () => {
    const today = shanghaiDate(rt.clock.now());
    const lastWeek = await weeklyFigures(rt, tenantId, { from: addDays(today, -10), to: addDays(today, -4) });
    expect(lastWeek.warnings.yellow + lastWeek.warnings.blue + lastWeek.warnings.red).toBeGreaterThan(10);
    const thisWeek = await weeklyFigures(rt, tenantId, { from: addDays(today, -6), to: today });
    const open = await rt.db
      .selectFrom('matters')
      .select(['colour', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('status', 'in', ['assigned', 'in_progress', 'completion_requested'])
      .groupBy('colour')
      .execute();
    const n = (c: string) => Number(open.find((r) => r.colour === c)?.n ?? 0);
    expect(thisWeek.warningsAtEnd).toEqual({ yellow: n('yellow'), blue: n('blue'), red: n('red') });
    expect(n('red')).toBeGreaterThan(10);
  });

  it('leaves a believable trace on every matter, in time order, on an intact chain', async () => {
    const traced = await rt.db
      .selectFrom('matters as m')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('m.tenant_id', '=', tenantId)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('trace as t').select('t.id').where('t.entity_type', '=', 'matter').whereRef('t.entity_id', '=', eb.cast<string>('m.id', 'text')))))
      .executeTakeFirstOrThrow();
    expect(Number(traced.n)).toBe(0); // no demo matter says 暂无痕迹
    const office = await loadActor(rt.db, (await rt.db.selectFrom('accounts').select('id').where('username', '=', 'duchaban').executeTakeFirstOrThrow()).id, { ip: null, requestId: null });
    if (!office) throw new Error('demo office missing');
    const wulibao = await rt.db.selectFrom('units').select('id').where('tenant_id', '=', tenantId).where('name', '=', '五里堡街道办事处').executeTakeFirstOrThrow();
    const closed = await rt.db.selectFrom('matters').select('id').where('tenant_id', '=', tenantId).where('lead_unit_id', '=', wulibao.id).where('status', '=', 'closed').where('parent_id', 'is', null).orderBy('id').executeTakeFirstOrThrow();
    const page = await readTrace(rt, office, { entityType: 'matter', entityId: String(closed.id), withRelated: true, limit: 100 });
    const actions = page.items.map((i) => i.action).reverse();
    expect(actions[0]).toBe('matter.create');
    expect(actions).toContain('matter.assign');
    expect(actions).toContain('matter.sign');
    expect(actions.at(-1)).toBe('matter.complete');
    const times = page.items.map((i) => i.at).reverse();
    expect([...times].sort()).toEqual(times);
    expect(Object.keys(page.names.units).length).toBeGreaterThan(0);
    await rt.anchor.flush(); // the anchor job's hourly write, so the chain is checked against it too
    const verified = await verifyTrace(rt.db, rt.anchor, rt.clock.now(), tenantId);
    expect(verified.firstBroken).toBeNull();
    expect(verified.status).toBe('intact');
  });

  it('scores the demo matters (2026Q4 and the year), with one 容错 approved, one declined and one awaiting the leaders, and a recompute changes nothing', async () => {
    const periods = await rt.db.selectFrom('assessment_periods').select(['id', 'code']).where('tenant_id', '=', tenantId).orderBy('code').execute();
    expect(periods.map((p) => p.code)).toEqual(['2026', '2026Q1', '2026Q2', '2026Q3', '2026Q4']);
    const q4 = periods.find((p) => p.code === '2026Q4')!;
    const lines = () => rt.db.selectFrom('assessment_lines').select(['subject_type', 'subject_id', 'line_key', 'points', 'exempt']).where('period_id', '=', q4.id).orderBy('id').execute();
    const before = await lines();
    expect(before.length).toBeGreaterThan(100);
    const tol = await rt.db.selectFrom('assessment_tolerance').select(['status', 'line_keys']).where('tenant_id', '=', tenantId).orderBy('id').execute();
    expect(tol.map((x) => x.status)).toEqual(['approved', 'rejected', 'verified']);
    expect(before.filter((l) => l.exempt).every((l) => tol[0]!.line_keys.includes(l.line_key))).toBe(true);
    expect(before.some((l) => l.exempt)).toBe(true);
    await recomputePeriod(rt, systemActor(tenantId), '2026Q4');
    const asSet = (ls: typeof before) => ls.map((l) => JSON.stringify(l)).sort();
    expect(asSet(await lines())).toEqual(asSet(before));
  });

  it('holds joint meetings and 督查工作例会 with decisions open, near, overdue and done, the 例会 ones as 会议议定 matters', async () => {
    const liaison = await loadActor(rt.db, (await rt.db.selectFrom('accounts').select('id').where('username', '=', 'liaison').executeTakeFirstOrThrow()).id, { ip: null, requestId: null });
    if (!liaison) throw new Error('demo liaison missing');
    const all = await listDecisions(rt, systemActor(tenantId), { page: 1, pageSize: 100 });
    expect(new Set(all.items.map((d) => d.meetingKind))).toEqual(new Set(['joint', 'supervision']));
    const own = all.items.filter((d) => d.matterId === null);
    expect(new Set(own.map((d) => d.colour))).toEqual(new Set(['green', 'yellow', 'red', null]));
    expect(all.items.some((d) => d.status === 'done' && d.late)).toBe(true);
    const tracked = all.items.filter((d) => d.meetingKind === 'supervision');
    expect(tracked.every((d) => d.matterNumber !== null)).toBe(true);
    const matters = await rt.db.selectFrom('matters').select(['source', 'status']).where('id', 'in', tracked.map((d) => d.matterId ?? 0)).execute();
    expect(matters.every((m) => m.source === 'meeting')).toBe(true);
    expect(tracked.filter((d) => d.status === 'done').length).toBe(matters.filter((m) => m.status === 'closed').length);
    const mine = await listDecisions(rt, liaison, { page: 1, pageSize: 100, status: 'open' });
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((d) => d.unitName === '五里堡街道办事处')).toBe(true);
    expect(mine.items.some((d) => d.canComplete)).toBe(true);
  });

  // The weekly report's colours on a past day (report.data.ts, warningsAt) take an open matter's current colour
  // unless its history changed since: that holds only while nothing but the sweep changes an open matter's
  // colour, and the sweep writes a history row for every change. Last in the file: it moves the clock.
  it('keeps every open matter’s colour equal to the last its history recorded, so a past week’s report reads that day’s colours', async () => {
    const disagreeing = async () => {
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from matters m
         where m.tenant_id = ${tenantId} and ${openMatter('m')}
           and m.colour is distinct from (select h.to_colour from colour_history h where h.matter_id = m.id order by h.at desc, h.id desc limit 1)`.execute(rt.db);
      return Number(rows[0]?.n);
    };
    const warnings = async () => {
      const rows = await rt.db.selectFrom('matters as m').select(['m.colour', (eb) => eb.fn.countAll<number>().as('n')]).where('m.tenant_id', '=', tenantId).where(openMatter('m')).groupBy('m.colour').execute();
      const n = (c: string) => Number(rows.find((r) => r.colour === c)?.n ?? 0);
      return { yellow: n('yellow'), blue: n('blue'), red: n('red') };
    };
    expect(await disagreeing()).toBe(0);
    const day = shanghaiDate(rt.clock.now());
    await runSweep(rt, { at: shanghaiInstant(day, 23 * 60 + 50) });
    const atDayEnd = await warnings();
    const historyRows = async () => Number((await rt.db.selectFrom('colour_history').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
    const before = await historyRows();
    for (let i = 1; i <= 12; i++) {
      const at = shanghaiInstant(addDays(day, i), 9 * 60);
      rt.clock.set(at.toISOString());
      await runSweep(rt, { at });
      expect(await disagreeing(), addDays(day, i)).toBe(0);
    }
    expect(await historyRows()).toBeGreaterThan(before); // colours did change in those days
    const week = await weeklyFigures(rt, tenantId, { from: addDays(day, -6), to: day });
    expect(week.warningsAtEnd).toEqual(atDayEnd);
  });
});
