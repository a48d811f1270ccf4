import ExcelJS from 'exceljs';
import {
  GRID_URGENCY_LABELS,
  HOTLINE_IMPORT_COLUMNS,
  HOTLINE_SHEET,
  MASKED_MOBILE,
  parseHotlineUrgency,
  parseW3Datetime,
  reportProblemSchema,
} from '@duban/shared';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { addTemplateSheet, failImport, loadWorkbook, readSheet, type ImportIssue, type TemplateColumn } from '../../lib/xlsx';
import { gridSettingsOf } from '../grid/grid-settings';
import { placeReport, type Placement } from '../grid/problem-place';
import { writeHotlineOrders, type PlannedOrder } from './hotline-bulk';
import { isXlsx, parseCsv } from './hotline-csv';

/**
 * 12345 热线工单导入 (issue 17): the hotline's work orders, from its Excel or CSV export, become grid problems of
 * source 'hotline' with the work-order number kept as their source reference — importing the same number again is
 * the same problem, so a sheet can be imported twice, or after a partial failure, without doubles. Every row is
 * checked first (category, text, place, time, number) and every problem named in Chinese with its row and column;
 * one bad row imports nothing. The rows are then written together, set-based, in one transaction.
 */

const NOTES: Record<(typeof HOTLINE_IMPORT_COLUMNS)[number], Omit<TemplateColumn, 'header'>> = {
  工单编号: { required: true, width: 22, note: '12345 热线的工单编号；再次导入同一编号不会重复建问题', example: 'ZZ12345-20261207-0001' },
  来电时间: { width: 18, note: 'YYYY-MM-DD HH:mm（北京时间），不填为导入时间', example: '2026-12-07 09:30' },
  诉求类别: { required: true, width: 16, note: '问题类别的编码或名称（见“问题类别”表）', example: 'SJ0304' },
  诉求内容: { required: true, width: 40, note: '不超过 2000 字' },
  问题地址: { width: 30, note: '没有经纬度时必填' },
  经度: { width: 12, note: 'WGS84，与纬度同时填写' },
  纬度: { width: 12, note: 'WGS84，与经度同时填写' },
  来电人: { width: 10 },
  联系电话: { width: 14, note: '11 位手机号，加密保存；导出时显示为 138****1234' },
  紧急程度: { width: 10, note: `可填：${Object.values(GRID_URGENCY_LABELS).join('、')}；不填按类别默认` },
};
export const HOTLINE_COLUMNS: TemplateColumn[] = HOTLINE_IMPORT_COLUMNS.map((header) => ({ header, ...NOTES[header] }));

/** The template: the work-order sheet (numbers and times as text) and the tenant's categories for reference. */
export async function hotlineTemplate(deps: Deps, actor: Actor): Promise<Buffer> {
  requirePermission(actor, 'grid.manage');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Duban 智慧督查';
  const ws = addTemplateSheet(wb, HOTLINE_SHEET, HOTLINE_COLUMNS);
  for (const col of [1, 2, 9]) ws.getColumn(col).numFmt = '@';
  const cats = wb.addWorksheet('问题类别');
  cats.columns = [
    { header: '编码', width: 12 },
    { header: '名称', width: 24 },
    { header: '大类', width: 16 },
  ];
  const rows = await categories(deps, actor.tenantId);
  for (const c of rows) cats.addRow([c.code, c.name, c.group_name ?? '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function categories(deps: Deps, tenantId: number) {
  return deps.db
    .selectFrom('grid_categories as c')
    .leftJoin('grid_categories as parent', 'parent.id', 'c.parent_id')
    .select(['c.id', 'c.code', 'c.name', 'parent.name as group_name'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.active', '=', true)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('grid_categories as ch').select('ch.id').whereRef('ch.parent_id', '=', 'c.id').where('ch.active', '=', true))))
    .orderBy('c.code')
    .execute();
}

/** A call time as the hotline writes it: 2026-12-07 09:30, 2026/12/07 09:30:05, or w3; Beijing time when no offset. */
export function parseCallTime(text: string): Date | null {
  const t = text.trim().replace(/\//g, '-').replace(/^(\d{4}-\d{1,2}-\d{1,2})/, (d) => d.replace(/-(\d)(?=-|$)/g, '-0$1'));
  return parseW3Datetime(t);
}

export type HotlineImportSummary = { total: number; created: number; existing: number; tickets: { workOrder: string; ticket: string; existing: boolean }[] };

export async function importHotline(deps: Deps, actor: Actor, file: Buffer): Promise<HotlineImportSummary> {
  requirePermission(actor, 'grid.manage');
  const t = actor.tenantId;
  const wb = isXlsx(file) ? await loadWorkbook(file) : await parseCsv(file, HOTLINE_SHEET);
  const issues: ImportIssue[] = [];
  // A CSV has no sheet names; an .xlsx whose only sheet is named otherwise (the hotline's own export) is read too.
  const names = Object.keys(wb.sheets);
  const sheet = wb.sheets[HOTLINE_SHEET] ? HOTLINE_SHEET : names.length === 1 && names[0] ? names[0] : HOTLINE_SHEET;
  const rows = readSheet(wb, sheet, HOTLINE_COLUMNS, issues);
  if (issues.length) failImport(issues);
  if (rows.length === 0) failImport([{ sheet, row: 2, column: null, message: '表中没有工单' }]);
  if (rows.length > 5000) failImport([{ sheet, row: 0, column: null, message: `一次最多导入 5000 条工单（本表 ${rows.length} 条），请分批导入` }]);

  const cats = await categories(deps, t);
  const byCode = new Map(cats.map((c) => [c.code.toUpperCase(), c]));
  const byName = new Map<string, (typeof cats)[number] | null>();
  for (const c of cats) byName.set(c.name, byName.has(c.name) ? null : c); // a name two categories share is ambiguous
  const settings = await gridSettingsOf(deps.db, t);
  const now = deps.clock.now();
  const seenRefs = new Map<string, number>();
  const planned: PlannedOrder[] = [];
  for (const { row, cells } of rows) {
    const issue = (column: string, message: string) => issues.push({ sheet, row, column, message });
    const before = issues.length;
    const ref = (cells['工单编号'] ?? '').trim();
    if (!ref) issue('工单编号', '不能为空');
    else if (ref.length > 64) issue('工单编号', '不能超过 64 个字符');
    else if (seenRefs.has(ref)) issue('工单编号', `与本表第 ${seenRefs.get(ref)} 行重复：${ref}`);
    else seenRefs.set(ref, row);
    const timeText = cells['来电时间'] ?? '';
    const reportedAt = timeText ? parseCallTime(timeText) : undefined;
    if (reportedAt === null) issue('来电时间', `“${timeText}”应为 YYYY-MM-DD HH:mm 格式的时间`);
    else if (reportedAt && reportedAt.getTime() > now.getTime() + 3_600_000) issue('来电时间', `“${timeText}”晚于现在`);
    const catText = (cells['诉求类别'] ?? '').trim();
    const cat = byCode.get(catText.toUpperCase()) ?? byName.get(catText) ?? undefined;
    if (!catText) issue('诉求类别', '不能为空');
    else if (!cat) issue('诉求类别', byName.get(catText) === null ? `“${catText}”有多个同名类别，请填写类别编码` : `“${catText}”不是本辖区启用的问题类别（见模板“问题类别”表）`);
    const mobileText = (cells['联系电话'] ?? '').replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
    const mobile = !mobileText || MASKED_MOBILE.test(mobileText) ? undefined : mobileText;
    const urgencyText = cells['紧急程度'] ?? '';
    const urgency = urgencyText ? parseHotlineUrgency(urgencyText) : undefined;
    if (urgency === null) issue('紧急程度', `“${urgencyText}”不是有效的紧急程度，可填：${Object.values(GRID_URGENCY_LABELS).join('、')}`);
    const num = (column: '经度' | '纬度') => {
      const v = cells[column] ?? '';
      if (!v) return undefined;
      const n = Number(v);
      if (!Number.isFinite(n)) issue(column, `“${v}”不是数字`);
      return Number.isFinite(n) ? n : undefined;
    };
    const parsed = reportProblemSchema.safeParse({
      categoryId: cat?.id ?? 1,
      urgency: urgency ?? undefined,
      description: cells['诉求内容'] ?? '',
      address: cells['问题地址'] || undefined,
      lon: num('经度'),
      lat: num('纬度'),
      reporterName: cells['来电人'] || undefined,
      reporterMobile: mobile,
      sourceRef: ref || undefined,
    });
    if (!parsed.success) {
      const column: Record<string, string> = { description: '诉求内容', address: '问题地址', lon: '经度', lat: '纬度', reporterName: '来电人', reporterMobile: '联系电话', sourceRef: '工单编号' };
      for (const i of parsed.error.issues) issue(column[String(i.path[0])] ?? '诉求内容', i.message);
    }
    if (issues.length > before || !parsed.success) continue;
    let place: Placement;
    try {
      place = await placeReport(deps.db, t, parsed.data, settings.outsideMarginM);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      issue('经度', err.message);
      continue;
    }
    planned.push({ row, ref, data: parsed.data, reportedAt: reportedAt ?? undefined, place });
  }
  if (issues.length) failImport(issues);

  // All the rows in one transaction, set-based (hotline-bulk.ts): a failure imports nothing.
  const tickets = await writeHotlineOrders(deps, actor, planned);
  const created = tickets.filter((x) => !x.existing).length;
  deps.bus.publish({ tenantId: t, type: 'grid.problem', accountIds: null, data: { action: 'hotline_import' } });
  return { total: planned.length, created, existing: planned.length - created, tickets };
}
