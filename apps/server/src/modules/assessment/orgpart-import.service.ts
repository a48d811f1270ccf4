import { ARCHIVE_RANKS, RANK_LABELS } from '@duban/shared';
import ExcelJS from 'exceljs';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { mobileQueryHash } from '../../lib/pii-at-rest';
import { addTemplateSheet, failImport, loadWorkbook, readSheet, safeCell, type ImportIssue, type TemplateColumn } from '../../lib/xlsx';
import { recordTrace } from '../trace/trace.service';
import { periodOrThrow } from './recompute.service';

/**
 * The organisation department's part of the cadre composite (0–100, 60% by default) from Excel, all or nothing
 * like the other imports: every row checked first, every problem reported in Chinese with its row and column;
 * people found by 单位 + 姓名, or by 手机 + 姓名 when a name repeats in a unit.
 */

const SHEET = '组织部评分';
const COLUMNS: TemplateColumn[] = [
  { header: '单位', width: 28, note: '人员所在单位的名称或简称（与组织架构一致）', example: '五里堡街道办事处' },
  { header: '姓名', required: true, width: 12, example: '张三' },
  { header: '职级', width: 12, note: '仅供参考，导入时不读取' },
  { header: '手机', width: 16, note: '单位内有同名人员时填写，用于区分' },
  { header: '组织部评分', required: true, width: 14, note: '0–100 的数字，可带小数；留空的行不导入（该人员本期评分不变）', example: '86.5' },
];

/** The template for a period, prefilled with every cadre who has an archive rank (单位, 姓名, 职级); scores left blank. */
export async function orgPartTemplate(deps: Deps, actor: Actor, code: string): Promise<{ body: Buffer; fileName: string }> {
  requirePermission(actor, 'assess.manage');
  const p = periodOrThrow(code);
  const [people, parts] = await Promise.all([
    deps.db
      .selectFrom('people as p')
      .innerJoin('units as u', 'u.id', 'p.unit_id')
      .select(['p.id', 'p.name', 'p.rank', 'u.name as unit_name'])
      .where('p.tenant_id', '=', actor.tenantId)
      .where('p.rank', 'in', [...ARCHIVE_RANKS])
      .orderBy('u.sort')
      .orderBy('u.id')
      .orderBy('p.id')
      .execute(),
    deps.db.selectFrom('assessment_org_parts').select(['person_id', 'score']).where('tenant_id', '=', actor.tenantId).where('period_code', '=', p.code).execute(),
  ]);
  const scores = new Map(parts.map((r) => [r.person_id, r.score]));
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Duban 智慧督查';
  const ws = addTemplateSheet(wb, SHEET, COLUMNS);
  ws.getColumn(4).numFmt = '@';
  for (const x of people) ws.addRow([safeCell(x.unit_name), safeCell(x.name), x.rank ? RANK_LABELS[x.rank] : '', '', scores.get(x.id) ?? null]);
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), fileName: `${p.label}组织部评分导入模板.xlsx` };
}

export async function importOrgParts(deps: Deps, actor: Actor, code: string, file: Buffer): Promise<{ saved: number }> {
  requirePermission(actor, 'assess.manage');
  const p = periodOrThrow(code);
  const t = actor.tenantId;
  const wb = await loadWorkbook(file);
  const issues: ImportIssue[] = [];
  const rows = readSheet(wb, SHEET, COLUMNS, issues);
  if (issues.length) failImport(issues);

  const people = await deps.db
    .selectFrom('people as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .select(['p.id', 'p.name', 'p.mobile_hash', 'u.name as unit_name', 'u.short_name'])
    .where('p.tenant_id', '=', t)
    .execute();
  type P = (typeof people)[number];
  const byUnitName = new Map<string, P[]>();
  const byMobile = new Map<string, P[]>();
  for (const x of people) {
    for (const u of new Set([x.unit_name, x.short_name])) if (u) byUnitName.set(`${u}/${x.name}`, [...(byUnitName.get(`${u}/${x.name}`) ?? []), x]);
    if (x.mobile_hash) byMobile.set(x.mobile_hash, [...(byMobile.get(x.mobile_hash) ?? []), x]);
  }

  const planned = new Map<number, { row: number; score: number }>();
  for (const { row, cells } of rows) {
    const issue = (column: string | null, message: string) => issues.push({ sheet: SHEET, row, column, message });
    const name = cells['姓名'] ?? '';
    const unitName = cells['单位'] ?? '';
    const mobile = (cells['手机'] ?? '').replace(/\s/g, '');
    const text = (cells['组织部评分'] ?? '').trim();
    // The template lists every cadre: a row left without a score is someone not scored in this file.
    if (!text) continue;
    const score = Number(text);
    if (!/^-?\d+(\.\d+)?$/.test(text) || !Number.isFinite(score)) issue('组织部评分', `“${text}”不是数字`);
    else if (score < 0 || score > 100) issue('组织部评分', `${text} 超出范围，应为 0–100`);
    if (!name) {
      issue('姓名', '不能为空');
      continue;
    }
    if (!unitName && !mobile) {
      issue('单位', `请填写“${name}”所在单位或手机号`);
      continue;
    }
    let found: P[];
    let column: string;
    if (mobile) {
      const hash = mobileQueryHash(deps.secretKey, mobile);
      column = '手机';
      if (!hash) {
        issue('手机', `“${mobile}”不是 11 位手机号`);
        continue;
      }
      found = (byMobile.get(hash) ?? []).filter((x) => x.name === name && (!unitName || x.unit_name === unitName || x.short_name === unitName));
    } else {
      column = '单位';
      found = byUnitName.get(`${unitName}/${name}`) ?? [];
    }
    if (found.length > 1) {
      issue(column, `“${unitName || mobile}”有 ${found.length} 名“${name}”，请填写手机号区分`);
      continue;
    }
    const person = found[0];
    if (!person) {
      issue(column, mobile ? `组织架构中没有手机号为 ${mobile} 的“${name}”${unitName ? `（${unitName}）` : ''}` : `“${unitName}”中没有名为“${name}”的人员`);
      continue;
    }
    const dup = planned.get(person.id);
    if (dup) issue('姓名', `与第 ${dup.row} 行是同一人（${person.unit_name} ${name}）`);
    else planned.set(person.id, { row, score });
  }
  if (!issues.length && !planned.size) issues.push({ sheet: SHEET, row: 2, column: '组织部评分', message: '没有填写任何评分' });
  if (issues.length) failImport(issues);

  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    for (const [personId, { score }] of planned) {
      await trx
        .insertInto('assessment_org_parts')
        .values({ tenant_id: t, period_code: p.code, person_id: personId, score, entered_by: actor.accountId, entered_at: now })
        .onConflict((oc) => oc.columns(['tenant_id', 'period_code', 'person_id']).doUpdateSet({ score, entered_by: actor.accountId, entered_at: now }))
        .execute();
    }
    await recordTrace(trx, deps.clock, actor, {
      action: 'assessment.org_parts_import',
      entityType: 'assessment_period',
      entityId: p.code,
      after: { items: [...planned].map(([personId, v]) => ({ personId, score: v.score })) },
    });
  });
  return { saved: planned.size };
}
