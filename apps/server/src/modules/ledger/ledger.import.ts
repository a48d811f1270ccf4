import ExcelJS from 'exceljs';
import { matterCreateSchema, MATTER_SOURCE_LABELS, MATTER_SOURCES } from '@duban/shared';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { addTemplateSheet, loadWorkbook, readSheet, type ImportIssue } from '../../lib/xlsx';
import { createMatter } from '../matters/matter.service';
import { recordTrace } from '../trace/trace.service';
import { IMPORT_COLUMNS, LEDGER_SHEET, type ImportField } from './ledger.columns';
import { parseCadence, parseDate, parseMilestones, parseNumber, parsePriority, parseSource, splitNames } from './ledger.parse';

/** One problem in the sheet: its row (as Excel numbers it), the column header and what is wrong. */
export type RowError = { row: number; field: string; message: string };

/** The most rows one import takes; a year of a district is 1,000–2,000 matters. */
export const MAX_IMPORT_ROWS = 5000;

const HEADERS = new Map(IMPORT_COLUMNS.map((c) => [c.field, c.header.replace(/[*＊\s]/g, '')]));
const header = (f: ImportField): string => HEADERS.get(f) ?? f;

// zod paths of matterCreateSchema → the column a person should fix.
const PATH_FIELD: Record<string, ImportField> = {
  title: 'title',
  content: 'content',
  source: 'source',
  sourceDoc: 'sourceDoc',
  categoryId: 'category',
  leadLeaderId: 'leadLeader',
  leadUnitId: 'leadUnit',
  coUnitIds: 'coUnits',
  handlerIds: 'handlers',
  startDate: 'startDate',
  deadline: 'deadline',
  deadlineWorkdays: 'deadlineWorkdays',
  milestones: 'milestones',
  reportCadence: 'reportCadence',
  priority: 'priority',
  difficulty: 'difficulty',
  workload: 'workload',
  weight: 'weight',
  investmentPlan: 'investmentPlan',
};

/** Throws the all-or-nothing import error: 400 with every row problem, nothing written. */
export function failRows(errors: RowError[]): never {
  const first = errors.slice(0, 3).map((e) => `第 ${e.row} 行${e.field ? `“${e.field}”` : ''}：${e.message}`);
  throw new AppError('import_failed', `导入失败，共 ${errors.length} 处错误，未导入任何事项。${first.join('；')}${errors.length > 3 ? '……' : ''}`, { errors });
}

/** The import template: the ledger's importable columns with notes and an example row, and a sheet of valid values. */
export async function ledgerTemplate(deps: Deps, actor: Actor): Promise<Buffer> {
  requirePermission(actor, 'matter.create');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Duban 智慧督查';
  const ws = addTemplateSheet(wb, LEDGER_SHEET, IMPORT_COLUMNS);
  ws.addRow(IMPORT_COLUMNS.map((c) => c.example ?? ''));
  const [units, categories] = await Promise.all([
    deps.db.selectFrom('units').select('name').where('tenant_id', '=', actor.tenantId).where('active', '=', true).where('kind', '!=', 'division').orderBy('sort').orderBy('id').execute(),
    deps.db.selectFrom('categories').select('name').where('tenant_id', '=', actor.tenantId).where('active', '=', true).orderBy('sort').orderBy('id').execute(),
  ]);
  const notes = wb.addWorksheet('填写说明');
  notes.columns = [
    { header: '来源', width: 20 },
    { header: '类别', width: 16 },
    { header: '单位名称', width: 30 },
    { header: '说明', width: 60 },
  ];
  notes.getRow(1).font = { bold: true };
  const tips = [
    '带 * 的列必填；“时限”与“时限工作日数”填一个即可，都填时以“时限”为准。',
    '日期写作 2026-11-20（也可 2026/11/20、2026年11月20日）。',
    '单位、人员、类别须与系统中的名称完全一致。',
    '导入是“全部成功或全部不导入”：有任何一处错误，会列出所有错误的行和列，不导入任何事项。',
    '导入的事项为“立项”状态，核对后再交办。',
  ];
  const height = Math.max(MATTER_SOURCES.length, categories.length, units.length, tips.length);
  for (let i = 0; i < height; i++) {
    const s = MATTER_SOURCES[i];
    notes.addRow([s ? MATTER_SOURCE_LABELS[s] : '', categories[i]?.name ?? '', units[i]?.name ?? '', tips[i] ?? '']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Imports matters from the ledger sheet, all or nothing: every row is checked (names against the
 * organisation, dates, deadline after start, milestones …) and every problem reported with its row
 * and column; only when all rows are sound are they registered, in one transaction.
 */
export async function importLedger(deps: Deps, actor: Actor, file: Buffer): Promise<{ created: number; numbers: string[] }> {
  requirePermission(actor, 'matter.create');
  const wb = await loadWorkbook(file, LEDGER_SHEET);
  const issues: ImportIssue[] = [];
  const rows = readSheet(wb, LEDGER_SHEET, IMPORT_COLUMNS, issues);
  if (issues.length) failRows(issues.map((i) => ({ row: i.row, field: i.column ?? '', message: i.message })));
  if (!rows.length) failRows([{ row: 2, field: '', message: '表格中没有事项' }]);
  if (rows.length > MAX_IMPORT_ROWS) failRows([{ row: 0, field: '', message: `一次最多导入 ${MAX_IMPORT_ROWS} 条事项，本表有 ${rows.length} 条，请分批导入` }]);

  const t = actor.tenantId;
  const [units, people, categories] = await Promise.all([
    deps.db.selectFrom('units').select(['id', 'name', 'kind']).where('tenant_id', '=', t).where('active', '=', true).execute(),
    deps.db.selectFrom('people').select(['id', 'name', 'unit_id']).where('tenant_id', '=', t).where('active', '=', true).execute(),
    deps.db.selectFrom('categories').select(['id', 'name']).where('tenant_id', '=', t).where('active', '=', true).execute(),
  ]);
  const unitByName = new Map<string, number>();
  for (const u of units) if (u.kind !== 'division' || !unitByName.has(u.name)) unitByName.set(u.name, u.id);
  const categoryByName = new Map(categories.map((c) => [c.name, c.id]));

  const errors: RowError[] = [];
  const inputs: { row: number; input: ReturnType<typeof matterCreateSchema.parse> }[] = [];
  for (const { row, cells } of rows) {
    const cell = (f: ImportField) => cells[header(f)] ?? '';
    const err = (f: ImportField, message: string) => errors.push({ row, field: header(f), message });
    const before = errors.length;

    const source = cell('source') ? parseSource(cell('source')) : null;
    if (!cell('source')) err('source', '不能为空');
    else if (!source) err('source', `“${cell('source')}”不是有效的来源，可填：${MATTER_SOURCES.map((s) => MATTER_SOURCE_LABELS[s]).join('、')}`);

    const leadUnitId = unitByName.get(cell('leadUnit'));
    if (!cell('leadUnit')) err('leadUnit', '不能为空');
    else if (!leadUnitId) err('leadUnit', `单位“${cell('leadUnit')}”不存在`);
    const coUnitIds: number[] = [];
    for (const name of splitNames(cell('coUnits'))) {
      const id = unitByName.get(name);
      if (!id) err('coUnits', `单位“${name}”不存在`);
      else coUnitIds.push(id);
    }
    const unitIds = new Set([leadUnitId, ...coUnitIds]);
    const handlerIds: number[] = [];
    for (const name of splitNames(cell('handlers'))) {
      const found = people.filter((p) => p.name === name && unitIds.has(p.unit_id));
      if (!found.length) err('handlers', `“${name}”不是牵头或配合单位的人员`);
      else if (found.length > 1) err('handlers', `牵头和配合单位中有 ${found.length} 名“${name}”，无法区分`);
      else handlerIds.push(found[0]!.id);
    }
    let leadLeaderId: number | null = null;
    if (cell('leadLeader')) {
      const found = people.filter((p) => p.name === cell('leadLeader'));
      if (!found.length) err('leadLeader', `人员“${cell('leadLeader')}”不存在`);
      else if (found.length > 1) err('leadLeader', `系统中有 ${found.length} 名“${cell('leadLeader')}”，无法区分`);
      else leadLeaderId = found[0]!.id;
    }
    let categoryId: number | null = null;
    if (cell('category')) {
      categoryId = categoryByName.get(cell('category')) ?? null;
      if (!categoryId) err('category', `类别“${cell('category')}”不存在`);
    }

    const date = (f: ImportField, required: boolean) => {
      const text = cell(f);
      if (!text) {
        if (required) err(f, '不能为空');
        return null;
      }
      const d = parseDate(text);
      if (!d) err(f, `“${text}”不是有效的日期，应写作 2026-11-20`);
      return d;
    };
    const num = (f: ImportField) => {
      const text = cell(f);
      if (!text) return undefined;
      const n = parseNumber(text);
      if (n === null) err(f, `“${text}”不是数字`);
      return n ?? undefined;
    };
    const startDate = date('startDate', true);
    const deadline = date('deadline', false);
    const deadlineWorkdays = num('deadlineWorkdays');
    const ms = cell('milestones') ? parseMilestones(cell('milestones')) : { ok: true as const, value: [] };
    if (!ms.ok) err('milestones', `“${ms.bad}”格式不正确，应写作“2026-12-01 50% 说明”`);
    const cadence = cell('reportCadence') ? parseCadence(cell('reportCadence')) : 'weekly';
    if (!cadence) err('reportCadence', `“${cell('reportCadence')}”不是有效的汇报周期`);
    const priority = cell('priority') ? parsePriority(cell('priority')) : 'normal';
    if (!priority) err('priority', `“${cell('priority')}”不是有效的优先级`);
    const difficulty = num('difficulty');
    const workload = num('workload');
    const weight = num('weight');
    const investmentPlan = num('investmentPlan');
    if (errors.length > before || !source || !leadUnitId || !startDate || !ms.ok || !cadence || !priority) continue;

    const parsed = matterCreateSchema.safeParse({
      title: cell('title'),
      content: cell('content'),
      source,
      sourceDoc: cell('sourceDoc') || null,
      categoryId,
      leadLeaderId,
      leadUnitId,
      coUnitIds,
      handlerIds,
      startDate,
      deadline,
      deadlineWorkdays: deadline ? null : (deadlineWorkdays ?? null),
      milestones: ms.value,
      reportCadence: cadence,
      priority,
      difficulty,
      workload,
      weight,
      investmentPlan: investmentPlan ?? null,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const f = PATH_FIELD[String(issue.path[0] ?? '')];
        errors.push({ row, field: f ? header(f) : '', message: issue.message });
      }
      continue;
    }
    inputs.push({ row, input: parsed.data });
  }
  if (errors.length) failRows(errors);

  return inTransaction(deps.db, async (trx) => {
    // Everything createMatter reads goes through this transaction: the embedded engine has one
    // connection, so a read on deps.db (the working-day calendar) would wait for this commit forever.
    const txDeps: Deps = { ...deps, db: trx };
    const numbers: string[] = [];
    for (const { row, input } of inputs) {
      try {
        numbers.push((await createMatter(trx, txDeps, actor, input)).number);
      } catch (e) {
        // What only the database can tell (a handler outside the units, a workday count past the calendar …).
        if (e instanceof AppError && e.code === 'validation_failed' && Array.isArray(e.details)) {
          failRows(
            e.details.map((d: { field?: string; message?: string }) => {
              const f = PATH_FIELD[String(d.field ?? '').split('.')[0] ?? ''];
              return { row, field: f ? header(f) : '', message: d.message ?? e.message };
            }),
          );
        }
        throw e;
      }
    }
    await recordTrace(trx, deps.clock, actor, { action: 'matter.import', entityType: 'tenant', entityId: t, after: { created: numbers.length, first: numbers[0] ?? null, last: numbers.at(-1) ?? null } });
    return { created: numbers.length, numbers };
  });
}
