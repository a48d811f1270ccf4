import { z } from 'zod';
import { idSchema } from './schemas';
import { isoDateSchema } from './matter-schemas';

/**
 * 满意率: units rated by citizens (later by the grid module's follow-up visits) and by other units.
 * 满意 100 / 基本满意 70 / 不满意 30 by default; "不了解" is recorded but never counted.
 */

export const SATISFACTION_LEVELS = ['satisfied', 'basic', 'unsatisfied', 'unknown'] as const;
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];
export const SATISFACTION_LEVEL_LABELS: Record<SatisfactionLevel, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意', unknown: '不了解' };

export const SATISFACTION_RATERS = ['citizen', 'unit'] as const;
export type SatisfactionRater = (typeof SATISFACTION_RATERS)[number];
export const SATISFACTION_RATER_LABELS: Record<SatisfactionRater, string> = { citizen: '群众评价', unit: '单位互评' };

export const SATISFACTION_CHANNELS = ['form', 'import', 'grid_visit'] as const;
export type SatisfactionChannel = (typeof SATISFACTION_CHANNELS)[number];

export type SatisfactionSettings = {
  /** Points per level (不了解 has none: it is excluded). */
  points: Record<Exclude<SatisfactionLevel, 'unknown'>, number>;
  /** Percentages per rater kind (sum 100). */
  weights: Record<SatisfactionRater, number>;
};
export const DEFAULT_SATISFACTION_SETTINGS: SatisfactionSettings = { points: { satisfied: 100, basic: 70, unsatisfied: 30 }, weights: { citizen: 50, unit: 50 } };

export type SatisfactionVote = { rater: SatisfactionRater; level: SatisfactionLevel };
export type SatisfactionPart = { votes: number; counted: number; excluded: number; rate: number | null };
export type SatisfactionResult = { rate: number | null; citizen: SatisfactionPart; unit: SatisfactionPart };

const round1 = (n: number) => Math.round(n * 10) / 10;

function part(votes: readonly SatisfactionVote[], points: SatisfactionSettings['points']): SatisfactionPart {
  let sum = 0;
  let counted = 0;
  for (const v of votes) {
    if (v.level === 'unknown') continue;
    sum += points[v.level];
    counted++;
  }
  return { votes: votes.length, counted, excluded: votes.length - counted, rate: counted ? round1(sum / counted) : null };
}

/**
 * A unit's 满意率 (0–100, one decimal) over a period's votes: the mean points of each rater kind
 * ("不了解" excluded), weighted by kind; a kind without a counted vote drops out and the other's
 * weight becomes 100 %. Null when nobody gave a counted vote.
 */
export function satisfactionRate(votes: readonly SatisfactionVote[], settings: SatisfactionSettings = DEFAULT_SATISFACTION_SETTINGS): SatisfactionResult {
  const citizen = part(votes.filter((v) => v.rater === 'citizen'), settings.points);
  const unit = part(votes.filter((v) => v.rater === 'unit'), settings.points);
  let total = 0;
  let weight = 0;
  for (const [p, w] of [[citizen, settings.weights.citizen], [unit, settings.weights.unit]] as const) {
    if (p.rate === null || w <= 0) continue;
    total += p.rate * w;
    weight += w;
  }
  return { rate: weight ? round1(total / weight) : null, citizen, unit };
}

const points = (label: string) => z.number({ error: `${label}分值应为 0–100 之间的数字` }).min(0, { error: `${label}分值不能小于 0` }).max(100, { error: `${label}分值不能大于 100` });
const weight = (label: string) => z.number({ error: `${label}权重应为 0–100 之间的数字` }).min(0, { error: `${label}权重不能小于 0` }).max(100, { error: `${label}权重不能大于 100` });

export const satisfactionSettingsSchema = z.object({
  points: z
    .object({ satisfied: points('满意'), basic: points('基本满意'), unsatisfied: points('不满意') })
    .refine((p) => p.satisfied >= p.basic && p.basic >= p.unsatisfied, { error: '分值应为 满意 ≥ 基本满意 ≥ 不满意' }),
  weights: z.object({ citizen: weight('群众评价'), unit: weight('单位互评') }).refine((w) => Math.abs(w.citizen + w.unit - 100) < 0.001, { error: '群众评价与单位互评的权重之和应为 100' }),
});

export const satisfactionRatingSchema = z.object({
  unitId: idSchema,
  rater: z.enum(SATISFACTION_RATERS, { error: '评价主体应为群众或单位' }),
  level: z.enum(SATISFACTION_LEVELS, { error: '评价应为满意、基本满意、不满意或不了解' }),
  ratedOn: isoDateSchema,
  comment: z.string().trim().max(500, { error: '意见不能超过 500 字' }).optional(),
  /** For a unit's vote recorded by 督查办 (from a paper form): the unit that gave it. A unit's own people never set another. */
  raterUnitId: idSchema.optional(),
});
export type SatisfactionRatingInput = z.infer<typeof satisfactionRatingSchema>;

export const satisfactionPeriodSchema = z
  .object({ from: isoDateSchema, to: isoDateSchema })
  .refine((p) => p.from <= p.to, { error: '开始日期不能晚于结束日期', path: ['to'] });

const partSchema = z.object({ votes: z.number().int(), counted: z.number().int(), excluded: z.number().int(), rate: z.number().nullable() });
export const unitSatisfactionSchema = z.object({ unitId: z.number().int(), unitName: z.string(), rate: z.number().nullable(), citizen: partSchema, unit: partSchema });
export type UnitSatisfaction = z.infer<typeof unitSatisfactionSchema>;

/** The votes behind a unit's 满意率 in a period (the drill-down). */
export const satisfactionVotesQuerySchema = z
  .object({ unitId: z.coerce.number({ error: '单位编号须为数字' }).int().positive({ error: '单位编号须为正整数' }), from: isoDateSchema, to: isoDateSchema })
  .refine((p) => p.from <= p.to, { error: '开始日期不能晚于结束日期', path: ['to'] });
export const satisfactionVoteViewSchema = z.object({
  id: z.number().int(),
  rater: z.enum(SATISFACTION_RATERS),
  raterUnitName: z.string().nullable(),
  level: z.enum(SATISFACTION_LEVELS),
  /** Points under the current settings; null for 不了解 (not counted). */
  points: z.number().nullable(),
  ratedOn: z.string(),
  channel: z.enum(SATISFACTION_CHANNELS),
  comment: z.string().nullable(),
  recordedBy: z.string().nullable(),
});
export type SatisfactionVoteView = z.infer<typeof satisfactionVoteViewSchema>;
