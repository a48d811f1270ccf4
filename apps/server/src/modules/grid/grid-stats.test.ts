import type { FastifyInstance } from 'fastify';
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { gridCodeRange } from '@duban/shared';
import { openCountsByNode, openOf } from './grid-map.service';
import { openCountsAt, openCountsSql } from './grid-open-counts';
import { rebuildGridStats, recordProblemClosed, trackProblemStats } from './grid-stats';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
let dcb: Session;
const cell: Record<string, number> = {};
let category: number;

async function rollup() {
  const rows = await rt.db.selectFrom('grid_stats_monthly').selectAll().where('tenant_id', '=', t.tenantId).orderBy('dim').orderBy('level').orderBy('key').orderBy('month').execute();
  // Rows the incremental path emptied again (a reopened problem) are kept with zeros; the rebuild has none.
  return rows
    .filter((r) => Object.entries(r).some(([k, v]) => !['tenant_id', 'dim', 'level', 'key', 'month'].includes(k) && Number(v) !== 0))
    .map((r) => ({ ...r, month: String(r.month).slice(0, 10) }))
    .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) && k !== 'key' ? Number(v) : v]))));
}

async function problem(cellKey: string | null, unitId: number | null, ticket: string) {
  return (
    await rt.db
      .insertInto('grid_problems')
      .values({
        tenant_id: t.tenantId,
        ticket,
        source: 'grid',
        category_id: category,
        urgency: 'normal',
        title: ticket,
        status: 'dispatched',
        hold_level: 'cell',
        hold_since: '2026-11-02T01:00:00Z',
        reported_at: '2026-11-02T01:00:00Z',
        cell_id: cellKey ? (cell[cellKey] ?? null) : null,
        dispatched_unit_id: unitId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

async function close(id: string, o: { at: string; level: 'cell' | 'community' | 'street' | 'district'; onTime: boolean; rework?: number; extension?: number; minutes: [string, number][] }) {
  await rt.db.transaction().execute(async (trx) => {
    let start = new Date('2026-11-02T01:00:00Z').getTime();
    for (const [level, minutes] of o.minutes) {
      const end = start + 3600_000;
      await trx
        .insertInto('grid_level_holds')
        .values({ tenant_id: t.tenantId, problem_id: id, hold_level: level as 'cell', started_at: new Date(start), ended_at: new Date(end), working_minutes: minutes, left_by: 'escalated' })
        .execute();
      start = end;
    }
    await trx
      .updateTable('grid_problems')
      .set({ status: 'closed', closed_at: o.at, resolved_level: o.level, rework_count: o.rework ?? 0, extension_count: o.extension ?? 0 })
      .where('id', '=', id)
      .execute();
    await recordProblemClosed(trx, t.tenantId, id, o.onTime);
  });
}

describe('grid statistics (rollup kept by the application)', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt, 't1');
    app = await testApp(rt);
    dcb = await login(app, 't1dcb');
    const add = async (key: string, level: number, code: string, name: string, parent: string | null) => {
      cell[key] = (
        await rt.db
          .insertInto('grid_cells')
          .values({ tenant_id: t.tenantId, level, code, name, parent_id: parent ? (cell[parent] ?? null) : null, valid_from: '2026-01-01' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    };
    await add('s1', 1, '410103001000000', '淮河路街道', null);
    await add('s2', 1, '410103002000000', '解放路街道', null);
    await add('c11', 2, '410103001001000', '兴华社区', 's1');
    await add('c21', 2, '410103002001000', '解放社区', 's2');
    await add('g111', 3, '410103001001001', '第一网格', 'c11');
    await add('g112', 3, '410103001001002', '第二网格', 'c11');
    await add('g211', 3, '410103002001001', '第一网格', 'c21');
    category = (await rt.db.insertInto('grid_categories').values({ tenant_id: t.tenantId, kind: 'event', code: 'E01', name: '暴露垃圾' }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('counts closings, ratings and reopenings as the set-based rebuild does', async () => {
    const p1 = await problem('g111', t.units.housing, 'P1');
    const p2 = await problem('g112', t.units.housing, 'P2');
    const p3 = await problem('g211', t.units.edu, 'P3');
    const p4 = await problem(null, null, 'P4');
    const p5 = await problem('g211', null, 'P5');
    await close(p1, { at: '2026-11-03T02:00:00Z', level: 'cell', onTime: true, minutes: [['cell', 30]] });
    await close(p2, { at: '2026-11-30T17:00:00Z', level: 'community', onTime: false, rework: 1, minutes: [['cell', 60], ['community', 120]] }); // 12-01 in Shanghai
    await close(p3, { at: '2026-11-10T02:00:00Z', level: 'district', onTime: true, extension: 1, minutes: [['cell', 10], ['community', 20], ['street', 30], ['district', 40]] });
    await close(p4, { at: '2026-11-10T02:00:00Z', level: 'district', onTime: true, minutes: [['district', 100]] });
    // 回访: satisfied on P1, unsatisfied on P3 which then reopens (its closing no longer counts).
    await rt.db.transaction().execute((trx) => trackProblemStats(trx, t.tenantId, p1, () => trx.updateTable('grid_problems').set({ rating: 'satisfied' }).where('id', '=', p1).execute()));
    await rt.db.transaction().execute((trx) => trackProblemStats(trx, t.tenantId, p3, () => trx.updateTable('grid_problems').set({ rating: 'unsatisfied' }).where('id', '=', p3).execute()));
    await rt.db.transaction().execute((trx) =>
      trackProblemStats(trx, t.tenantId, p3, () => trx.updateTable('grid_problems').set({ closed_at: null, closed_on_time: null, status: 'rework', reopen_count: 1 }).where('id', '=', p3).execute()),
    );
    // A merged duplicate never counts.
    await rt.db.transaction().execute((trx) =>
      trackProblemStats(trx, t.tenantId, p5, () => trx.updateTable('grid_problems').set({ closed_at: '2026-11-11T02:00:00Z', status: 'merged', merged_into_id: p1 }).where('id', '=', p5).execute()),
    );
    const incremental = await rollup();
    await rebuildGridStats(rt.db, t.tenantId);
    expect(await rollup()).toEqual(incremental);
    expect(incremental.length).toBeGreaterThan(5);
  });

  it('answers by street, by community and by department with the published rates', async () => {
    const get = (q: string) => app.inject({ url: `/api/grid/stats?${q}`, headers: as(dcb) });
    const streets = (await get('from=2026-11&to=2026-12&dim=street')).json();
    expect(streets.total).toMatchObject({ closed: 3, onTimeRate: 66.7, lowLevelRate: 66.7, reworkRate: 33.3, satisfactionRate: 100, rated: 1 });
    expect(streets.open).toBe(1); // P3 reopened
    expect(streets.rows.map((r: { name: string; rates: { closed: number }; open: number }) => [r.name, r.rates.closed, r.open])).toEqual([
      ['淮河路街道', 2, 0],
      ['解放路街道', 0, 1],
    ]);
    const nov = (await get('from=2026-11&to=2026-11&dim=street')).json();
    expect(nov.rows[0].rates).toMatchObject({ closed: 1, meanMinutes: { cell: 30 } });
    const communities = (await get(`from=2026-11&to=2026-12&dim=community&parentId=${cell.s1}`)).json();
    expect(communities.total.closed).toBe(2);
    expect(communities.rows).toHaveLength(1);
    expect(communities.rows[0]).toMatchObject({ name: '兴华社区', cellId: cell.c11, rates: { closed: 2, meanMinutes: { cell: 45, community: 120 } } });
    const cells = (await get(`from=2026-11&to=2026-12&dim=cell&parentId=${cell.c11}`)).json();
    expect(cells.rows.map((r: { key: string }) => r.key)).toEqual(['410103001001001', '410103001001002']);
    const units = (await get('from=2026-11&to=2026-12&dim=unit')).json();
    expect(units.rows.map((r: { name: string; rates: { closed: number }; open: number }) => [r.name, r.rates.closed, r.open])).toEqual([
      ['区住建局', 2, 0],
      ['区教育局', 0, 1],
    ]);
    const noParent = await get('from=2026-11&to=2026-12&dim=cell');
    expect(noParent.statusCode).toBe(400);
    expect(noParent.json().message).toContain('请先选择街道或社区');
    expect((await get('from=2026-12&to=2026-11&dim=street')).statusCode).toBe(400);
    const overview = (await app.inject({ url: '/api/grid/overview?from=2026-11&to=2026-12', headers: as(dcb) })).json();
    expect(overview).toMatchObject({ open: 1, cells: 3, total: { closed: 3 } });
    expect(overview.monthly.map((m: { month: string; closed: number }) => [m.month, m.closed])).toEqual([
      ['2026-11', 2],
      ['2026-12', 1],
    ]);
  });

  it('counts open problems per node of one level in SQL as the map adds them up', async () => {
    // Open ones in a cell, directly in a community, in none, and one past its level's deadline.
    await problem('g112', null, 'O1');
    await problem('c21', null, 'O2');
    await problem(null, null, 'O3');
    const late = await problem('g111', null, 'O4');
    await rt.db.updateTable('grid_problems').set({ hold_deadline: '2026-11-02T02:00:00Z' }).where('id', '=', late).execute();
    const now = new Date('2026-12-07T00:00:00Z');
    const all = await openCountsByNode(rt.db, t.tenantId, now);
    const cells = await rt.db.selectFrom('grid_cells').select(['code', 'level']).where('tenant_id', '=', t.tenantId).execute();
    for (const level of [1, 2, 3]) {
      const at = await openCountsAt(rt.db, t.tenantId, now, level);
      expect(at.total).toEqual(all.total);
      for (const c of cells.filter((x) => x.level === level)) expect(at.byCode.get(c.code) ?? { open: 0, overdue: 0 }, `${level} ${c.code}`).toEqual(openOf(all, level, c.code));
      for (const parent of cells.filter((x) => x.level < level)) {
        const within = await openCountsAt(rt.db, t.tenantId, now, level, { code: parent.code, level: parent.level, ...gridCodeRange(parent.code, parent.level) });
        expect(within.total, `${parent.code}`).toEqual(openOf(all, parent.level, parent.code));
        for (const [code, n] of within.byCode) expect(n).toEqual(openOf(all, level, code));
      }
    }
    expect(all.total).toEqual({ open: 5, overdue: 1 }); // P3 reopened, O1–O4
  });

  it('counts open problems without the escalation index, which the escalation can still use', async () => {
    // Plans, not timings: with the table scans off, the planner must still find the open counts a way that is not
    // grid_problems_due_idx (a partial index on the deadline being set, which a count of all open problems does not
    // imply), however cheap the table's layout makes that index look; the escalation's due query keeps it.
    const indexes = (plan: unknown): string[] =>
      Array.isArray(plan)
        ? plan.flatMap(indexes)
        : plan && typeof plan === 'object'
          ? Object.entries(plan).flatMap(([k, v]) => (k === 'Index Name' ? [String(v)] : indexes(v)))
          : [];
    const explain = (q: RawBuilder<unknown>) =>
      rt.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_bitmapscan = off`.execute(trx);
        await sql`set local enable_indexonlyscan = off`.execute(trx);
        const r = await sql<Record<string, unknown>>`explain (format json) ${q}`.execute(trx);
        return indexes(Object.values(r.rows[0] ?? {})[0]);
      });
    const now = new Date('2026-12-07T00:00:00Z');
    const due = await explain(sql`select id from grid_problems where closed_at is null and hold_deadline <= ${now} order by hold_deadline limit 1`);
    expect(due).toEqual(['grid_problems_due_idx']);
    for (const level of [1, 2, 3]) expect(await explain(openCountsSql(t.tenantId, now, level))).not.toContain(due[0]);
  });
});
