import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};

const square = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => app.inject({ method, url, headers: as(s[who]!), ...(payload === undefined ? {} : { payload: payload as object }) });

describe('grid cells (网格): tree, codes, polygons, staff, history', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt, 't1');
    await seedTenant(rt, 't2');
    app = await testApp(rt);
    for (const u of ['t1dcb', 't1shuji', 't1handler', 't1admin', 't2dcb']) s[u] = await login(app, u);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  let street: number;
  let community: number;
  let cellA: number;
  let cellB: number;

  it('has the default level names and lets the office rename them', async () => {
    const r = await call('t1handler', 'GET', '/api/grid/levels');
    expect(r.json().items).toEqual([
      { level: 1, name: '街道/乡镇' },
      { level: 2, name: '社区/村' },
      { level: 3, name: '网格' },
    ]);
    const bad = await call('t1dcb', 'PUT', '/api/grid/levels', { levels: [{ level: 1, name: '街道' }, { level: 3, name: '网格' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('连续');
    const ok = await call('t1dcb', 'PUT', '/api/grid/levels', { levels: [{ level: 1, name: '街道' }, { level: 2, name: '社区' }, { level: 3, name: '楼院网格' }] });
    expect(ok.statusCode).toBe(200);
    expect((await call('t1handler', 'PUT', '/api/grid/levels', { levels: [{ level: 1, name: '街道' }] })).statusCode).toBe(403);
  });

  it('builds the tree with standard codes, checking each against its parent', async () => {
    const st = await call('t1dcb', 'POST', '/api/grid/cells', { level: 1, code: '410103006000000', name: '五里堡街道', unitId: t.units.street, polygon: square(113.6, 34.7, 113.62, 34.72) });
    expect(st.statusCode).toBe(200);
    street = st.json().id;
    expect(st.json()).toMatchObject({ level: 1, unitName: '五里堡街道办事处', hasPolygon: true, validFrom: '2026-11-20', nextChildCode: '410103006001000' });
    expect(st.json().areaM2).toBeGreaterThan(3_000_000);
    expect(st.json().bbox).toEqual([113.6, 34.7, 113.62, 34.72]);

    const wrongPrefix = await call('t1dcb', 'POST', '/api/grid/cells', { parentId: street, level: 2, code: '410103007001000', name: '错社区' });
    expect(wrongPrefix.statusCode).toBe(400);
    expect(wrongPrefix.json()).toMatchObject({ error: 'grid_cell_code_invalid', message: '编码“410103007001000”应以上级网格编码的前 9 位“410103006”开头' });
    const wrongLevel = await call('t1dcb', 'POST', '/api/grid/cells', { parentId: street, level: 3, code: '410103006001001', name: '跳级' });
    expect(wrongLevel.json().error).toBe('grid_cell_parent_invalid');
    const noParent = await call('t1dcb', 'POST', '/api/grid/cells', { level: 2, code: '410103006001000', name: '无上级' });
    expect(noParent.json().error).toBe('grid_cell_parent_invalid');
    const badPolygon = await call('t1dcb', 'POST', '/api/grid/cells', { parentId: street, level: 2, code: '410103006001000', name: '幸福社区', polygon: { type: 'Polygon', coordinates: [[[113.6, 34.7], [113.61, 34.7], [113.61, 34.71], [113.6, 34.72]]] } });
    expect(badPolygon.statusCode).toBe(400);
    expect(badPolygon.json().message).toContain('闭合');

    const c = await call('t1dcb', 'POST', '/api/grid/cells', { parentId: street, level: 2, code: '410103006001000', name: '幸福社区', polygon: square(113.6, 34.7, 113.62, 34.71) });
    community = c.json().id;
    const a = await call('t1dcb', 'POST', '/api/grid/cells', { parentId: community, level: 3, code: '410103006001001', name: '第一网格', polygon: square(113.6, 34.7, 113.61, 34.71) });
    const b = await call('t1dcb', 'POST', '/api/grid/cells', { parentId: community, level: 3, code: '410103006001002', name: '第二网格', polygon: square(113.61, 34.7, 113.62, 34.71) });
    cellA = a.json().id;
    cellB = b.json().id;
    const dup = await call('t1dcb', 'POST', '/api/grid/cells', { parentId: community, level: 3, code: '410103006001002', name: '重复' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toBe('grid_cell_code_taken');

    const roots = await call('t1handler', 'GET', '/api/grid/cells');
    expect(roots.json().items.map((x: { name: string; children: number }) => [x.name, x.children])).toEqual([['五里堡街道', 1]]);
    const kids = await call('t1handler', 'GET', `/api/grid/cells?parentId=${community}`);
    expect(kids.json().items.map((x: { code: string }) => x.code)).toEqual(['410103006001001', '410103006001002']);
    const found = await call('t1handler', 'GET', '/api/grid/cells?q=第二');
    expect(found.json().items).toHaveLength(1);
    // Another tenant sees none of it.
    expect((await call('t2dcb', 'GET', `/api/grid/cells/${cellA}`)).statusCode).toBe(404);
    expect((await call('t2dcb', 'GET', '/api/grid/cells')).json().items).toEqual([]);
    const trace = await rt.db.selectFrom('trace').select('action').where('entity_type', '=', 'grid_cell').execute();
    expect(trace.filter((x) => x.action === 'grid.cell_create')).toHaveLength(4);
  });

  it('explains where a point goes, on the border by code order, outside to the district', async () => {
    const inside = await call('t1handler', 'POST', '/api/grid/assign', { lon: 113.605, lat: 34.705 });
    expect(inside.json()).toMatchObject({ cellId: cellA, place: 'inside', note: '位于五里堡街道幸福社区第一网格内' });
    const border = await call('t1handler', 'POST', '/api/grid/assign', { lon: 113.61, lat: 34.705 });
    expect(border.json()).toMatchObject({ cellId: cellA, place: 'border' });
    expect(border.json().note).toContain('按编码顺序归入五里堡街道幸福社区第一网格');
    expect(border.json().otherCandidates.map((o: { id: number }) => o.id)).toEqual([cellB]);
    const outside = await call('t1handler', 'POST', '/api/grid/assign', { lon: 114, lat: 35 });
    expect(outside.json()).toMatchObject({ cellId: null, place: 'outside', note: '不在任何网格内，转区级受理' });
    expect((await call('t1handler', 'POST', '/api/grid/assign', { lon: 200, lat: 35 })).statusCode).toBe(400);
    expect((await call('t1shuji', 'POST', '/api/grid/assign', { lon: 113.6, lat: 34.7 })).statusCode).toBe(403);
  });

  it('puts 网格长 and members on a cell; a new 网格长 replaces the old one', async () => {
    const add = (personId: number, duty: string) => call('t1dcb', 'POST', `/api/grid/cells/${cellA}/staff`, { personId, duty });
    expect((await add(t.people.handler, 'leader')).statusCode).toBe(200);
    // The phone page's "my cells": the cells the signed-in person serves on now.
    expect((await call('t1handler', 'GET', '/api/grid/cells?mine=true')).json().items.map((c: { id: number }) => c.id)).toEqual([cellA]);
    expect((await call('t1dcb', 'GET', '/api/grid/cells?mine=true')).json().items).toEqual([]);
    expect((await add(t.people.liaison, 'member')).statusCode).toBe(200);
    expect((await add(t.people.liaison, 'member')).json().error).toBe('grid_staff_duplicate');
    const replaced = await add(t.people.head, 'leader');
    expect(replaced.json().items.map((x: { name: string; dutyLabel: string }) => `${x.dutyLabel}:${x.name}`)).toEqual(['网格长:街道书记', '网格员:联络员小张']);
    const member = replaced.json().items.find((x: { duty: string }) => x.duty === 'member');
    const ended = await call('t1dcb', 'POST', `/api/grid/staff/${member.id}/end`, {});
    expect(ended.json().items).toHaveLength(1);
    expect((await call('t1dcb', 'POST', `/api/grid/staff/${member.id}/end`, {})).json().error).toBe('grid_staff_not_found');
    const detail = await call('t1handler', 'GET', `/api/grid/cells/${cellA}`);
    expect(detail.json()).toMatchObject({ leaderName: '街道书记', staffCount: 1 });
    expect(detail.json().staff).toHaveLength(3); // with the history of who served
    expect((await call('t1handler', 'GET', '/api/grid/cells?mine=true')).json().items).toEqual([]);
    expect(detail.json().path.map((p: { name: string }) => p.name)).toEqual(['五里堡街道', '幸福社区', '第一网格']);
  });

  it('re-draws a cell as a new version; problems keep the old one and the history shows both', async () => {
    const cat = await rt.db.insertInto('grid_categories').values({ tenant_id: t.tenantId, kind: 'event', code: 'T01', name: '暴露垃圾' }).returning('id').executeTakeFirstOrThrow();
    const problem = await rt.db
      .insertInto('grid_problems')
      .values({ tenant_id: t.tenantId, ticket: 'W1', source: 'grid', category_id: cat.id, urgency: 'normal', title: '垃圾', status: 'dispatched', hold_level: 'cell', hold_since: rt.clock.now(), reported_at: rt.clock.now(), cell_id: cellA })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Same day: a correction, in place.
    const same = await call('t1dcb', 'PUT', `/api/grid/cells/${cellA}`, { polygon: square(113.6, 34.7, 113.609, 34.71) });
    expect(same.json().id).toBe(cellA);
    const early = await call('t1dcb', 'PUT', `/api/grid/cells/${cellA}`, { polygon: square(113.6, 34.7, 113.61, 34.71), validFrom: '2026-11-01' });
    expect(early.json().error).toBe('grid_cell_date_invalid');
    const redrawn = await call('t1dcb', 'PUT', `/api/grid/cells/${cellA}`, { polygon: square(113.6, 34.7, 113.61, 34.71), validFrom: '2026-12-01' });
    expect(redrawn.statusCode).toBe(200);
    const newId = redrawn.json().id;
    expect(newId).not.toBe(cellA);
    expect(redrawn.json().history.map((h: { id: number; validTo: string | null }) => [h.id, h.validTo])).toEqual([
      [newId, null],
      [cellA, '2026-12-01'],
    ]);
    expect(redrawn.json()).toMatchObject({ leaderName: '街道书记', validFrom: '2026-12-01' });
    const p = await rt.db.selectFrom('grid_problems').select('cell_id').where('id', '=', problem.id).executeTakeFirstOrThrow();
    expect(p.cell_id).toBe(cellA);
    // The point index follows the new version.
    expect((await call('t1handler', 'POST', '/api/grid/assign', { lon: 113.605, lat: 34.705 })).json().cellId).toBe(newId);
    expect((await call('t1dcb', 'GET', `/api/grid/cells/${cellA}`)).json().validTo).toBe('2026-12-01');
    // The map and the cell's problem list still count the old version's problem in the branch.
    const map = await call('t1dcb', 'GET', `/api/grid/map?parentId=${community}`);
    expect(map.json().features.map((f: { code: string; open: number }) => [f.code, f.open])).toEqual([
      ['410103006001001', 1],
      ['410103006001002', 0],
    ]);
    expect((await call('t1dcb', 'GET', '/api/grid/map')).json()).toMatchObject({ open: 1, unassigned: 0, levelName: '街道' });
    const list = await call('t1dcb', 'GET', `/api/grid/cells/${street}/problems`);
    expect(list.json().items.map((x: { ticket: string }) => x.ticket)).toEqual(['W1']);
    // The street's handler sees the map in their grid scope (their street's cells, where W1 is): no longer a 403.
    const theirs = await call('t1handler', 'GET', '/api/grid/map');
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json()).toMatchObject({ open: 1 });
    cellA = newId;
  });

  it('refuses to close a cell with children or to re-code a parent, and closes a leaf', async () => {
    expect((await call('t1dcb', 'POST', `/api/grid/cells/${community}/close`, { reason: '合并' })).json().error).toBe('grid_cell_has_children');
    expect((await call('t1dcb', 'PUT', `/api/grid/cells/${community}`, { code: '410103006002000' })).json().error).toBe('grid_cell_has_children');
    const closed = await call('t1dcb', 'POST', `/api/grid/cells/${cellB}/close`, { reason: '并入第一网格', validTo: '2026-12-01' });
    expect(closed.statusCode).toBe(200);
    expect((await call('t1handler', 'GET', `/api/grid/cells?parentId=${community}`)).json().items).toHaveLength(1);
    expect((await call('t1admin', 'POST', `/api/grid/cells/${cellA}/close`, { reason: 'x' })).statusCode).toBe(403);
  });
});
