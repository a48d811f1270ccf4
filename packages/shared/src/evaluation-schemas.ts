import { z } from 'zod';
import { EVALUATION_DIMENSIONS, RATER_KINDS, type DimensionScores } from './evaluation';
import { isoDateSchema } from './matter-schemas';
import { COLOUR_ORDER } from './warning-colours';
import { idSchema } from './schemas';

// 季评: what the API accepts and answers.

const pct = (label: string) => z.number({ error: `${label}应为 0–100 之间的数字` }).min(0, { error: `${label}不能小于 0` }).max(100, { error: `${label}不能大于 100` });

export const raterWeightsSchema = z
  .object({ leader: pct('领导评议权重'), service_unit: pct('服务对象单位评议权重'), staff: pct('干部职工评议权重') })
  .refine((w) => Math.abs(w.leader + w.service_unit + w.staff - 100) < 0.001, { error: '三类评议主体的权重之和应为 100' });

const seat = z.number({ error: '名额应为数字' }).int({ error: '名额应为整数' }).min(0, { error: '名额不能小于 0' }).max(50, { error: '名额不能大于 50' });
export const laggingRuleSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('count'), advanced: seat, lagging: seat }),
  z.object({ mode: z.literal('share'), advanced: pct('先进比例').max(50, { error: '先进比例不能超过 50%' }), lagging: pct('后进比例').max(50, { error: '后进比例不能超过 50%' }) }),
]);

export const evaluationRoundCreateSchema = z.object({
  year: z.number({ error: '年度应为数字' }).int().min(2000, { error: '年度不能早于 2000' }).max(2100, { error: '年度不能晚于 2100' }),
  quarter: z.number({ error: '季度应为 1–4' }).int().min(1, { error: '季度应为 1–4' }).max(4, { error: '季度应为 1–4' }),
  weights: raterWeightsSchema.optional(),
  rule: laggingRuleSchema.optional(),
  /** Per-unit rules that differ from the round's. */
  unitRules: z.array(z.object({ unitId: idSchema, rule: laggingRuleSchema })).max(500).optional(),
  /** Units taking part (their active divisions are evaluated); all units with divisions when left out. */
  unitIds: z.array(idSchema).max(500).optional(),
});
export type EvaluationRoundCreate = z.infer<typeof evaluationRoundCreateSchema>;

export const evaluationRatersSchema = z.object({
  raters: z
    .array(z.object({ personId: idSchema, raterKind: z.enum(RATER_KINDS, { error: '评议主体应为领导、服务对象单位或干部职工' }), divisionIds: z.array(idSchema).min(1, { error: '请至少指定一个处室' }).max(500) }))
    .min(1, { error: '请至少指定一位评议人' })
    .max(2000),
});
export type EvaluationRatersInput = z.infer<typeof evaluationRatersSchema>;

const mark = z.number({ error: '评分应为 0–100 之间的数字' }).min(0, { error: '评分不能小于 0' }).max(100, { error: '评分不能大于 100' });
export const dimensionScoresSchema = z.object(Object.fromEntries(EVALUATION_DIMENSIONS.map((d) => [d, mark])) as Record<keyof DimensionScores, typeof mark>);

export const evaluationRatingSchema = z.object({ divisionId: idSchema, scores: dimensionScoresSchema });
export type EvaluationRatingInput = z.infer<typeof evaluationRatingSchema>;

const text = (label: string, max: number) => z.string({ error: `请填写${label}` }).trim().min(1, { error: `请填写${label}` }).max(max, { error: `${label}不能超过 ${max} 字` });
export const rectificationSchema = z.object({
  divisionId: idSchema,
  problems: text('突出问题', 2000),
  measures: z.array(z.object({ text: text('整改措施', 500), deadline: isoDateSchema })).min(1, { error: '请至少填写一条整改措施' }).max(20, { error: '整改措施不能超过 20 条' }),
});
export type RectificationInput = z.infer<typeof rectificationSchema>;

export const evaluationRoundViewSchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  quarter: z.number().int(),
  title: z.string(),
  status: z.enum(['open', 'closed']),
  weights: z.object({ leader: z.number(), service_unit: z.number(), staff: z.number() }),
  rule: laggingRuleSchema,
  divisions: z.number().int(),
  units: z.number().int(),
  ratings: z.number().int(),
  createdAt: z.string(),
});
export type EvaluationRoundView = z.infer<typeof evaluationRoundViewSchema>;

const nullableNumber = z.number().nullable();
export const evaluationDivisionResultSchema = z.object({
  divisionId: z.number().int(),
  divisionName: z.string(),
  score: nullableNumber,
  byKind: z.object({ leader: nullableNumber, service_unit: nullableNumber, staff: nullableNumber }),
  ratings: z.number().int(),
  rank: z.number().int(),
  standing: z.enum(['advanced', 'lagging', 'middle']),
  problems: z.string().nullable(),
  measures: z.array(z.object({ text: z.string(), deadline: z.string(), matterId: z.number().int().nullable(), matterNumber: z.string().nullable(), colour: z.enum(COLOUR_ORDER).nullable(), status: z.string().nullable() })),
});
export const evaluationUnitResultSchema = z.object({ unitId: z.number().int(), unitName: z.string(), divisions: z.array(evaluationDivisionResultSchema) });
export const evaluationResultSchema = z.object({ round: evaluationRoundViewSchema, units: z.array(evaluationUnitResultSchema) });
export type EvaluationResult = z.infer<typeof evaluationResultSchema>;
export type EvaluationUnitResult = z.infer<typeof evaluationUnitResultSchema>;

/** What a rater sees on the phone: the divisions assigned to them and their own marks so far. */
export const evaluationAssignmentSchema = z.object({
  roundId: z.number().int(),
  roundTitle: z.string(),
  raterKind: z.enum(RATER_KINDS),
  divisionId: z.number().int(),
  divisionName: z.string(),
  unitName: z.string(),
  scores: dimensionScoresSchema.nullable(),
});
export type EvaluationAssignment = z.infer<typeof evaluationAssignmentSchema>;
