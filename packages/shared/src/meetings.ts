import { z } from 'zod';
import { isoDateSchema } from './matter-schemas';
import { bigIdSchema, idSchema } from './schemas';
import { COLOUR_ORDER } from './warning-colours';

// 联席会议 (joint meetings on cross-department grid problems) and 督查工作例会 (the office's weekly meeting,
// 一会一督办): request and response shapes. Each decision (议定事项) is a task for a unit with a deadline.

export const MEETING_KINDS = ['joint', 'supervision'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_KIND_LABELS: Record<MeetingKind, string> = { joint: '联席会议', supervision: '督查工作例会' };

export const DECISION_STATUSES = ['open', 'done'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];
export const DECISION_STATUS_LABELS: Record<DecisionStatus, string> = { open: '落实中', done: '已落实' };

const MAX_DECISIONS = 100;

export const meetingDecisionInputSchema = z.object({
  /** An existing decision being kept (edited); absent for a new one. */
  id: idSchema.optional(),
  content: z.string({ error: '请填写议定事项' }).trim().min(1, { error: '请填写议定事项' }).max(500, { error: '议定事项不能超过 500 字' }),
  unitId: idSchema,
  deadline: isoDateSchema,
  /** The referred grid problem this decision is about (joint meetings). */
  problemId: bigIdSchema.nullish(),
});
export type MeetingDecisionInput = z.infer<typeof meetingDecisionInputSchema>;

const meetingFields = {
  title: z.string({ error: '请填写会议名称' }).trim().min(1, { error: '请填写会议名称' }).max(200, { error: '会议名称不能超过 200 字' }),
  heldOn: isoDateSchema,
  convenorPersonId: idSchema.nullish(),
  convenorUnitId: idSchema.nullish(),
  minutes: z.string().trim().max(20_000, { error: '会议纪要不能超过 20000 字' }).default(''),
  /** Units invited: present (参会) or absent (缺席). */
  units: z.array(z.object({ unitId: idSchema, present: z.boolean().default(true) })).max(300).default([]),
  /** Grid problems referred to the meeting (joint meetings only). */
  problemIds: z.array(bigIdSchema).max(MAX_DECISIONS).default([]),
  decisions: z.array(meetingDecisionInputSchema).max(MAX_DECISIONS, { error: `议定事项不能超过 ${MAX_DECISIONS} 项` }).default([]),
};

type MeetingShape = { units: { unitId: number }[]; problemIds: number[]; decisions: { problemId?: number | null }[] };

// Checks the parts of a meeting against each other (the database checks them against the tenant).
function checkParts(v: MeetingShape & { kind?: MeetingKind }, ctx: z.RefinementCtx): void {
  const seen = new Set<number>();
  v.units.forEach((u, i) => {
    if (seen.has(u.unitId)) ctx.addIssue({ code: 'custom', path: ['units', i, 'unitId'], message: '同一单位只能列一次' });
    seen.add(u.unitId);
  });
  if (v.kind === 'supervision' && v.problemIds.length) ctx.addIssue({ code: 'custom', path: ['problemIds'], message: '督查工作例会不关联网格问题，请改为联席会议' });
  v.decisions.forEach((d, i) => {
    if (d.problemId && !v.problemIds.includes(d.problemId)) ctx.addIssue({ code: 'custom', path: ['decisions', i, 'problemId'], message: '议定事项关联的问题须先列入本次会议研究的问题' });
  });
}

/** POST /api/meetings: a meeting record with its units, referred problems and decisions. */
export const meetingCreateSchema = z.object({ kind: z.enum(MEETING_KINDS, { error: '会议类型不正确' }), ...meetingFields }).superRefine(checkParts);
export type MeetingCreateInput = z.infer<typeof meetingCreateSchema>;

/** PUT /api/meetings/{id}: the same fields (the kind stays), with the version read. */
export const meetingUpdateSchema = z.object({ ...meetingFields, version: z.number().int() }).superRefine(checkParts);
export type MeetingUpdateInput = z.infer<typeof meetingUpdateSchema>;

/** POST /api/meetings/{id}/problems: refers one grid problem to a joint meeting. */
export const meetingReferSchema = z.object({ problemId: bigIdSchema });

/** POST /api/meeting-decisions/{id}/complete: the unit reports the decision carried out. */
export const decisionCompleteSchema = z.object({
  result: z.string({ error: '请填写落实情况' }).trim().min(1, { error: '请填写落实情况' }).max(2000, { error: '落实情况不能超过 2000 字' }),
});
/** POST /api/meeting-decisions/{id}/reopen: the office sends a done decision back, with a reason. */
export const decisionReopenSchema = z.object({
  reason: z.string({ error: '请填写退回理由' }).trim().min(1, { error: '请填写退回理由' }).max(500, { error: '退回理由不能超过 500 字' }),
});

const page = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const meetingListQuerySchema = z.object({
  kind: z.enum(MEETING_KINDS, { error: '会议类型不正确' }).optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  q: z.string().trim().max(100).optional(),
  ...page,
});
export type MeetingListQuery = z.infer<typeof meetingListQuerySchema>;

export const DECISION_FILTERS = ['open', 'done', 'overdue'] as const;
export const decisionListQuerySchema = z.object({
  status: z.enum(DECISION_FILTERS, { error: '状态不正确' }).optional(),
  kind: z.enum(MEETING_KINDS, { error: '会议类型不正确' }).optional(),
  /** Only the viewer's own unit's decisions (a unit head who also leads other units, the office). */
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  ...page,
});
export type DecisionListQuery = z.infer<typeof decisionListQuerySchema>;

export const decisionViewSchema = z.object({
  id: z.number().int(),
  meetingId: z.number().int(),
  meetingKind: z.enum(MEETING_KINDS),
  meetingTitle: z.string(),
  heldOn: z.string(),
  seq: z.number().int(),
  content: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  deadline: z.string(),
  problemId: z.number().int().nullable(),
  problemTicket: z.string().nullable(),
  /** The supervised matter a 督查工作例会 decision became (its number, status and colour). */
  matterId: z.number().int().nullable(),
  matterNumber: z.string().nullable(),
  matterStatus: z.string().nullable(),
  status: z.enum(DECISION_STATUSES),
  result: z.string().nullable(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  /** Coloured like a matter: red past the deadline, yellow when it is near, green otherwise; null when done. */
  colour: z.enum(COLOUR_ORDER).nullable(),
  /** Why it has its colour, or how it finished ("按期落实", "逾期 2 个工作日后落实"). */
  note: z.string(),
  /** Past its deadline while open, or done after it. */
  late: z.boolean(),
  /** The viewer may mark it done (their unit's, open, not tracked through a matter). */
  canComplete: z.boolean(),
  canReopen: z.boolean(),
});
export type DecisionView = z.infer<typeof decisionViewSchema>;

export const meetingListItemSchema = z.object({
  id: z.number().int(),
  kind: z.enum(MEETING_KINDS),
  title: z.string(),
  heldOn: z.string(),
  convenorName: z.string().nullable(),
  convenorUnitName: z.string().nullable(),
  present: z.number().int(),
  absent: z.number().int(),
  problems: z.number().int(),
  decisions: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
});
export type MeetingListItem = z.infer<typeof meetingListItemSchema>;

export const meetingDetailSchema = meetingListItemSchema.extend({
  convenorPersonId: z.number().int().nullable(),
  convenorUnitId: z.number().int().nullable(),
  minutes: z.string(),
  units: z.array(z.object({ unitId: z.number().int(), unitName: z.string(), present: z.boolean() })),
  referred: z.array(z.object({ id: z.number().int(), ticket: z.string(), title: z.string(), status: z.string(), closed: z.boolean() })),
  items: z.array(decisionViewSchema),
  /** Decisions of units outside the viewer's scope are left out; this many were. */
  hiddenDecisions: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
  canEdit: z.boolean(),
});
export type MeetingDetail = z.infer<typeof meetingDetailSchema>;

/** A grid problem the office may refer to a joint meeting (open, of the tenant). */
export const referableProblemSchema = z.object({ id: z.number().int(), ticket: z.string(), title: z.string(), status: z.string(), unitName: z.string().nullable(), reportedAt: z.string() });
export type ReferableProblem = z.infer<typeof referableProblemSchema>;
