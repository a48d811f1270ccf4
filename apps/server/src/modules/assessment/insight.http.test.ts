import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../../../test/files-fixtures';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { systemActor } from '../../lib/actor';
import { seedOutcomes } from './assessment.fixtures';
import { recomputePeriod } from './recompute.service';
import { applyTolerance, decideTolerance } from './tolerance.service';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
let late = 0;
const s: Record<string, Session> = {};
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const get = (who: string, url: string) => app.inject({ url, headers: as(s[who]!) });

async function filled(rows: (string | number)[][]): Promise<Buffer> {
  const res = await get('t1dcb', '/api/assessment/org-parts/template.xlsx?period=2026Q4');
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('组织部评分')!;
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const upload = (file: Buffer) => app.inject({ method: 'POST', url: '/api/assessment/org-parts/import?period=2026Q4', ...multipartBody(as(s.t1dcb!), file, 'parts.xlsx', XLSX) });

describe('能上能下 indicators, the organisation department’s part from Excel, 满意率 votes', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-12-05T02:00:00Z' });
    t = await seedTenant(rt, 't1');
    late = (await seedOutcomes(rt, t)).late;
    await recomputePeriod(rt, systemActor(t.tenantId), '2026Q4');
    app = await testApp(rt);
    for (const u of ['t1dcb', 't1shuji', 't1head', 't1handler']) s[u] = await login(app, u);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('flags the cadres an indicator catches with the matters as evidence; an approved 容错 lifts the flag', async () => {
    const defaults = (await get('t1shuji', '/api/assessment/indicator-settings')).json();
    expect(defaults.isDefault).toBe(true);
    expect(defaults.indicators.map((i: { id: string }) => i.id)).toContain('last_two_quarters');
    const indicator = { id: 'overdue_once', label: '本季度有事项逾期', direction: 'down', kind: 'overdue_matters', threshold: 1, window: 1, enabled: true };
    expect((await app.inject({ method: 'PUT', url: '/api/assessment/indicator-settings', headers: as(s.t1shuji!), payload: { indicators: [indicator] } })).statusCode).toBe(403);
    const put = await app.inject({ method: 'PUT', url: '/api/assessment/indicator-settings', headers: as(s.t1dcb!), payload: { indicators: [indicator] } });
    expect(put.json()).toMatchObject({ isDefault: false, indicators: [indicator] });

    const list = (await get('t1shuji', '/api/assessment/indicators?period=2026Q4')).json();
    expect(list.computed).toEqual(['2026Q4']);
    const flagged = list.flags.map((f: { person: { id: number } }) => f.person.id).sort();
    expect(flagged).toEqual([t.people.head, t.people.handler, t.people.leader].sort());
    expect(list.flags[0].evidence[0]).toMatchObject({ period: '2026Q4', matters: [{ id: late }] });

    // 容错 approved on the overdue deduction: the deduction is void for every carrier, and no flag is left.
    const key = `${late}:overdue:2026-10-01`;
    const appl = await applyTolerance(rt, await t.actor('t1handler'), { period: '2026Q4', subjectType: 'person', subjectId: t.people.handler, lineKeys: [key], situation: '因配合单位或客观条件制约未能按期完成', reason: '配合单位未按时提供资料', evidence: '往来函件三份' });
    await decideTolerance(rt, await t.actor('t1dcb'), appl.id, 'verify', { approve: true, note: '情况属实' });
    await decideTolerance(rt, await t.actor('t1shuji'), appl.id, 'decide', { approve: true, note: '符合容错情形' });
    expect((await get('t1shuji', '/api/assessment/indicators?period=2026Q4')).json().flags).toEqual([]);
  });

  it('answers bad indicator input with Chinese messages naming the field', async () => {
    const year = await get('t1dcb', '/api/assessment/indicators?period=2026');
    expect(year.statusCode).toBe(400);
    expect(year.json().message).toContain('考核期间应为季度');
    const bad = await app.inject({ method: 'PUT', url: '/api/assessment/indicator-settings', headers: as(s.t1dcb!), payload: { indicators: [{ id: 'x', label: '过长窗口', direction: 'down', kind: 'rank_bottom', threshold: 1, window: 12, enabled: true }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('窗口最多 8 个季度');
  });

  it('imports the organisation department’s part all or nothing, with every bad row named in Chinese', async () => {
    const template = await get('t1dcb', '/api/assessment/org-parts/template.xlsx?period=2026Q4');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const names = wb.getWorksheet('组织部评分')!.getSheetValues().slice(2).map((r) => (r as unknown[])[2]);
    expect(names).toEqual(expect.arrayContaining(['街道书记', '承办人小李']));
    expect((await get('t1shuji', '/api/assessment/org-parts/template.xlsx?period=2026Q4')).statusCode).toBe(403);

    const bad = await upload(await filled([['五里堡街道办事处', '街道书记', '', '', 88], ['五里堡街道办事处', '无此人', '', '', 80], ['', '承办人小李', '', '13800000004', 120], ['五里堡街道办事处', '街道书记', '', '', 70], ['', '承办人小李', '', '', 'abc']]));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('import_failed');
    expect(bad.json().details.issues.map((i: { row: number; column: string; message: string }) => `${i.row}${i.column}:${i.message}`)).toEqual([
      // Rows 2–4 are the template's cadres without a score: not imported, not an error.
      '6单位:“五里堡街道办事处”中没有名为“无此人”的人员',
      '7组织部评分:120 超出范围，应为 0–100',
      '8姓名:与第 5 行是同一人（五里堡街道办事处 街道书记）',
      '9组织部评分:“abc”不是数字',
      '9单位:请填写“承办人小李”所在单位或手机号',
    ]);
    // Nothing was saved, not even the good first row.
    const before = (await get('t1dcb', '/api/assessment/cadres?period=2026Q4')).json().cadres;
    expect(before.every((c: { orgPart: number | null }) => c.orgPart === null)).toBe(true);

    const good = await upload(await filled([['五里堡街道办事处', '街道书记', '正科', '', 88], ['', '承办人小李', '', '138 0000 0004', 91.5]]));
    expect(good.json()).toEqual({ saved: 2 });
    const after = (await get('t1dcb', '/api/assessment/cadres?period=2026Q4')).json().cadres;
    expect(Object.fromEntries(after.map((c: { personId: number; orgPart: number | null }) => [c.personId, c.orgPart]))).toMatchObject({ [t.people.head]: 88, [t.people.handler]: 91.5 });
    const trace = await rt.db.selectFrom('trace').select('action').where('tenant_id', '=', t.tenantId).where('action', '=', 'assessment.org_parts_import').execute();
    expect(trace).toHaveLength(1);
  });

  it('the office records a unit’s vote on another from its form; the votes behind a rate are listed', async () => {
    const post = (who: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/satisfaction/ratings', headers: as(s[who]!), payload });
    const vote = { unitId: t.units.housing, rater: 'unit', level: 'basic', ratedOn: '2026-11-05', raterUnitId: t.units.street };
    expect((await post('t1dcb', vote)).statusCode).toBe(200);
    const noRater = await post('t1dcb', { ...vote, raterUnitId: undefined });
    expect(noRater.statusCode).toBe(400);
    expect(noRater.json().message).toContain('请选择评价单位');
    expect((await post('t1dcb', { ...vote, raterUnitId: t.units.housing })).json().message).toContain('不能评价本单位');
    expect((await post('t1dcb', { ...vote, rater: 'citizen' })).json().message).toContain('群众评价不填评价单位');
    // A unit's head speaks for their own unit only.
    expect((await post('t1head', { ...vote, raterUnitId: t.units.edu })).statusCode).toBe(403);
    expect((await post('t1head', { ...vote, raterUnitId: t.units.street, level: 'unknown' })).statusCode).toBe(200);
    expect((await post('t1dcb', { unitId: t.units.housing, rater: 'citizen', level: 'satisfied', ratedOn: '2026-11-06', comment: '办事快' })).statusCode).toBe(200);

    const votes = (await get('t1shuji', `/api/satisfaction/votes?unitId=${t.units.housing}&from=2026-10-01&to=2026-12-31`)).json().items;
    expect(votes.map((v: { rater: string; raterUnitName: string | null; level: string; points: number | null }) => [v.rater, v.raterUnitName, v.level, v.points])).toEqual([
      ['citizen', null, 'satisfied', 100],
      ['unit', '五里堡街道办事处', 'unknown', null],
      ['unit', '五里堡街道办事处', 'basic', 70],
    ]);
    expect((await get('t1handler', `/api/satisfaction/votes?unitId=${t.units.housing}&from=2026-10-01&to=2026-12-31`)).statusCode).toBe(403);
    const bad = await get('t1shuji', `/api/satisfaction/votes?unitId=abc&from=2026-10-01&to=2026-12-31`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('单位编号须为数字');
  });
});
