import { z } from 'zod';
import { ruleBookSchema } from './assessment-rules';
import { periodCodeSchema } from './assessment-period';
import { RANKS } from './org';
import { attachmentViewSchema } from './matter-schemas';

/** What the assessment API returns and accepts (the web app reads the same types). */

export const ruleBookViewSchema = z.object({ id: z.number().int(), version: z.number().int(), effectiveFrom: z.string(), locked: z.boolean(), rules: ruleBookSchema });
export type RuleBookView = z.infer<typeof ruleBookViewSchema>;
export const ruleBookInputSchema = z.object({
  rules: ruleBookSchema,
  effectiveFrom: z.iso.date({ error: '生效日期格式应为 YYYY-MM-DD' }),
  version: z.number({ error: '请提交当前版本号' }).int(),
});

export const periodQuerySchema = z.object({ period: periodCodeSchema });

/** The archive's lines a page at a time (a cadre of a million-matter city carries about 10,000 a quarter). */
export const ARCHIVE_LINES_PAGE = 100;
export const cadreArchiveQuerySchema = periodQuerySchema.extend({
  offset: z.coerce.number({ error: '偏移须为数字' }).int().min(0, { error: '偏移不能小于 0' }).default(0),
  limit: z.coerce.number({ error: '条数须为数字' }).int().min(1, { error: '条数至少为 1' }).max(500, { error: '一次最多 500 条' }).default(ARCHIVE_LINES_PAGE),
});

export const periodViewSchema = z.object({
  code: z.string(),
  from: z.string(),
  to: z.string(),
  status: z.enum(['draft', 'published']),
  computedAt: z.string(),
  publishedAt: z.string().nullable(),
  ruleBookVersion: z.number().int(),
});
export type PeriodView = z.infer<typeof periodViewSchema>;

/**
 * The 问责 matters a league table row lists: a unit is flagged at 3 late matters by default, so 5 show a district's
 * whole list, while a unit of a million-matter quarter can have hundreds (the count is beside them, and the unit's
 * score lines list every one). At 20 the million-matter league table spent 12–25 ms of PostgreSQL per page looking
 * up 1,760 matters for a column that shows three or four numbers.
 */
export const FLAGGED_MATTERS_SHOWN = 5;

const matterRef = z.object({ id: z.number().int(), number: z.string(), title: z.string() });

export const unitStandingSchema = z.object({
  unitId: z.number().int(),
  name: z.string(),
  group: z.string(),
  groupLabel: z.string(),
  total: z.number(),
  raw: z.number(),
  matters: z.number().int(),
  rank: z.number().int(),
  groupSize: z.number().int(),
  /** Places gained since the period before (positive: up), null when not ranked then. */
  movement: z.number().int().nullable(),
  flagged: z.boolean(),
  /** 问责 evidence: the matters whose deadline the unit missed, the first FLAGGED_MATTERS_SHOWN of them by id. */
  flaggedMatters: z.array(matterRef),
  /** How many matters the 问责 evidence has in all (flaggedMatters lists the first ones). */
  flaggedMatterCount: z.number().int(),
});
export const leagueTableSchema = z.object({ period: periodViewSchema, previous: z.string().nullable(), units: z.array(unitStandingSchema) });
export type LeagueTable = z.infer<typeof leagueTableSchema>;
export type UnitStanding = z.infer<typeof unitStandingSchema>;

export const scoreLineViewSchema = z.object({
  id: z.number().int(),
  subjectType: z.enum(['unit', 'person']),
  subjectId: z.number().int(),
  role: z.string(),
  /** null for a line of no matter (a documented item against a unit, 满意率, an appeal's correction). */
  matter: matterRef.nullable(),
  key: z.string(),
  rule: z.string(),
  on: z.string(),
  quantity: z.number(),
  unitPoints: z.number(),
  share: z.number(),
  points: z.number(),
  clause: z.string(),
  eventSeq: z.number().int().nullable(),
  text: z.string(),
  exempt: z.boolean(),
  /** The 容错 application on the line, if any (approved: the line is struck through with this reason). */
  tolerance: z.object({ id: z.number().int(), status: z.string(), reason: z.string().nullable(), situation: z.string() }).nullable(),
  /** A documented 加扣分 item's line: the document (number, date, title) and the files attached to the item. */
  evidence: z.object({ itemId: z.number().int(), docNumber: z.string(), docDate: z.string(), title: z.string(), attachments: z.array(attachmentViewSchema) }).nullable(),
});
export type ScoreLineView = z.infer<typeof scoreLineViewSchema>;
export const linesQuerySchema = periodQuerySchema.extend({
  subjectType: z.enum(['unit', 'person'], { error: '考核对象类型应为 unit 或 person' }),
  subjectId: z.coerce.number({ error: '考核对象编号须为数字' }).int().positive({ error: '考核对象编号须为正整数' }),
});

export const cadreStandingSchema = z.object({
  personId: z.number().int(),
  name: z.string(),
  title: z.string().nullable(),
  unitName: z.string(),
  cadreRank: z.enum(RANKS),
  group: z.string(),
  groupLabel: z.string(),
  total: z.number(),
  matters: z.number().int(),
  rank: z.number().int(),
  groupSize: z.number().int(),
  movement: z.number().int().nullable(),
  orgPart: z.number().nullable(),
  /** Quantified index × weight + the organisation department's part × (1 − weight); null until that part is entered. */
  composite: z.number().nullable(),
  /** Proposed on the composite within the group, 优秀 within the quota; null while any of the group lacks the org part. */
  grade: z.enum(['excellent', 'competent']).nullable(),
});
export type CadreStanding = z.infer<typeof cadreStandingSchema>;
export const archiveListSchema = z.object({ period: periodViewSchema, quantifiedWeight: z.number(), excellentQuota: z.number(), cadres: z.array(cadreStandingSchema) });
export type ArchiveList = z.infer<typeof archiveListSchema>;

export const cadreArchiveSchema = z.object({
  personId: z.number().int(),
  name: z.string(),
  periods: z.array(z.object({ code: z.string(), standing: cadreStandingSchema.nullable() })),
  /** The running score: the sum of the quarter totals so far in the year of `period`. */
  running: z.number(),
  /** One page of the period's lines (`offset`, `limit` of the request; date, matter, key order). */
  lines: z.array(scoreLineViewSchema),
  /** How many lines the cadre has in the period, and their points per rule (what the pages add up to). */
  lineCount: z.number().int(),
  ruleTotals: z.array(z.object({ rule: z.string(), lines: z.number().int(), points: z.number() })),
});
export type CadreArchive = z.infer<typeof cadreArchiveSchema>;

export const orgPartsInputSchema = z.object({
  period: periodCodeSchema,
  items: z
    .array(z.object({ personId: z.number({ error: '人员编号须为数字' }).int().positive(), score: z.number({ error: '组织部评分须为数字' }).min(0, { error: '组织部评分不能小于 0' }).max(100, { error: '组织部评分不能大于 100' }) }))
    .min(1, { error: '至少填写一人' })
    .max(2000, { error: '一次最多 2000 人' }),
});

export const TOLERANCE_STATUS_LABELS = { submitted: '待督查办核实', verified: '待领导小组决定', approved: '已容错', rejected: '不予容错' } as const;
export const toleranceInputSchema = z.object({
  period: periodCodeSchema,
  subjectType: z.enum(['unit', 'person'], { error: '申请对象类型应为 unit 或 person' }),
  subjectId: z.number({ error: '申请对象编号须为数字' }).int().positive(),
  lineKeys: z.array(z.string().min(1).max(80)).min(1, { error: '请选择要申请容错的扣分项' }).max(50, { error: '一次最多 50 项' }),
  situation: z.string().trim().min(1, { error: '请选择容错情形' }).max(60),
  reason: z.string().trim().min(5, { error: '申请理由不少于 5 字' }).max(2000, { error: '申请理由不超过 2000 字' }),
  evidence: z.string().trim().min(2, { error: '请说明佐证材料' }).max(2000, { error: '佐证材料说明不超过 2000 字' }),
});
export const toleranceDecisionSchema = z.object({
  approve: z.boolean({ error: '请选择是否同意' }),
  note: z.string().trim().min(2, { error: '请填写意见（不少于 2 字）' }).max(1000, { error: '意见不超过 1000 字' }),
});
export const toleranceViewSchema = z.object({
  id: z.number().int(),
  period: z.string(),
  subjectType: z.enum(['unit', 'person']),
  subjectId: z.number().int(),
  subjectName: z.string(),
  lines: z.array(scoreLineViewSchema),
  situation: z.string(),
  reason: z.string(),
  evidence: z.string(),
  status: z.enum(['submitted', 'verified', 'approved', 'rejected']),
  appliedAt: z.string(),
  verifyNote: z.string().nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type ToleranceView = z.infer<typeof toleranceViewSchema>;
export const whatIfSchema = z.object({
  without: z.object({ total: z.number(), rank: z.number().int() }),
  with: z.object({ total: z.number(), rank: z.number().int() }),
  groupSize: z.number().int(),
});
export type WhatIf = z.infer<typeof whatIfSchema>;
export const recomputeResultSchema = z.object({ code: z.string(), periodId: z.number().int(), ruleBookVersion: z.number().int(), lines: z.number().int(), units: z.number().int(), cadres: z.number().int(), flagged: z.number().int() });
