import {
  COLOUR_LABELS,
  DEFAULT_CATEGORIES,
  MATTER_SOURCE_LABELS,
  MATTER_SOURCES,
  MATTER_STATUS_LABELS,
  PRIORITIES,
  PRIORITY_LABELS,
  REPORT_CADENCE_LABELS,
  REPORT_CADENCES,
} from '@duban/shared';
import type { TemplateColumn } from '../../lib/xlsx';
import type { ExportRow } from './ledger.export.query';

/** The sheet both the export and the import use, so an exported ledger can be edited and imported back. */
export const LEDGER_SHEET = '督办事项台账';

type Cell = string | number | Date | null;

/**
 * One column of the ledger workbook: its Chinese header, and either how the export fills it, how
 * the import reads it (`field`), or both. Columns without `field` are export-only (编号, 状态 …).
 */
export type LedgerColumn = TemplateColumn & { field?: ImportField; value: (r: ExportRow) => Cell };

export type ImportField =
  | 'title'
  | 'content'
  | 'source'
  | 'sourceDoc'
  | 'category'
  | 'leadLeader'
  | 'leadUnit'
  | 'coUnits'
  | 'handlers'
  | 'startDate'
  | 'deadline'
  | 'deadlineWorkdays'
  | 'reportCadence'
  | 'priority'
  | 'difficulty'
  | 'workload'
  | 'weight'
  | 'investmentPlan'
  | 'milestones';

const list = (xs: readonly string[] | null) => (xs ?? []).join('、');
const optNumber = (n: number | null) => (n === null ? null : Number(n));
// Instants as people in Zhengzhou read them (UTC+8, no daylight saving).
const dt = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : null);

/** 2026-12-01 50% 完成拆迁；2026-12-20 100% 竣工 */
export function formatMilestones(ms: readonly { date: string; planned: number; description: string }[]): string {
  return ms.map((m) => `${m.date} ${m.planned}%${m.description ? ` ${m.description}` : ''}`).join('；');
}

export const LEDGER_COLUMNS: LedgerColumn[] = [
  { header: '编号', width: 18, value: (r) => r.number, note: '系统生成，导入时忽略' },
  { header: '标题', field: 'title', required: true, width: 36, example: '五里堡片区道路改造', value: (r) => r.title },
  { header: '内容', field: 'content', width: 40, value: (r) => r.content },
  { header: '来源', field: 'source', required: true, width: 14, note: `可填：${MATTER_SOURCES.map((s) => MATTER_SOURCE_LABELS[s]).join('、')}`, example: '重点工作', value: (r) => MATTER_SOURCE_LABELS[r.source] },
  { header: '来源文件', field: 'sourceDoc', width: 20, example: '二七文〔2026〕12号', value: (r) => r.source_doc },
  { header: '类别', field: 'category', width: 12, note: `类别名称，如：${DEFAULT_CATEGORIES.slice(0, 5).join('、')}`, example: '项目建设', value: (r) => r.category_name },
  { header: '牵头领导', field: 'leadLeader', width: 12, note: '人员姓名（须在系统中）', value: (r) => r.lead_leader_name },
  { header: '牵头单位', field: 'leadUnit', required: true, width: 24, note: '单位全称（须在系统中）', example: '五里堡街道办事处', value: (r) => r.lead_unit_name },
  { header: '配合单位', field: 'coUnits', width: 28, note: '多个用顿号“、”分隔', value: (r) => list(r.co_unit_names) },
  { header: '承办人', field: 'handlers', width: 20, note: '牵头或配合单位的人员姓名，多个用顿号分隔', value: (r) => list(r.handler_names) },
  { header: '开始日期', field: 'startDate', required: true, width: 12, note: '格式 2026-11-20', example: '2026-11-20', value: (r) => r.start_date },
  { header: '时限', field: 'deadline', width: 12, note: '完成日期；或改填“时限工作日数”', example: '2026-12-31', value: (r) => r.deadline },
  { header: '时限工作日数', field: 'deadlineWorkdays', width: 12, note: '自开始日期起的工作日数；与“时限”都填时以“时限”为准', value: (r) => r.deadline_workdays },
  { header: '汇报周期', field: 'reportCadence', width: 10, note: `可填：${REPORT_CADENCES.map((c) => REPORT_CADENCE_LABELS[c]).join('、')}；默认每周`, value: (r) => REPORT_CADENCE_LABELS[r.report_cadence] },
  { header: '优先级', field: 'priority', width: 8, note: `可填：${PRIORITIES.map((p) => PRIORITY_LABELS[p]).join('、')}；默认一般`, value: (r) => PRIORITY_LABELS[r.priority] },
  { header: '难度系数', field: 'difficulty', width: 9, note: '0.1–10，默认 1', value: (r) => Number(r.difficulty) },
  { header: '工作量系数', field: 'workload', width: 10, note: '0.1–10，默认 1', value: (r) => Number(r.workload) },
  { header: '权重', field: 'weight', width: 8, note: '0.1–10，默认 1', value: (r) => Number(r.weight) },
  { header: '计划投资（万元）', field: 'investmentPlan', width: 14, value: (r) => optNumber(r.investment_plan) },
  { header: '节点', field: 'milestones', width: 40, note: '每个节点“日期 计划进度% 说明”，多个用分号分隔', example: '2026-12-01 50% 完成拆迁；2026-12-20 100% 竣工', value: (r) => r.milestones_text },
  { header: '状态', width: 10, value: (r) => MATTER_STATUS_LABELS[r.status] },
  { header: '进度（%）', width: 9, value: (r) => Number(r.progress) },
  { header: '预警', width: 8, value: (r) => (r.colour ? COLOUR_LABELS[r.colour].label : '') },
  { header: '原时限', width: 12, value: (r) => r.original_deadline },
  { header: '已完成投资（万元）', width: 14, value: (r) => optNumber(r.investment_done) },
  { header: '上级事项', width: 18, value: (r) => r.parent_number },
  { header: '交办时间', width: 18, value: (r) => dt(r.assigned_at) },
  { header: '最近汇报', width: 18, value: (r) => dt(r.last_report_at) },
  { header: '办结时间', width: 18, value: (r) => dt(r.closed_at) },
  { header: '评分', width: 6, value: (r) => r.rating },
  { header: '登记时间', width: 18, value: (r) => dt(r.created_at) },
];

/** The columns a person fills in the import template. */
export const IMPORT_COLUMNS = LEDGER_COLUMNS.filter((c) => c.field);
