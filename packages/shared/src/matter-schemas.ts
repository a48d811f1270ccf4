import { z } from 'zod';
import { COLOUR_ORDER } from './warning-colours';
import { MATTER_STATUSES, REPORT_CADENCES } from './matter-facts';
import { INSPECTION_FINDINGS, MATTER_SOURCES, PRIORITIES, REQUEST_STATUSES, UNIT_ROLES, UNIT_STATUSES } from './matter-enums';
import { MATTER_ACTIONS } from './matter-lifecycle';
import { ACTION_BLOCK_CODES } from './matter-blockers';
import { isIsoDate } from './time';
import { bigIdSchema, idSchema } from './schemas';
import type { WorkbenchSectionKey } from './workbench';
import type { Role } from './roles';

// Request and response shapes of /api/matters, shared by server (validation, serialisation) and web (types, forms).

export const isoDateSchema = z.string().trim().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD' });
const percent = z.number({ error: '进度应为 0–100 之间的数字' }).min(0, { error: '进度不能小于 0' }).max(100, { error: '进度不能大于 100' });
const weightSchema = z.number().min(0.1, { error: '权重不能小于 0.1' }).max(10, { error: '权重不能大于 10' });

export const milestoneInputSchema = z.object({
  date: isoDateSchema,
  plannedProgress: percent,
  description: z.string().trim().max(200).default(''),
});

const matterFields = {
  title: z.string().trim().min(1, { error: '标题不能为空' }).max(200, { error: '标题不能超过 200 字' }),
  content: z.string().trim().max(20_000).default(''),
  source: z.enum(MATTER_SOURCES, { error: '来源不正确' }),
  sourceDoc: z.string().trim().max(300).nullish(),
  categoryId: idSchema.nullish(),
  leadLeaderId: idSchema.nullish(),
  leadUnitId: idSchema,
  coUnitIds: z.array(idSchema).max(100).default([]),
  handlerIds: z.array(idSchema).max(200).default([]),
  startDate: isoDateSchema,
  /** The deadline as a date (时限), or … */
  deadline: isoDateSchema.nullish(),
  /** … as "N 个工作日" from the start date, counted through the working-day calendar. */
  deadlineWorkdays: z.number().int().min(1, { error: '工作日数至少为 1' }).max(1000).nullish(),
  milestones: z.array(milestoneInputSchema).max(50).default([]),
  reportCadence: z.enum(REPORT_CADENCES).default('weekly'),
  priority: z.enum(PRIORITIES).default('normal'),
  difficulty: weightSchema.default(1),
  workload: weightSchema.default(1),
  weight: weightSchema.default(1),
  investmentPlan: z.number().min(0).max(1e10).nullish(),
};

/** Cross-field rules every matter input obeys (the server re-checks what needs the database). */
function checkMatter(v: { startDate: string; deadline?: string | null; deadlineWorkdays?: number | null; milestones: { date: string }[]; leadUnitId: number; coUnitIds: number[] }, ctx: z.RefinementCtx) {
  if (!v.deadline && !v.deadlineWorkdays) ctx.addIssue({ code: 'custom', path: ['deadline'], message: '请填写时限（日期或工作日数）' });
  if (v.deadline && v.deadlineWorkdays) ctx.addIssue({ code: 'custom', path: ['deadlineWorkdays'], message: '时限只能填日期或工作日数之一' });
  if (v.deadline && v.deadline < v.startDate) ctx.addIssue({ code: 'custom', path: ['deadline'], message: '时限不能早于开始日期' });
  v.milestones.forEach((m, i) => {
    if (m.date < v.startDate || (v.deadline && m.date > v.deadline)) {
      ctx.addIssue({ code: 'custom', path: ['milestones', i, 'date'], message: `节点日期 ${m.date} 不在事项的开始日期与时限之间` });
    }
  });
  if (v.coUnitIds.includes(v.leadUnitId)) ctx.addIssue({ code: 'custom', path: ['coUnitIds'], message: '配合单位不能与牵头单位相同' });
  if (new Set(v.coUnitIds).size !== v.coUnitIds.length) ctx.addIssue({ code: 'custom', path: ['coUnitIds'], message: '配合单位有重复' });
}

export const matterCreateSchema = z.object(matterFields).superRefine(checkMatter);
export type MatterCreateInput = z.input<typeof matterCreateSchema>;

export const matterUpdateSchema = z
  .object({
    ...matterFields,
    version: z.number().int(),
    /** Why the deadline moves although an extension was approved (required then; see decideDeadlineEdit). */
    deadlineChangeReason: z.string().trim().max(500, { error: '时限变更理由不能超过 500 字' }).nullish(),
  })
  .superRefine(checkMatter);
export type MatterUpdateInput = z.input<typeof matterUpdateSchema>;

/** A sub-matter (分解): its own lead leader, unit and deadline, never later than the parent's. */
export const subMatterCreateSchema = z.object({ ...matterFields, source: matterFields.source.optional() }).superRefine(checkMatter);

const commaList = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item)).optional();

/** Workbench sections the ledger can list in full (`todo=`): the viewer's own work, as the workbench counts it. */
export const LEDGER_TODOS = ['to_sign', 'to_report', 'to_approve_extension', 'notices_to_acknowledge'] as const satisfies readonly WorkbenchSectionKey[];
export type LedgerTodo = (typeof LEDGER_TODOS)[number];

export const LEDGER_SORTS = ['deadline', 'created_at', 'progress', 'number', 'colour', 'updated_at'] as const;

/** GET /api/matters: every filter of the ledger (台账). Lists may repeat the parameter or use commas. */
export const ledgerQuerySchema = z.object({
  status: commaList(z.enum(MATTER_STATUSES)),
  colour: commaList(z.enum([...COLOUR_ORDER, 'none'])),
  unitId: idSchema.optional(), // lead or co-unit
  leadUnitId: idSchema.optional(),
  leaderId: idSchema.optional(),
  source: commaList(z.enum(MATTER_SOURCES)),
  categoryId: idSchema.optional(),
  priority: commaList(z.enum(PRIORITIES)),
  deadlineFrom: isoDateSchema.optional(),
  deadlineTo: isoDateSchema.optional(),
  createdFrom: isoDateSchema.optional(),
  createdTo: isoDateSchema.optional(),
  closedFrom: isoDateSchema.optional(),
  closedTo: isoDateSchema.optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** Closed (closed_at set) on or before the deadline (true) or after it (false); Asia/Shanghai dates. */
  closedOnTime: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** Turned yellow, blue or red (a colour_history row) between these dates, inclusive. */
  warnedFrom: isoDateSchema.optional(),
  warnedTo: isoDateSchema.optional(),
  /** For a viewer with a unit scope: only matters led by their units or with them as lead leader (the cockpit's scope). */
  leadScope: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  parentId: idSchema.optional(),
  topLevel: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** What waits for the viewer (their unit to sign or report, extensions to decide, notices to sign for). */
  todo: z.enum(LEDGER_TODOS).optional(),
  q: z.string().trim().max(100).optional(),
  sort: z.enum(LEDGER_SORTS).default('deadline'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
  /** Alternative paging: page (from 1) and pageSize win over limit/offset when given. */
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
});
export type LedgerQuery = z.infer<typeof ledgerQuerySchema>;

const colourEnum = z.enum(COLOUR_ORDER);
export const colourReasonViewSchema = z.object({ code: z.string(), colour: colourEnum, text: z.string() });

export const matterListItemSchema = z.object({
  id: z.number().int(),
  number: z.string(),
  title: z.string(),
  source: z.enum(MATTER_SOURCES),
  categoryId: z.number().int().nullable(),
  categoryName: z.string().nullable(),
  leadLeaderId: z.number().int().nullable(),
  leadLeaderName: z.string().nullable(),
  leadUnitId: z.number().int(),
  leadUnitName: z.string(),
  coUnitNames: z.array(z.string()),
  startDate: z.string(),
  deadline: z.string(),
  originalDeadline: z.string(),
  deadlineProvisional: z.boolean(),
  status: z.enum(MATTER_STATUSES),
  progress: z.number(),
  priority: z.enum(PRIORITIES),
  colour: colourEnum.nullable(),
  colourReasons: z.array(colourReasonViewSchema),
  parentId: z.number().int().nullable(),
  childCount: z.number().int(),
  lastReportAt: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
});
export type MatterListItem = z.infer<typeof matterListItemSchema>;

export const matterUnitViewSchema = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  role: z.enum(UNIT_ROLES),
  status: z.enum(UNIT_STATUSES),
  progress: z.number(),
  signedAt: z.string().nullable(),
  lastReportAt: z.string().nullable(),
  completionRequestedAt: z.string().nullable(),
  handlers: z.array(z.object({ personId: z.number().int(), name: z.string() })),
});

export const attachmentViewSchema = z.object({ id: z.number().int(), fileName: z.string(), mime: z.string(), size: z.number().int(), url: z.string(), createdAt: z.string() });
export type AttachmentView = z.infer<typeof attachmentViewSchema>;

export const progressReportViewSchema = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  reporterName: z.string(),
  progress: z.number(),
  text: z.string(),
  investmentDone: z.number().nullable(),
  disputed: z.boolean(),
  createdAt: z.string(),
  attachments: z.array(attachmentViewSchema),
});

export const extensionViewSchema = z.object({
  id: z.number().int(),
  unitName: z.string().nullable(),
  requestedBy: z.string().nullable(),
  requestedDeadline: z.string(),
  previousDeadline: z.string(),
  reason: z.string(),
  status: z.enum(REQUEST_STATUSES),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
});

export const completionViewSchema = z.object({
  id: z.number().int(),
  unitName: z.string().nullable(),
  requestedBy: z.string().nullable(),
  evidence: z.string(),
  status: z.enum(['pending', 'accepted', 'returned', 'superseded']),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
  attachments: z.array(attachmentViewSchema),
});

/** A unit's written reply (书面报送) to a 督查通知单: text and files. */
export const noticeReplyViewSchema = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  body: z.string(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string(),
  attachments: z.array(attachmentViewSchema),
});
export type NoticeReplyView = z.infer<typeof noticeReplyViewSchema>;

export const noticeViewSchema = z.object({
  id: z.number().int(),
  number: z.string(),
  title: z.string(),
  body: z.string(),
  replyBy: z.string().nullable(),
  issuedBy: z.string().nullable(),
  issuedAt: z.string(),
  recipients: z.array(z.object({ personId: z.number().int(), name: z.string(), unitName: z.string().nullable(), roleLabel: z.string().nullable(), acknowledgedAt: z.string().nullable() })),
  docxUrl: z.string(),
  /** Closed with its matter (archived, cancelled): nothing more is owed on it. */
  closed: z.boolean(),
  /** 书面报送: the recipients' units, each with the time of its first written reply (null while none). */
  replyUnits: z.array(z.object({ unitId: z.number().int(), unitName: z.string(), repliedAt: z.string().nullable() })),
  replies: z.array(noticeReplyViewSchema),
  /** Whether the viewer may submit a written reply for their unit now (unit liaison or head, notice open). */
  canReply: z.boolean(),
});
export type NoticeView = z.infer<typeof noticeViewSchema>;

export const inspectionViewSchema = z.object({
  id: z.number().int(),
  inspectedAt: z.string(),
  location: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  finding: z.enum(INSPECTION_FINDINGS),
  unannounced: z.boolean(),
  notes: z.string(),
  inspectors: z.array(z.string()),
  campaignId: z.number().int().nullable(),
  createdAt: z.string(),
  attachments: z.array(attachmentViewSchema),
});

export const urgeViewSchema = z.object({ id: z.number().int(), urgedBy: z.string().nullable(), message: z.string(), createdAt: z.string() });

export const matterDetailSchema = matterListItemSchema.extend({
  content: z.string(),
  sourceDoc: z.string().nullable(),
  deadlineWorkdays: z.number().int().nullable(),
  reportCadence: z.enum(REPORT_CADENCES),
  difficulty: z.number(),
  workload: z.number(),
  weight: z.number(),
  investmentPlan: z.number().nullable(),
  investmentDone: z.number().nullable(),
  assignedAt: z.string().nullable(),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  cancelReason: z.string().nullable(),
  returnCount: z.number().int(),
  parent: z.object({ id: z.number().int(), number: z.string(), title: z.string(), deadline: z.string() }).nullable(),
  units: z.array(matterUnitViewSchema),
  milestones: z.array(z.object({ id: z.number().int(), date: z.string(), plannedProgress: z.number(), description: z.string(), reached: z.boolean() })),
  children: z.array(matterListItemSchema),
  reports: z.array(progressReportViewSchema),
  extensions: z.array(extensionViewSchema),
  completions: z.array(completionViewSchema),
  attachments: z.array(attachmentViewSchema),
  notices: z.array(noticeViewSchema),
  inspections: z.array(inspectionViewSchema),
  urges: z.array(urgeViewSchema),
  /** The deadline falls on a day off under the tenant's calendar (a fixed date a holiday now covers). */
  deadlineOnHoliday: z.boolean(),
  /** A parent's progress in its two parts (its own units' reports, null before any; its children's weighted); null without children. */
  progressParts: z.object({ own: z.number().nullable(), children: z.number().nullable() }).nullable(),
  /** Planned vs actual progress over time, for the chart: one point per report day, milestone, start, today and deadline. */
  progressSeries: z.array(z.object({ date: z.string(), planned: z.number(), actual: z.number().nullable() })),
  /** What the viewer may do now (from the state machine and the viewer's part in the matter). */
  allowedActions: z.array(z.enum(MATTER_ACTIONS)),
  /** Actions the state machine allows that cannot succeed now, with the reason (e.g. a sub-matter still open). */
  blockedActions: z.array(z.object({ action: z.enum(MATTER_ACTIONS), code: z.enum(ACTION_BLOCK_CODES), message: z.string() })),
  /** The viewer's own unit on this matter, when they are one of its units' people. */
  viewerUnitId: z.number().int().nullable(),
  /** The colour recomputed at this moment (the ledger shows the colour as of the last sweep). */
  live: z.object({ colour: colourEnum.nullable(), reasons: z.array(colourReasonViewSchema), plannedProgress: z.number(), provisional: z.boolean() }),
  /** Where the matter came from when another module created it: the grid problem it was escalated from (转入督办). */
  origin: z.object({ type: z.literal('grid_problem'), id: z.string(), ticket: z.string(), title: z.string(), status: z.string(), link: z.string() }).nullable().optional(),
});
export type MatterDetail = z.infer<typeof matterDetailSchema>;

// ---- actions (one sub-resource each) ----

export const assignSchema = z.object({ note: z.string().trim().max(500).optional(), version: z.number().int() });
export const signSchema = z.object({ unitId: idSchema.optional() });
export const delegateSchema = z.object({ unitId: idSchema.optional(), handlerIds: z.array(idSchema).min(1, { error: '请至少选择一名承办人' }).max(20) });
export const reportSchema = z.object({
  unitId: idSchema.optional(),
  progress: percent,
  text: z.string().trim().min(1, { error: '请填写汇报内容' }).max(5000),
  investmentDone: z.number().min(0).max(1e10).nullish(),
  attachmentIds: z.array(bigIdSchema).max(20).default([]),
});
export const extensionRequestSchema = z.object({
  unitId: idSchema.optional(),
  requestedDeadline: isoDateSchema,
  reason: z.string().trim().min(1, { error: '请填写延期理由' }).max(2000),
});
export const extensionDecisionSchema = z.object({ approve: z.boolean(), note: z.string().trim().max(1000).optional() });
export const completionRequestSchema = z.object({
  unitId: idSchema.optional(),
  evidence: z.string().trim().min(1, { error: '请填写办结情况说明' }).max(5000),
  attachmentIds: z.array(bigIdSchema).max(20).default([]),
});
export const returnSchema = z.object({ reason: z.string().trim().min(1, { error: '请填写退回理由' }).max(2000), unitIds: z.array(idSchema).optional() });
export const acceptSchema = z.object({ note: z.string().trim().max(1000).optional() });
export const rateSchema = z.object({ rating: z.number().int().min(1, { error: '评分为 1–5' }).max(5, { error: '评分为 1–5' }), comment: z.string().trim().max(1000).optional() });
export const cancelSchema = z.object({ reason: z.string().trim().min(1, { error: '请填写撤销理由' }).max(1000) });
/**
 * 单位办结/改派: the office settles one unit's part without editing the matter — closes it (counted as done) or
 * hands it to another unit (which then signs for it) — for a unit that cannot act (e.g. nobody there has an account).
 */
export const settleUnitSchema = z
  .object({
    unitId: idSchema,
    mode: z.enum(['close', 'reassign'], { error: '请选择办结该单位部分或改派给其他单位' }),
    toUnitId: idSchema.optional(),
    reason: z.string().trim().min(1, { error: '请填写理由' }).max(1000),
  })
  .refine((v) => v.mode !== 'reassign' || v.toUnitId !== undefined, { path: ['toUnitId'], error: '请选择改派给哪个单位' });
export type SettleUnitInput = z.infer<typeof settleUnitSchema>;
export const urgeSchema = z.object({ message: z.string().trim().max(500).optional() });
export const noticeCreateSchema = z.object({
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1, { error: '请填写通知内容' }).max(10_000),
  replyBy: isoDateSchema.nullish(),
  recipients: z.array(z.object({ personId: idSchema, roleLabel: z.string().trim().max(40).nullish() })).min(1, { error: '请至少选择一名接收人' }).max(50),
});
/** POST /api/notices/{id}/replies: the unit's written reply (书面报送), text and uploaded files. */
export const noticeReplyCreateSchema = z.object({
  body: z.string({ error: '请填写报送内容' }).trim().min(1, { error: '请填写报送内容' }).max(10_000, { error: '报送内容不能超过 10000 字' }),
  attachmentIds: z.array(bigIdSchema).max(20, { error: '附件不能超过 20 个' }).default([]),
});
export type NoticeReplyInput = z.infer<typeof noticeReplyCreateSchema>;

/**
 * Who may submit a unit's written reply to a notice: the liaison or the head of a unit the notice was
 * addressed to (a recipient's unit), while the notice is open. The office issues; it does not reply.
 */
export function mayReplyToNotice(actor: { roles: readonly Role[]; unitId: number | null }, notice: { closed: boolean; replyUnitIds: readonly number[] }): boolean {
  if (notice.closed || actor.unitId === null) return false;
  if (!actor.roles.some((r) => r === 'liaison' || r === 'unit_head')) return false;
  return notice.replyUnitIds.includes(actor.unitId);
}

export const inspectionCreateSchema = z.object({
  inspectedAt: z.iso.datetime({ offset: true, error: '时间格式不正确' }),
  location: z.string().trim().max(300).default(''),
  lat: z.number().min(-90).max(90).nullish(),
  lng: z.number().min(-180).max(180).nullish(),
  finding: z.enum(INSPECTION_FINDINGS, { error: '请选择督查结论' }),
  unannounced: z.boolean().default(false),
  notes: z.string().trim().max(5000).default(''),
  inspectorIds: z.array(idSchema).max(20).default([]),
  campaignId: idSchema.nullish(),
  attachmentIds: z.array(bigIdSchema).max(20).default([]),
});
