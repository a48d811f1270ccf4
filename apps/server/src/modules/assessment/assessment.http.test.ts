import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { multipartBody } from '../../../test/files-fixtures';
import { seedOutcomes } from './assessment.fixtures';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;

describe('assessment over HTTP', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-12-05T02:00:00Z' });
    t = await seedTenant(rt, 't1');
    await seedOutcomes(rt, t);
    app = await testApp(rt);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('recomputes, shows the league table and exports it; a cadre opens their own archive', async () => {
    const dcb = await login(app, 't1dcb');
    expect((await app.inject({ method: 'POST', url: '/api/assessment/recompute', headers: as(dcb), payload: { period: '2026Q4' } })).statusCode).toBe(200);
    const league = await app.inject({ url: '/api/assessment/units?period=2026Q4', headers: as(dcb) });
    expect(league.json().units.map((u: { name: string }) => u.name).sort()).toEqual(['五里堡街道办事处', '区住建局'].sort());
    const xlsx = await app.inject({ url: '/api/assessment/export.xlsx?period=2026Q4', headers: as(dcb) });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const docx = await app.inject({ url: '/api/assessment/export.docx?period=2026Q4', headers: as(dcb) });
    expect(docx.statusCode).toBe(200);
    const handler = await login(app, 't1handler');
    const mine = await app.inject({ url: `/api/assessment/cadres/${t.people.handler}?period=2026Q4`, headers: as(handler) });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().lines.length).toBeGreaterThan(0);
    // The lines a page at a time, with their count and points per rule; the pages put together are the whole list.
    const all = mine.json() as { lines: { key: string; rule: string; points: number }[]; lineCount: number; ruleTotals: { rule: string; lines: number; points: number }[] };
    expect(all.lineCount).toBe(all.lines.length);
    expect(all.ruleTotals.reduce((a, r) => a + r.lines, 0)).toBe(all.lineCount);
    for (const r of all.ruleTotals) expect(r.points).toBeCloseTo(all.lines.filter((l) => l.rule === r.rule).reduce((a, l) => a + l.points, 0), 2);
    const paged: string[] = [];
    for (let offset = 0; offset < all.lineCount; offset += 1) {
      const page = (await app.inject({ url: `/api/assessment/cadres/${t.people.handler}?period=2026Q4&offset=${offset}&limit=1`, headers: as(handler) })).json();
      expect(page.lineCount).toBe(all.lineCount);
      paged.push(...page.lines.map((l: { key: string }) => l.key));
    }
    expect(paged).toEqual(all.lines.map((l) => l.key));
    const tooMany = await app.inject({ url: `/api/assessment/cadres/${t.people.handler}?period=2026Q4&limit=501`, headers: as(handler) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().message).toContain('一次最多 500 条');
    // The league table's 问责 evidence carries its count beside the matters it lists.
    for (const u of league.json().units as { flaggedMatters: unknown[]; flaggedMatterCount: number }[]) expect(u.flaggedMatterCount).toBe(u.flaggedMatters.length);
    // The unit's own people see their unit's lines, not another unit's.
    const head = await login(app, 't1head');
    expect((await app.inject({ url: `/api/assessment/lines?period=2026Q4&subjectType=unit&subjectId=${t.units.street}`, headers: as(head) })).statusCode).toBe(200);
    expect((await app.inject({ url: `/api/assessment/lines?period=2026Q4&subjectType=unit&subjectId=${t.units.housing}`, headers: as(head) })).statusCode).toBe(403);
  });

  it('answers bad input with a Chinese message naming the field, never a 500', async () => {
    const dcb = await login(app, 't1dcb');
    const bad = await app.inject({ method: 'POST', url: '/api/assessment/recompute', headers: as(dcb), payload: { period: '2026Q5' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('考核期间格式应为 2026Q4');
    const books = (await app.inject({ url: '/api/assessment/rule-books', headers: as(dcb) })).json().items;
    const edit = await app.inject({ method: 'PUT', url: '/api/assessment/rule-book', headers: as(dcb), payload: { rules: { ...books[0].rules, split: { ...books[0].rules.split, co: 3 } }, effectiveFrom: '2026-01-01', version: books[0].version } });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().message).toContain('配合单位分成不能大于 1');
    const unknown = await app.inject({ url: '/api/assessment/units?period=2019Q1', headers: as(dcb) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toBe('assessment_period_not_found');
  });

  it('a 加扣分 item carries its document: uploaded files are claimed by the item, shown on it and on its score line, and downloaded by who may see the subject', async () => {
    const dcb = await login(app, 't1dcb');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const up = async (name: string) => (await app.inject({ method: 'POST', url: '/api/attachments', ...multipartBody(as(dcb), pdf, name) })).json().id as number;
    const first = await up('二七督通〔2026〕12号.pdf');
    const item = await app.inject({
      method: 'POST',
      url: '/api/assessment/items',
      headers: as(dcb),
      payload: { kind: 'commend', subjectType: 'unit', subjectId: t.units.street, docNumber: '二七督通〔2026〕12号', docDate: '2026-11-30', title: '关于重点工作推进情况的通报', attachmentIds: [first] },
    });
    expect(item.statusCode).toBe(200);
    const view = item.json();
    expect(view.attachments).toEqual([expect.objectContaining({ id: first, fileName: '二七督通〔2026〕12号.pdf', url: `/api/assessment/items/${view.id}/files/${first}` })]);
    // A second file later; someone else's or an already used upload refuses the whole change.
    const second = await up('领导批示扫描件.pdf');
    const added = await app.inject({ method: 'POST', url: `/api/assessment/items/${view.id}/files`, headers: as(dcb), payload: { attachmentIds: [second] } });
    expect(added.json().attachments.map((a: { id: number }) => a.id)).toEqual([first, second]);
    expect((await app.inject({ method: 'POST', url: `/api/assessment/items/${view.id}/files`, headers: as(dcb), payload: { attachmentIds: [second] } })).json().error).toBe('attachment_not_available');
    const empty = await app.inject({ method: 'POST', url: `/api/assessment/items/${view.id}/files`, headers: as(dcb), payload: { attachmentIds: [] } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain('请选择附件');
    // The score line (league drill-down, archive) shows the document and its files.
    const lines = (await app.inject({ url: `/api/assessment/lines?period=2026Q4&subjectType=unit&subjectId=${t.units.street}`, headers: as(dcb) })).json().items;
    const line = lines.find((l: { key: string }) => l.key === `item:${view.id}`);
    expect(line.evidence).toMatchObject({ itemId: view.id, docNumber: '二七督通〔2026〕12号', docDate: '2026-11-30', attachments: [{ id: first }, { id: second }] });
    // Download: the street's head (their unit) yes, the housing liaison (another unit) no — 404, never revealing it.
    const head = await login(app, 't1head');
    const got = await app.inject({ url: line.evidence.attachments[0].url, headers: as(head) });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.rawPayload.equals(pdf)).toBe(true);
    const other = await login(app, 't1hliaison');
    expect((await app.inject({ url: line.evidence.attachments[0].url, headers: as(other) })).statusCode).toBe(404);
    // The generic download does not serve it to others either (no matter, not their upload).
    expect((await app.inject({ url: `/api/attachments/${first}`, headers: as(head) })).statusCode).toBe(404);
    // A file id of another item is not this item's.
    expect((await app.inject({ url: `/api/assessment/items/${view.id}/files/999999`, headers: as(dcb) })).statusCode).toBe(404);
    const trace = await rt.db.selectFrom('trace').select(['action', 'after']).where('entity_type', '=', 'assessment_item').where('entity_id', '=', String(view.id)).orderBy('seq').execute();
    expect(trace.map((x) => x.action)).toEqual(['assessment.item_add', 'assessment.item_attach']);
  });

  it('the 督查周报 draft cites the league table, the 问责 list and the range’s 表扬 / 批评 documents', async () => {
    const dcb = await login(app, 't1dcb');
    const draft = await app.inject({ method: 'POST', url: '/api/reports', headers: as(dcb), payload: { kind: 'weekly', from: '2026-11-30', to: '2026-12-04' } });
    expect(draft.statusCode).toBe(200);
    const { praise, criticism } = draft.json().sections;
    expect(praise).toMatch(/^考核排名（2026Q4，截至本期）：.*前三名：.*五里堡街道办事处（[+-]?[\d.]+ 分/);
    expect(praise).toContain('通报表扬：五里堡街道办事处（二七督通〔2026〕12号，2026-11-30）关于重点工作推进情况的通报');
    expect(criticism).toBe('');
  });

  it('the period’s .docx (公文) and .xlsx list the 通报表扬 / 通报批评 items with their documents', async () => {
    const dcb = await login(app, 't1dcb');
    const docx = await app.inject({ url: '/api/assessment/export.docx?period=2026Q4', headers: as(dcb) });
    const file = path.join(rt.dataDir, 'assessment.docx');
    fs.writeFileSync(file, docx.rawPayload);
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString('utf8');
    for (const text of ['关于2026年第四季度督查考核情况的通报', '一、单位排名（同类同考）', '二、通报表扬与通报批评', '二七督通〔2026〕12号', '二七督通〔2026〕12号.pdf', '方正小标宋简体', '黑体']) expect(xml).toContain(text);
    const xlsx = await app.inject({ url: '/api/assessment/export.xlsx?period=2026Q4', headers: as(dcb) });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(xlsx.rawPayload).buffer);
    const ws = wb.getWorksheet('加分扣分')!;
    expect(ws.getRow(3).values).toEqual([undefined, '类别', '对象', '文号', '日期', '标题', '分值', '文件']);
    expect(ws.getRow(4).getCell(3).value).toBe('二七督通〔2026〕12号');
  });

  it('the 申诉 extension answers bad input in Chinese, naming the field', async () => {
    const shuji = await login(app, 't1shuji');
    const bad = await app.inject({ method: 'POST', url: '/api/assessment/appeals/1/extend', headers: as(shuji), payload: { days: 45, note: '情况复杂' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('延长天数应为 1–30 日');
    const none = await app.inject({ method: 'POST', url: '/api/assessment/appeals/999/extend', headers: as(shuji), payload: { days: 10, note: '情况复杂' } });
    expect(none.statusCode).toBe(404);
  });
});
