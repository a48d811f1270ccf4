import { z } from 'zod';
import { ITEM_KINDS } from './assessment-items';
import { periodCodeSchema } from './assessment-period';
import { attachmentViewSchema } from './matter-schemas';
import { bigIdSchema } from './schemas';

/** What the API accepts and returns for 加分/扣分 items and 复核 / 申诉 (the web app reads the same types). */

const subjectType = z.enum(['unit', 'person'], { error: '对象类型应为 unit（单位）或 person（干部）' });

export const itemInputSchema = z.object({
  kind: z.enum(ITEM_KINDS, { error: '类别应为 批示表扬、通报表扬 或 通报批评' }),
  subjectType,
  subjectId: z.number({ error: '请选择单位或干部' }).int().positive({ error: '请选择单位或干部' }),
  matterId: z.number({ error: '事项编号须为数字' }).int().positive({ error: '事项编号须为正整数' }).nullable().default(null),
  docNumber: z.string({ error: '请填写文号' }).trim().min(2, { error: '请填写文号（如 二七督通〔2026〕3号）' }).max(60, { error: '文号不超过 60 字' }),
  docDate: z.iso.date({ error: '文件日期格式应为 YYYY-MM-DD' }),
  title: z.string({ error: '请填写文件标题或批示内容' }).trim().min(2, { error: '请填写文件标题或批示内容' }).max(200, { error: '标题不超过 200 字' }),
  /** The document itself (scan, PDF): ids of the caller's own uploads (POST /api/attachments), claimed by the item. */
  attachmentIds: z.array(bigIdSchema, { error: '附件编号须为数字列表' }).max(20, { error: '附件不超过 20 个' }).default([]),
});
export type ItemInput = z.infer<typeof itemInputSchema>;
export const itemRemoveSchema = z.object({ reason: z.string({ error: '请填写撤销理由' }).trim().min(2, { error: '请填写撤销理由（不少于 2 字）' }).max(500, { error: '撤销理由不超过 500 字' }) });
export const itemQuerySchema = z.object({ period: periodCodeSchema });
export const itemAttachSchema = z.object({ attachmentIds: z.array(bigIdSchema, { error: '附件编号须为数字列表' }).min(1, { error: '请选择附件' }).max(20, { error: '附件不超过 20 个' }) });

export const itemViewSchema = z.object({
  id: z.number().int(),
  kind: z.enum(ITEM_KINDS),
  subjectType: z.enum(['unit', 'person']),
  subjectId: z.number().int(),
  subjectName: z.string(),
  matter: z.object({ id: z.number().int(), number: z.string(), title: z.string() }).nullable(),
  docNumber: z.string(),
  docDate: z.string(),
  title: z.string(),
  /** The points as the rule book in force gives them (before caps); the score line says what counted. */
  points: z.number(),
  createdAt: z.string(),
  removedAt: z.string().nullable(),
  removeReason: z.string().nullable(),
  /** The document's files (download through /api/assessment/items/:id/files/:fileId). */
  attachments: z.array(attachmentViewSchema),
});
export type ItemView = z.infer<typeof itemViewSchema>;

export const APPEAL_STATUS_LABELS = { pending: '待决定', upheld: '维持原结果', changed: '已更正' } as const;
export const appealInputSchema = z.object({
  kind: z.enum(['review', 'appeal'], { error: '类型应为 review（复核）或 appeal（申诉）' }),
  period: periodCodeSchema,
  subjectType,
  subjectId: z.number({ error: '请选择单位或干部' }).int().positive({ error: '请选择单位或干部' }),
  reason: z.string({ error: '请填写理由' }).trim().min(5, { error: '理由不少于 5 字' }).max(2000, { error: '理由不超过 2000 字' }),
  evidence: z.string({ error: '请说明佐证材料' }).trim().min(2, { error: '请说明佐证材料' }).max(2000, { error: '佐证材料说明不超过 2000 字' }),
});
export const appealDecisionSchema = z.object({
  outcome: z.enum(['upheld', 'changed'], { error: '请选择维持或更正' }),
  /** The change of the subject's points (更正 only, not 0). */
  delta: z.number({ error: '更正分值须为数字' }).min(-20, { error: '更正分值不能小于 -20' }).max(20, { error: '更正分值不能大于 20' }).default(0),
  note: z.string({ error: '请填写决定理由' }).trim().min(2, { error: '请填写决定理由（不少于 2 字）' }).max(1000, { error: '决定理由不超过 1000 字' }),
}).refine((d) => d.outcome === 'upheld' || d.delta !== 0, { error: '更正须填写不为 0 的分值', path: ['delta'] });

export const appealExtendSchema = z.object({
  days: z.number({ error: '延长天数须为数字' }).int({ error: '延长天数须为整数' }).min(1, { error: '延长天数应为 1–30 日' }).max(30, { error: '延长天数应为 1–30 日' }),
  note: z.string({ error: '请填写延长理由' }).trim().min(2, { error: '请填写延长理由（不少于 2 字）' }).max(500, { error: '延长理由不超过 500 字' }),
});

export const appealViewSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['review', 'appeal']),
  parentId: z.number().int().nullable(),
  period: z.string(),
  subjectType: z.enum(['unit', 'person']),
  subjectId: z.number().int(),
  subjectName: z.string(),
  /** The subject's published total (it stands while under appeal) and the total now (after any correction). */
  total: z.number().nullable(),
  reason: z.string(),
  evidence: z.string(),
  status: z.enum(['pending', 'upheld', 'changed']),
  delta: z.number().nullable(),
  decisionNote: z.string().nullable(),
  appliedAt: z.string(),
  decidedAt: z.string().nullable(),
  clock: z.object({ applyBy: z.string(), decideBy: z.string().nullable(), daysLeft: z.number().int().nullable(), overdue: z.boolean(), decidedLate: z.boolean() }),
  /** For a decided 复核: may 申诉 still be filed, and until when. */
  appealBy: z.string().nullable(),
  /** A 申诉 filed without a 复核 (within 30 days of publication). */
  direct: z.boolean(),
  /** The extension of the 申诉 decision deadline (0: none) and its reason. */
  extendedDays: z.number().int(),
  extensionNote: z.string().nullable(),
});
export type AppealView = z.infer<typeof appealViewSchema>;
