import { z } from 'zod';
import { isoDateSchema } from './matter-schemas';
import { idSchema } from './schemas';

// 督查周报 (weekly) and 《督促检查情况》 (inspection campaign) reports: figures frozen when the issue is
// generated, plus the sections the supervision office writes before publishing.

export const REPORT_KINDS = ['weekly', 'inspection'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_LABELS: Record<ReportKind, string> = { weekly: '督查周报', inspection: '督促检查情况' };

/** A matter a report cites (and its .xlsx appendix lists). */
export const reportMatterSchema = z.object({
  id: z.number().int(),
  number: z.string(),
  title: z.string(),
  unitName: z.string(),
  leaderName: z.string().nullable(),
  status: z.string(),
  colour: z.string().nullable(),
  progress: z.number(),
  deadline: z.string(),
  createdOn: z.string(),
  closedOn: z.string().nullable(),
  daysOverdue: z.number().int().nullable(),
  /** Why it is cited: 新增 / 办结 / 预警 / 逾期 / 督查. */
  tags: z.array(z.string()),
});
export type ReportMatter = z.infer<typeof reportMatterSchema>;

/** A meeting decision a weekly report cites: made in the period, carried out in it, or overdue at its end. */
export const reportDecisionSchema = z.object({
  meetingTitle: z.string(),
  meetingKind: z.string(),
  heldOn: z.string(),
  content: z.string(),
  unitName: z.string(),
  deadline: z.string(),
  status: z.string(),
  doneOn: z.string().nullable(),
  matterNumber: z.string().nullable(),
  /** 本期议定 / 本期落实 / 逾期未落实. */
  tags: z.array(z.string()),
});
export type ReportDecision = z.infer<typeof reportDecisionSchema>;
export const reportMeetingsSchema = z.object({
  joint: z.number().int(),
  supervision: z.number().int(),
  decided: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
  decisions: z.array(reportDecisionSchema),
});
export type ReportMeetings = z.infer<typeof reportMeetingsSchema>;

/** True when a report's period had meetings or decisions worth their own section (older issues have none). */
export function hasMeetingSection(m: ReportMeetings | undefined): m is ReportMeetings {
  return !!m && (m.joint + m.supervision > 0 || m.decisions.length > 0);
}

export const reportFiguresSchema = z.object({
  from: z.string(),
  to: z.string(),
  generatedAt: z.string(),
  newCount: z.number().int(),
  closedCount: z.number().int(),
  closedOnTime: z.number().int(),
  /** Year to date: 办结率 and 按期办结率 of the matters registered this year. */
  yearCompletionRate: z.number(),
  yearOnTimeRate: z.number(),
  yearAll: z.number().int(),
  openCount: z.number().int(),
  /** Matters that turned yellow/blue/red within the period (each counted once, by its last warning colour). */
  warnings: z.object({ yellow: z.number().int(), blue: z.number().int(), red: z.number().int() }),
  /** Matters still open and in warning on the period's last day, by colour (absent from issues filed before it existed). */
  warningsAtEnd: z.object({ yellow: z.number().int(), blue: z.number().int(), red: z.number().int() }).optional(),
  overdueCount: z.number().int(),
  league: z.array(z.object({ unitName: z.string(), all: z.number().int(), done: z.number().int(), onTime: z.number().int(), overdue: z.number().int(), completionRate: z.number() })),
  inspections: z
    .object({
      campaignName: z.string(),
      total: z.number().int(),
      confirms: z.number().int(),
      disputes: z.number().int(),
      problem: z.number().int(),
      unannounced: z.number().int(),
      items: z.array(z.object({ at: z.string(), number: z.string(), title: z.string(), unitName: z.string(), finding: z.string(), location: z.string(), notes: z.string() })),
    })
    .nullable(),
  /** The cited matters listed here: all of them, or the first 50 of each section when there are more (then mattersTotal counts them all). */
  matters: z.array(reportMatterSchema),
  /** How many matters the report cites when `matters` lists only the first ones (absent when it lists them all). */
  mattersTotal: z.number().int().optional(),
  /** 会议议定事项: the period's meetings and the decisions it made, finished or left overdue (absent from issues filed before it existed). */
  meetings: reportMeetingsSchema.optional(),
});
export type ReportFigures = z.infer<typeof reportFiguresSchema>;

const text = (max: number) => z.string().max(max, { error: `不能超过 ${max} 字` });
export const reportSectionsSchema = z.object({
  summary: text(10_000),
  praise: text(10_000),
  criticism: text(10_000),
  nextSteps: text(10_000),
});
export type ReportSections = z.infer<typeof reportSectionsSchema>;

export const reportViewSchema = z.object({
  id: z.number().int(),
  kind: z.enum(REPORT_KINDS),
  year: z.number().int(),
  seq: z.number().int(),
  issueLabel: z.string(),
  title: z.string(),
  from: z.string(),
  to: z.string(),
  campaignId: z.number().int().nullable(),
  status: z.enum(['draft', 'published']),
  auto: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  version: z.number().int(),
});
export type ReportView = z.infer<typeof reportViewSchema>;
export const reportDetailSchema = reportViewSchema.extend({ figures: reportFiguresSchema, sections: reportSectionsSchema });
export type ReportDetail = z.infer<typeof reportDetailSchema>;

export const reportCreateSchema = z
  .object({
    kind: z.enum(REPORT_KINDS, { error: '报告类型不正确' }),
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    campaignId: idSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'weekly' && (!v.from || !v.to)) ctx.addIssue({ code: 'custom', path: ['from'], message: '请选择统计起止日期' });
    if (v.from && v.to && v.from > v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
    if (v.kind === 'inspection' && !v.campaignId) ctx.addIssue({ code: 'custom', path: ['campaignId'], message: '请选择督查活动' });
  });
export type ReportCreateInput = z.infer<typeof reportCreateSchema>;

export const reportUpdateSchema = z.object({
  title: z.string().trim().min(1, { error: '标题不能为空' }).max(200),
  sections: reportSectionsSchema,
  version: z.number().int(),
});
export type ReportUpdateInput = z.infer<typeof reportUpdateSchema>;

/** 第32期 */
export function issueLabel(seq: number): string {
  return `第${seq}期`;
}
