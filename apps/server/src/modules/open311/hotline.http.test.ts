import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../../../test/files-fixtures';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { seedGrid } from '../grid/grid.fixtures';
import { csvText } from './hotline-csv';

let rt: TestRuntime;
let app: FastifyInstance;
let g: Awaited<ReturnType<typeof seedGrid>>;
let dcb: Session;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(rows: string[][]): Promise<Buffer> {
  const res = await app.inject({ url: '/api/grid/hotline/template.xlsx', headers: as(dcb) });
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('12345工单')!;
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (file: Buffer, name = 'orders.xlsx', type = XLSX) => app.inject({ method: 'POST', url: '/api/grid/hotline/import', ...multipartBody(as(dcb), file, name, type) });
const problems = () => rt.db.selectFrom('grid_problems').select(['id', 'source', 'source_ref', 'reported_at', 'urgency', 'cell_id', 'reporter_name']).where('source', '=', 'hotline').orderBy('id').execute();

beforeAll(async () => {
  rt = await createTestRuntime({ at: '2026-11-18T02:00:00Z' });
  const t = await seedTenant(rt);
  g = await seedGrid(rt, t);
  app = await testApp(rt);
  dcb = await login(app, 't1dcb');
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

// 工单编号, 来电时间, 诉求类别, 诉求内容, 问题地址, 经度, 纬度, 来电人, 联系电话, 紧急程度
const good = () => [
  ['ZZ12345-0001', '2026-11-17 09:30', 'SJ0304', '工人路路面破损，电动车容易摔倒', '工人路 12 号', String(g.points.a.lon), String(g.points.a.lat), '王女士', '13812345678', '紧急'],
  ['ZZ12345-0002', '2026/11/17 14:05', '暴露垃圾', '小区门口垃圾三天没人清运', '幸福路 8 号', '', '', '', '', ''],
];

describe('12345 hotline import', () => {
  it('names every bad row in Chinese and imports nothing', async () => {
    const res = await upload(
      await workbook([
        ...good(),
        ['ZZ12345-0001', '2026-11-17 10:00', 'SJ0304', '重复编号', '某路', '', '', '', '', ''],
        ['ZZ12345-0004', '昨天上午', '不存在的类别', '', '', '', '', '', '555-1234', '很急'],
        ['ZZ12345-0005', '', 'SJ0101', '经纬度只有一个', '', '113.6', '', '', '', ''],
        ['ZZ12345-0006', '', 'SJ0101', '定位在北京', '', String(g.points.far.lon), String(g.points.far.lat), '', '', ''],
      ]),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('import_failed');
    const issues = res.json().details.issues.map((i: { row: number; column: string; message: string }) => `${i.row}${i.column}:${i.message}`);
    expect(issues).toEqual([
      '4工单编号:与本表第 2 行重复：ZZ12345-0001',
      '5来电时间:“昨天上午”应为 YYYY-MM-DD HH:mm 格式的时间',
      '5诉求类别:“不存在的类别”不是本辖区启用的问题类别（见模板“问题类别”表）',
      '5紧急程度:“很急”不是有效的紧急程度，可填：一般、紧急、特急',
      '5联系电话:手机号码应为 11 位数字，以 1 开头',
      '5问题地址:请定位、选择网格或填写问题地址',
      '5诉求内容:请简要描述问题',
      '6纬度:经度和纬度须同时填写',
      expect.stringMatching(/^7经度:位置不在本辖区内/),
    ]);
    expect(await problems()).toEqual([]);
  });

  it('imports the work orders as hotline problems, and importing them again is the same problems', async () => {
    const file = await workbook(good());
    const first = await upload(file);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ total: 2, created: 2, existing: 0 });
    const rows = await problems();
    expect(rows).toMatchObject([
      { source: 'hotline', source_ref: 'ZZ12345-0001', urgency: 'urgent', cell_id: g.cells.cellA, reporter_name: '王女士' },
      { source: 'hotline', source_ref: 'ZZ12345-0002', cell_id: null },
    ]);
    expect(new Date(rows[0]!.reported_at).toISOString()).toBe('2026-11-17T01:30:00.000Z'); // 09:30 Beijing
    const again = await upload(file);
    expect(again.json()).toMatchObject({ total: 2, created: 0, existing: 2 });
    expect(again.json().tickets.map((x: { ticket: string }) => x.ticket)).toEqual(first.json().tickets.map((x: { ticket: string }) => x.ticket));
    expect(await problems()).toHaveLength(2);
  });

  it('reads a CSV export, GB18030 as well as UTF-8', async () => {
    const csv = ['工单编号,来电时间,诉求类别,诉求内容,问题地址', 'ZZ12345-0101,2026-11-17 16:00,SJ0401,"夜市占道经营，堵住消防通道",大学路夜市'].join('\r\n');
    const utf8 = await upload(Buffer.from(`\uFEFF${csv}`), 'orders.csv', 'text/csv');
    expect(utf8.statusCode, utf8.body).toBe(200);
    expect(utf8.json()).toMatchObject({ created: 1 });
    // GB18030 (what Excel on a Chinese Windows saves): 占道 is D5BC B5C0; Node has no encoder, so the bytes by hand.
    expect(csvText(Buffer.from([0x5a, 0x5a, 0x2c, 0xd5, 0xbc, 0xb5, 0xc0]))).toBe('ZZ,占道');
    const p = await rt.db.selectFrom('grid_problems').select('description').where('source_ref', '=', 'ZZ12345-0101').executeTakeFirstOrThrow();
    expect(p.description).toBe('夜市占道经营，堵住消防通道');
  });

  it('exports the results in the same shape, and the export imports back as the same problems', async () => {
    const p = await rt.db.selectFrom('grid_problems').select('id').where('source_ref', '=', 'ZZ12345-0001').executeTakeFirstOrThrow();
    await rt.db.updateTable('grid_problems').set({ status: 'visited', closed_at: new Date('2026-11-17T08:00:00Z'), rating: 'basic', rating_comment: '修得还行', dispatched_unit_id: null }).where('id', '=', p.id).execute();
    await rt.db.insertInto('grid_problem_events').values({ tenant_id: 1, problem_id: p.id, at: new Date('2026-11-17T07:00:00Z'), action: 'handle', from_status: 'handling', to_status: 'handled', note: '已修补路面 3 平方米', public: true }).execute();
    const res = await app.inject({ url: '/api/grid/hotline/export.xlsx?from=2026-11-01&to=2026-11-30', headers: as(dcb) });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('12345工单')!;
    const header = (ws.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(['工单编号*', '来电时间', '诉求类别*', '诉求内容*', '问题地址', '经度', '纬度', '来电人', '联系电话', '紧急程度', '受理编号', '办理状态', '承办单位', '办理结果', '办结时间', '满意度', '回访意见']);
    const first = (ws.getRow(2).values as unknown[]).slice(1);
    expect(first).toEqual([
      'ZZ12345-0001',
      '2026-11-17 09:30',
      'SJ0304',
      '工人路路面破损，电动车容易摔倒',
      '工人路 12 号',
      g.points.a.lon,
      g.points.a.lat,
      '王女士',
      '138****5678',
      '紧急',
      expect.stringMatching(/^WG20261117\d{6}$/),
      '已回访',
      expect.any(String),
      '已修补路面 3 平方米',
      '2026-11-17 16:00',
      '基本满意',
      '修得还行',
    ]);
    expect(ws.rowCount).toBe(4);
    const back = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ total: 3, created: 0, existing: 3 });
  });

  it('is for the district platform only', async () => {
    const grid = await login(app, 't1grida');
    expect((await app.inject({ url: '/api/grid/hotline/template.xlsx', headers: as(grid) })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/grid/hotline/export.xlsx', headers: as(grid) })).statusCode).toBe(403);
  });

  it('writes a sheet set-based in one transaction: every problem with its hold and timeline, or none at all', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`ZZ-BULK-${String(i).padStart(4, '0')}`, '2026-11-17 10:00', 'SJ0304', `批量导入第 ${i + 1} 条：路面破损`, `工人路 ${i + 1} 号`, String(g.points.a.lon), String(g.points.a.lat), '', '', '']);
    const before = (await problems()).length;
    // The timeline's insert fails (a test-only trigger) after the problems and holds were written: nothing stays.
    await sql`create function hotline_fail() returns trigger language plpgsql as $$ begin raise exception 'timeline refused'; end $$`.execute(rt.owner);
    await sql`create trigger hotline_fail before insert on grid_problem_events for each row execute function hotline_fail()`.execute(rt.owner);
    try {
      const failed = await upload(await workbook(rows));
      expect(failed.statusCode).toBe(500);
      expect(await problems()).toHaveLength(before);
    } finally {
      await sql`drop trigger hotline_fail on grid_problem_events`.execute(rt.owner);
      await sql`drop function hotline_fail()`.execute(rt.owner);
    }
    const ok = await upload(await workbook(rows));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ total: 120, created: 120, existing: 0 });
    const made = (await problems()).filter((p) => p.source_ref?.startsWith('ZZ-BULK-'));
    expect(made).toHaveLength(120);
    const ids = made.map((p) => String(p.id));
    const holds = await rt.db.selectFrom('grid_level_holds').select(['problem_id', 'hold_level']).where('problem_id', 'in', ids).where('ended_at', 'is', null).execute();
    expect(holds).toHaveLength(120);
    const steps = await rt.db.selectFrom('grid_problem_events').select('problem_id').where('problem_id', 'in', ids).where('action', '=', 'report').where('public', '=', true).execute();
    expect(steps).toHaveLength(120);
    // The tickets answered are the problems' own, in the sheet's order; the level is told once, not 120 times.
    const tickets = await rt.db.selectFrom('grid_problems').select(['ticket', 'source_ref']).where('id', 'in', ids).orderBy('source_ref').execute();
    expect(ok.json().tickets.map((x: { ticket: string }) => x.ticket)).toEqual(tickets.map((x) => x.ticket));
    const notices = await rt.db.selectFrom('outbox').select(['title']).where('kind', '=', 'grid.reported').where('title', 'like', '%12345 热线工单 120 件%').execute();
    expect(notices).toHaveLength(1);
  });
});

