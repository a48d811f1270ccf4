import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { seedGrid } from './grid.fixtures';
import { recordProblemClosed } from './grid-stats';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
let g: Awaited<ReturnType<typeof seedGrid>>;
const s: Record<string, Session> = {};

async function problem(ticket: string, cellId: number | null, unitId: number | null, closeAt?: string) {
  const id = (
    await rt.db
      .insertInto('grid_problems')
      .values({
        tenant_id: t.tenantId,
        ticket,
        source: 'grid',
        category_id: g.cat('SJ0101'),
        urgency: 'normal',
        title: ticket,
        status: 'dispatched',
        hold_level: 'cell',
        hold_since: '2026-11-02T01:00:00Z',
        reported_at: '2026-11-02T01:00:00Z',
        cell_id: cellId,
        dispatched_unit_id: unitId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  if (closeAt) {
    await rt.db.transaction().execute(async (trx) => {
      await trx.updateTable('grid_problems').set({ status: 'closed', closed_at: closeAt, resolved_level: 'cell' }).where('id', '=', id).execute();
      await recordProblemClosed(trx, t.tenantId, id, true);
    });
  }
  return id;
}

const get = async (who: string, url: string) => {
  const r = await app.inject({ url, headers: as(s[who]!) });
  return { status: r.statusCode, body: r.json() };
};
const stats = (who: string, q: string) => get(who, `/api/grid/stats?from=2026-11&to=2026-11&${q}`);
const names = (rows: { name: string }[]) => rows.map((r) => r.name);

describe('map and statistics in the grid data scope (SQL), per role', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-11-20T02:00:00Z' });
    t = await seedTenant(rt);
    g = await seedGrid(rt, t);
    app = await testApp(rt);
    for (const u of ['t1dcb', 't1shuji', 't1grida', 't1sqgrid', 't1liaison', 't1hliaison']) s[u] = await login(app, u);
    const { cellA, cellB } = g.cells;
    await problem('A-closed', cellA, null, '2026-11-10T02:00:00Z');
    await problem('B-closed', cellB, null, '2026-11-11T02:00:00Z');
    await problem('A-open', cellA, null);
    await problem('B-housing-open', cellB, t.units.housing);
    await problem('A-housing-closed', cellA, t.units.housing, '2026-11-12T02:00:00Z');
    await problem('nowhere-open', null, null);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('the district (督查办, 区领导) sees everything', async () => {
    for (const who of ['t1dcb', 't1shuji']) {
      const map = await get(who, '/api/grid/map');
      expect(map.status).toBe(200);
      expect(map.body).toMatchObject({ open: 3, unassigned: 1, scopeNote: null });
      expect(map.body.features.map((f: { id: number; open: number }) => [f.id, f.open])).toEqual([[g.cells.street, 2]]);
      const st = await stats(who, 'dim=street');
      expect(st.body.total.closed).toBe(3);
      expect(st.body.open).toBe(3);
    }
  });

  it('a 网格长 sees their own cell only, and cannot open the community or a neighbour', async () => {
    const map = await get('t1grida', '/api/grid/map');
    expect(map.status).toBe(200);
    expect(map.body.features.map((f: { id: number; open: number }) => [f.id, f.open])).toEqual([[g.cells.cellA, 1]]);
    expect(map.body).toMatchObject({ open: 1, unassigned: 0, levelName: '网格' });
    expect(map.body.scopeNote).toContain('第一网格');
    expect((await get('t1grida', `/api/grid/map?parentId=${g.cells.street}`)).status).toBe(404);
    expect((await get('t1grida', `/api/grid/cells/${g.cells.cellB}/problems`)).status).toBe(404);
    const mine = await get('t1grida', `/api/grid/cells/${g.cells.cellA}/problems`);
    expect(mine.body.items.map((p: { ticket: string }) => p.ticket)).toEqual(['A-open']);
    const st = await stats('t1grida', 'dim=cell');
    expect(st.status).toBe(200);
    expect(names(st.body.rows)).toEqual(['第一网格']);
    expect(st.body.total.closed).toBe(2);
    expect((await stats('t1grida', `dim=cell&parentId=${g.cells.community}`)).status).toBe(404);
    const cat = await stats('t1grida', 'dim=category');
    expect(cat.body.rows.reduce((n: number, r: { rates: { closed: number } }) => n + r.rates.closed, 0)).toBe(2);
    const ov = await get('t1grida', '/api/grid/overview?from=2026-11&to=2026-11');
    expect(ov.body).toMatchObject({ cells: 1, open: 1 });
    expect(ov.body.total.closed).toBe(2);
  });

  it('a community sees its cells; a street office (its unit) its whole branch', async () => {
    const map = await get('t1sqgrid', '/api/grid/map');
    expect(map.body.features.map((f: { id: number; open: number }) => [f.id, f.open])).toEqual([[g.cells.community, 2]]);
    const down = await get('t1sqgrid', `/api/grid/map?parentId=${g.cells.community}`);
    expect(down.body.features.map((f: { id: number; open: number }) => [f.id, f.open])).toEqual([
      [g.cells.cellA, 1],
      [g.cells.cellB, 1],
    ]);
    expect(down.body.path.map((p: { id: number }) => p.id)).toEqual([g.cells.community]);
    const st = await stats('t1sqgrid', `dim=cell&parentId=${g.cells.community}`);
    expect(names(st.body.rows)).toEqual(['第一网格', '第二网格']);
    expect(st.body.total.closed).toBe(3);
    const street = await get('t1liaison', '/api/grid/map');
    expect(street.body.features.map((f: { id: number; open: number }) => [f.id, f.open])).toEqual([[g.cells.street, 2]]);
    expect((await stats('t1liaison', 'dim=community')).body.total.closed).toBe(3);
  });

  it('a department (条) sees the tree counted over what was dispatched to it', async () => {
    const map = await get('t1hliaison', '/api/grid/map');
    expect(map.status).toBe(200);
    expect(map.body.features.map((f: { id: number; open: number }) => [f.id, f.open])).toEqual([[g.cells.street, 1]]);
    expect(map.body).toMatchObject({ open: 1, unassigned: 0 });
    const probs = await get('t1hliaison', `/api/grid/cells/${g.cells.street}/problems?open=false`);
    expect(probs.body.items.map((p: { ticket: string }) => p.ticket).sort()).toEqual(['A-housing-closed', 'B-housing-open']);
    const units = await stats('t1hliaison', 'dim=unit');
    expect(units.body.rows.map((r: { key: string; rates: { closed: number }; open: number }) => [Number(r.key), r.rates.closed, r.open])).toEqual([[t.units.housing, 1, 1]]);
    const streets = await stats('t1hliaison', 'dim=street');
    expect(streets.body.rows.map((r: { rates: { closed: number } }) => r.rates.closed)).toEqual([1]);
    expect(streets.body.total.closed).toBe(1);
  });
});
