import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../../../test/files-fixtures';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
let dcb: Session;

async function workbook(cells: string[][], staff: string[][]): Promise<Buffer> {
  const res = await app.inject({ url: '/api/grid/import/template.xlsx', headers: as(dcb) });
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const fill = (name: string, rows: string[][]) => {
    const ws = wb.getWorksheet(name)!;
    for (const r of rows) ws.addRow(r);
  };
  fill('网格', cells);
  fill('网格人员', staff);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (url: string, file: Buffer, name: string, type: string) => app.inject({ method: 'POST', url, ...multipartBody(as(dcb), file, name, type) });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const square = (x0: number, y0: number, s: number) => ({ type: 'Polygon', coordinates: [[[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]]] });

describe('grid import (Excel tree and staff, GeoJSON polygons), all or nothing', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt, 't1');
    app = await testApp(rt);
    dcb = await login(app, 't1dcb');
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  const tree = [
    ['410103006000000', '五里堡街道', '', '五里堡街道办事处', ''],
    ['410103006001000', '幸福社区', '', '', ''],
    ['410103006001001', '第一网格', '410103006001000', '', ''],
    ['410103006001002', '第二网格', '', '', '2026-11-01'],
  ];

  it('names every bad row and imports nothing', async () => {
    const file = await workbook(
      [...tree, ['41010300600100', '短编码', '', '', ''], ['410103007001001', '无上级', '', '', ''], ['410103006001003', '', '', '不存在的单位', '2026/11/01']],
      [
        ['410103006001001', '承办人小李', '网格长', '13800000004', '', ''],
        ['410103006001001', '联络员小张', '网格长', '13800000003', '', ''],
        ['410103006001009', '承办人小李', '网格员', '13800000004', '', ''],
        ['410103006001002', '王五', '网格员', '', '五里堡街道办事处', ''],
        ['410103006001002', '承办人小李', '组长', '13800000004', '', ''],
      ],
    );
    const res = await upload('/api/grid/import', file, 'grid.xlsx', XLSX);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('import_failed');
    const issues = res.json().details.issues.map((i: { sheet: string; row: number; column: string; message: string }) => `${i.sheet}${i.row}${i.column}:${i.message}`);
    expect(issues).toEqual([
      '网格6网格编码:编码应为 15 位数字（6 位区县代码 + 3 位街道 + 3 位社区 + 3 位网格序号），“41010300600100”不符合',
      '网格8网格名称:不能为空',
      '网格8所属单位:“不存在的单位”不在组织架构中',
      '网格8生效日期:“2026/11/01”应为 YYYY-MM-DD 格式的日期',
      '网格7上级网格编码:上级网格“410103007001000”不存在（须已在系统中，或在本表中）',
      '网格人员3职责:网格“410103006001001”在本表第 2 行已有网格长，每个网格一名网格长',
      '网格人员4网格编码:网格“410103006001009”不存在（须已在系统中，或在“网格”表中）',
      '网格人员5所属单位:“五里堡街道办事处”中没有名为“王五”的人员',
      '网格人员6职责:“组长”不是有效的职责，可填：网格长、网格员、监督员',
    ]);
    expect(await rt.db.selectFrom('grid_cells').select('id').execute()).toEqual([]);
  });

  it('imports the tree and staff, and importing it again changes nothing', async () => {
    const file = await workbook(tree, [
      ['410103006001001', '承办人小李', '网格长', '13800000004', '', ''],
      ['410103006001001', '联络员小张', '网格员', '', '五里堡街道办事处', ''],
      ['410103006001002', 't1liaison', '监督员', '', '', 't1liaison'],
    ]);
    const res = await upload('/api/grid/import', file, 'grid.xlsx', XLSX);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ cells: { created: 4, updated: 0 }, staff: { added: 3, unchanged: 0 } });
    const again = await upload('/api/grid/import', file, 'grid.xlsx', XLSX);
    expect(again.json()).toEqual({ cells: { created: 0, updated: 4 }, staff: { added: 0, unchanged: 3 } });
    const cells = await rt.db.selectFrom('grid_cells').select(['code', 'level', 'parent_id', 'id', 'valid_from']).orderBy('code').execute();
    expect(cells.map((c) => [c.code, c.level, c.valid_from])).toEqual([
      ['410103006000000', 1, '2026-11-20'],
      ['410103006001000', 2, '2026-11-20'],
      ['410103006001001', 3, '2026-11-20'],
      ['410103006001002', 3, '2026-11-01'],
    ]);
    expect(cells[2]?.parent_id).toBe(cells[1]?.id);
    const leader = await app.inject({ url: `/api/grid/cells/${cells[2]?.id}`, headers: as(dcb) });
    expect(leader.json()).toMatchObject({ leaderName: '承办人小李', staffCount: 2 });
  });

  it('imports polygons from GeoJSON by code, all or nothing, and re-draws a changed one as a new version', async () => {
    const fc = (features: unknown[]) => Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }));
    const f = (code: string | null, geometry: unknown) => ({ type: 'Feature', properties: code ? { code } : { name: 'x' }, geometry });
    const bad = await upload(
      '/api/grid/import/polygons',
      fc([f('410103006001001', square(113.6, 34.7, 0.01)), f('410103006009001', square(113.61, 34.7, 0.01)), f(null, square(113.6, 34.7, 0.01)), f('410103006001002', { type: 'Point', coordinates: [113.6, 34.7] })]),
      'grid.geojson',
      'application/geo+json',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues.map((i: { feature: number }) => i.feature)).toEqual([2, 3, 4]);
    expect(bad.json().message).toContain('第 2 个要素（410103006009001）：系统中没有该编码的当前网格');
    expect((await upload('/api/grid/import/polygons', Buffer.from('{"type":'), 'x.json', 'application/json')).json().error).toBe('grid_geojson_invalid');

    const ok = await upload('/api/grid/import/polygons', fc([f('410103006001001', square(113.6, 34.7, 0.01)), f('410103006001002', square(113.61, 34.7, 0.01))]), 'grid.geojson', 'application/geo+json');
    expect(ok.json()).toEqual({ matched: 2, updated: 2, redrawn: 0, unchanged: 0 });
    const a = await app.inject({ method: 'POST', url: '/api/grid/assign', headers: as(dcb), payload: { lon: 113.615, lat: 34.705 } });
    expect(a.json().cell.code).toBe('410103006001002');
    // 第二网格 has been current since 11-01: a new outline opens a new version from today.
    const moved = await upload('/api/grid/import/polygons', fc([f('410103006001001', square(113.6, 34.7, 0.01)), f('410103006001002', square(113.61, 34.7, 0.02))]), 'grid.geojson', 'application/geo+json');
    expect(moved.json()).toEqual({ matched: 2, updated: 0, redrawn: 1, unchanged: 1 });
    const versions = await rt.db.selectFrom('grid_cells').select(['valid_from', 'valid_to', 'previous_id']).where('code', '=', '410103006001002').orderBy('id').execute();
    expect(versions.map((v) => [v.valid_from, v.valid_to, v.previous_id !== null])).toEqual([
      ['2026-11-01', '2026-11-20', false],
      ['2026-11-20', null, true],
    ]);
    const sup = await rt.db.selectFrom('grid_staff as s').innerJoin('grid_cells as c', 'c.id', 's.cell_id').select(['c.valid_to', 's.valid_to as staff_to']).where('c.code', '=', '410103006001002').execute();
    expect(sup.map((x) => [x.valid_to, x.staff_to])).toEqual([
      ['2026-11-20', '2026-11-20'],
      [null, null],
    ]);
    expect(t.tenantId).toBeGreaterThan(0);
  });
});
