import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import type { FastifyInstance } from 'fastify';
import { ledgerQuerySchema } from '@duban/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { insertMatter, multipartBody } from '../../../test/files-fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { ledgerPage } from '../matters/ledger.query';
import { loadWorkbook, readSheet } from '../../lib/xlsx';
import { importsParsing } from '../../lib/xlsx-pool';
import { LEDGER_SHEET } from './ledger.columns';
import { exportLedger } from './ledger.export';
import { MAX_IMPORT_ROWS } from './ledger.import';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
let t2: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};

async function sheetOf(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(buf).buffer);
  const ws = wb.getWorksheet(LEDGER_SHEET);
  if (!ws) throw new Error('no ledger sheet');
  const headers: string[] = [];
  ws.getRow(1).eachCell((c, i) => (headers[i] = String(c.value).replace(/\*$/, '')));
  const rows: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const r: Record<string, unknown> = {};
    row.eachCell((c, i) => (r[headers[i]!] = c.value));
    rows.push(r);
  });
  return { wb, rows, headers };
}

const HEAD = ['标题*', '内容', '来源*', '来源文件', '类别', '牵头领导', '牵头单位*', '配合单位', '承办人', '开始日期*', '时限', '时限工作日数', '汇报周期', '优先级', '难度系数', '工作量系数', '权重', '计划投资（万元）', '节点'];
async function importFile(rows: (string | number | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(LEDGER_SHEET);
  ws.addRow(HEAD);
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const good = (title: string): (string | number | Date)[] => [title, '内容', '重点工作', '', '项目建设', '李书记', '五里堡街道办事处', '区住建局', '承办人小李', '2026-11-20', '2026-12-31', '', '每周', '重要', 1.5, 1, 1, 1200, '2026-12-01 50% 完成拆迁；2026-12-20 100%'];
// A minimal workbook whose one sheet is `bytes` of repeated rows: deflate packs it a thousand to one.
function zipBomb(bytes: number, sheetName = LEDGER_SHEET): Buffer {
  const row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
  const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${row.repeat(Math.ceil(bytes / row.length))}</sheetData></worksheet>`;
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      'xl/workbook.xml': strToU8(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="${sheetName}" sheetId="1"/></sheets></workbook>`),
      'xl/worksheets/sheet1.xml': strToU8(sheet),
    }, { level: 9 }),
  );
}

// Rewrites every declared uncompressed size (local headers and central directory) to 100 bytes.
function declareTiny(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i < out.length - 4; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50) out.writeUInt32LE(100, i + 22);
    else if (sig === 0x02014b50) out.writeUInt32LE(100, i + 24);
  }
  return out;
}

const upload = (who: string, file: Buffer) => app.inject({ method: 'POST', url: '/api/matters/import', ...multipartBody(as(s[who]!), file, '台账.xlsx') });

describe('ledger export and import (台账)', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt, 't1');
    t2 = await seedTenant(rt, 't2');
    app = await testApp(rt);
    for (const u of ['t1dcb', 't1liaison', 't2dcb', 't2liaison']) s[u] = await login(app, u);
    for (let i = 0; i < 12; i++) await insertMatter(rt, t, { status: i % 3 === 0 ? 'closed' : 'in_progress', leadUnitId: i % 2 ? t.units.street : t.units.edu, coUnitIds: [] });
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('exports exactly the filtered ledger: same rows as GET /api/matters counts, in the viewer’s scope', async () => {
    const res = await app.inject({ url: '/api/matters/export.xlsx?status=in_progress', headers: as(s.t1dcb!) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const { rows, headers } = await sheetOf(res.rawPayload);
    const actor = await t.actor('t1dcb');
    const { total } = await ledgerPage(rt.db, actor, ledgerQuerySchema.parse({ status: 'in_progress' }), rt.clock.now());
    expect(total).toBe(8);
    expect(rows).toHaveLength(total);
    expect(rows.every((r) => r['状态'] === '办理中')).toBe(true);
    expect(headers).toEqual(expect.arrayContaining(['编号', '标题', '牵头单位', '开始日期', '时限', '节点', '预警']));

    const street = await app.inject({ url: '/api/matters/export.xlsx', headers: as(s.t1liaison!) });
    const mine = (await sheetOf(street.rawPayload)).rows;
    expect(mine).toHaveLength(6);
    expect(mine.every((r) => r['牵头单位'] === '五里堡街道办事处')).toBe(true);
    expect((await app.inject({ url: '/api/matters/export.xlsx?status=nonsense', headers: as(s.t1dcb!) })).statusCode).toBe(400);
  });

  it('walks the set in keyset batches without losing or repeating a row', async () => {
    const actor = await t.actor('t1dcb');
    const small = await sheetOf(await buffer(await exportLedger(rt, actor, ledgerQuerySchema.parse({}), 5)));
    const numbers = small.rows.map((r) => r['编号']);
    expect(numbers).toHaveLength(12);
    expect(new Set(numbers).size).toBe(12);
  });

  it('refuses a filter the database cannot hold (q=%00) with a 400 before the download starts, as the ledger does', async () => {
    const actor = await t.actor('t1dcb');
    // The stream used to be handed out first and cut when the query failed: a 200 and a broken connection.
    await expect(exportLedger(rt, actor, ledgerQuerySchema.parse({ q: 'a\u0000' }))).rejects.toMatchObject({ code: '22021' });
    const res = await app.inject({ url: '/api/matters/export.xlsx?q=%00', headers: as(s.t1dcb!) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_value' });
    expect((await app.inject({ url: '/api/matters?q=%00', headers: as(s.t1dcb!) })).statusCode).toBe(400);
  });

  it('neutralises formula-looking text (=, +, -, @) in exported cells, and reads it back unchanged on import', async () => {
    const evil = '=HYPERLINK("http://evil.example/x","点此查看")';
    await insertMatter(rt, t, { title: evil, leadUnitId: t.units.edu, coUnitIds: [] });
    await insertMatter(rt, t, { title: '@SUM(1+1)', leadUnitId: t.units.edu, coUnitIds: [] });
    const res = await app.inject({ url: '/api/matters/export.xlsx', headers: as(s.t1dcb!) });
    const titles = (await sheetOf(res.rawPayload)).rows.map((r) => r['标题']);
    expect(titles).toEqual(expect.arrayContaining([`'${evil}`, "'@SUM(1+1)"]));
    expect(titles.some((x) => typeof x === 'string' && /^[=+\-@]/.test(x))).toBe(false);
    // The import's reader takes the apostrophe off again, so an exported ledger imports unchanged.
    const read = readSheet(await loadWorkbook(res.rawPayload), LEDGER_SHEET, [{ header: '标题' }], []).map((r) => r.cells['标题']);
    expect(read).toEqual(expect.arrayContaining([evil, '@SUM(1+1)']));
  });

  it('refuses a zip bomb (a small .xlsx unpacking to a huge sheet) before parsing it, whatever sizes it declares', async () => {
    const honest = zipBomb(40 * 1024 * 1024);
    expect(honest.length).toBeLessThan(1024 * 1024); // under 1 MB on the wire
    const res = await upload('t1dcb', honest);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'workbook_too_large', message: expect.stringContaining('解压后超过') });
    // The same archive claiming its entries are tiny: the real unpacked size counts.
    const lying = await upload('t1dcb', declareTiny(honest));
    expect(lying.statusCode).toBe(413);
    expect(lying.json().error).toBe('workbook_too_large');
    // A workbook without the ledger sheet is named as such before the parse.
    const other = await upload('t1dcb', zipBomb(1000, 'Sheet1'));
    expect(other.statusCode).toBe(400);
    expect(other.json().message).toContain('缺少工作表“督办事项台账”');
  });

  it('parses an import off the event loop: other people are answered while a large workbook parses', async () => {
    // A valid workbook one row over the cap: all the work is the parse, then it is refused.
    const big = await importFile(Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => good(`大表事项${i}`)));
    let finished = false;
    const pending = upload('t1dcb', big).then((res) => ((finished = true), res));
    const turn = () => new Promise((r) => setImmediate(r)); // a turn of the event loop, as between real requests
    while (!finished && importsParsing() === 0) await turn();
    expect(importsParsing()).toBe(1); // the upload is with a worker
    // Someone else's cheap requests, one after another, are answered while it parses.
    let answered = 0;
    while (!finished && answered < 3) {
      await turn();
      expect((await app.inject({ url: '/api/auth/me', headers: as(s.t2dcb!) })).statusCode).toBe(200);
      if (!finished) answered++;
    }
    expect(answered).toBe(3);
    expect(finished).toBe(false);
    const res = await pending;
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(`一次最多导入 ${MAX_IMPORT_ROWS} 条事项`);
  });

  it('offers a template with an example row and a sheet of valid names', async () => {
    const res = await app.inject({ url: '/api/matters/import-template.xlsx', headers: as(s.t1dcb!) });
    expect(res.statusCode).toBe(200);
    const { wb, rows } = await sheetOf(res.rawPayload);
    expect(rows[0]?.['标题']).toBe('五里堡片区道路改造');
    const notes = wb.getWorksheet('填写说明');
    const text = JSON.stringify(notes?.getSheetValues());
    for (const name of ['上级交办', '民生实事', '五里堡街道办事处', '全部成功或全部不导入']) expect(text).toContain(name);
    expect((await app.inject({ url: '/api/matters/import-template.xlsx', headers: as(s.t1liaison!) })).statusCode).toBe(403);
  });

  it('imports all or nothing, listing every bad row and column in Chinese', async () => {
    const before = await rt.db.selectFrom('matters').select('id').where('tenant_id', '=', t2.tenantId).execute();
    const unknownUnit = good('单位写错');
    unknownUnit[6] = '不存在的局';
    const badDate = good('日期写错');
    badDate[9] = '2026-13-45';
    const backwards = good('时限早于开始');
    backwards[10] = '2026-11-01';
    const res = await upload('t2dcb', await importFile([good('正常事项'), unknownUnit, badDate, backwards]));
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe('import_failed');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { row: 3, field: '牵头单位', message: '单位“不存在的局”不存在' },
        expect.objectContaining({ row: 4, field: '开始日期' }),
        { row: 5, field: '时限', message: '时限不能早于开始日期' },
      ]),
    );
    expect(body.errors.some((e: { row: number }) => e.row === 2)).toBe(false);
    expect(await rt.db.selectFrom('matters').select('id').where('tenant_id', '=', t2.tenantId).execute()).toEqual(before);
  });

  it('creates every matter of a sound sheet in one go, and an exported ledger imports back', async () => {
    const res = await upload('t2dcb', await importFile([good('道路改造'), good('学校扩建'), [...good('按工作日'), ''].map((v, i) => (i === 10 ? '' : i === 11 ? 30 : v))]));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 3, numbers: ['测督〔2026〕1号', '测督〔2026〕2号', '测督〔2026〕3号'] });
    const m = await rt.db.selectFrom('matters').selectAll().where('tenant_id', '=', t2.tenantId).where('title', '=', '道路改造').executeTakeFirstOrThrow();
    expect(m).toMatchObject({ status: 'registered', priority: 'high', deadline: '2026-12-31', investment_plan: 1200, difficulty: 1.5 });
    expect(await rt.db.selectFrom('milestones').select('due_date').where('matter_id', '=', m.id).execute()).toHaveLength(2);

    const exported = await app.inject({ url: '/api/matters/export.xlsx', headers: as(s.t2dcb!) });
    const back = await upload('t2dcb', exported.rawPayload);
    expect(back.statusCode).toBe(200);
    expect(back.json().created).toBe(3);
    expect((await upload('t2liaison', await importFile([good('x')]))).statusCode).toBe(403);
    const notXlsx = await upload('t2dcb', Buffer.from('not a workbook'));
    expect(notXlsx.statusCode).toBe(400);
  });
});
