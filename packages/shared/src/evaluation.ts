import { rankWithinGroups } from './assessment-rank';

/**
 * 季评: the quarterly evaluation of divisions (处室) within each unit on five dimensions, rated by
 * leaders, service-object units and staff at configurable weights; ranked within the unit, with
 * 先进 and 后进 chosen by the unit's rule.
 */

export const EVALUATION_DIMENSIONS = ['duty', 'law', 'service', 'innovation', 'integrity'] as const;
export type EvaluationDimension = (typeof EVALUATION_DIMENSIONS)[number];
export const EVALUATION_DIMENSION_LABELS: Record<EvaluationDimension, string> = {
  duty: '履行职责',
  law: '依法行政',
  service: '服务水平',
  innovation: '创新工作',
  integrity: '廉洁从政',
};

export const RATER_KINDS = ['leader', 'service_unit', 'staff'] as const;
export type RaterKind = (typeof RATER_KINDS)[number];
export const RATER_KIND_LABELS: Record<RaterKind, string> = { leader: '领导评议', service_unit: '服务对象单位评议', staff: '干部职工评议' };

/** Percentages per rater kind (they sum to 100). */
export type RaterWeights = Record<RaterKind, number>;
/** Default weights: leaders 40%, service-object units 30%, staff 30%. */
export const DEFAULT_RATER_WEIGHTS: RaterWeights = { leader: 40, service_unit: 30, staff: 30 };

/**
 * How many of a unit's divisions are 先进 and 后进: a fixed count each (`count`), or a share of the
 * unit's divisions each (`share`, 0–50 %, rounded down).
 */
export type LaggingRule = { mode: 'count'; advanced: number; lagging: number } | { mode: 'share'; advanced: number; lagging: number };
/** Default: one 先进 and one 后进 per unit (the 2012 Q4 table: 80 and 80 among 54 units). */
export const DEFAULT_LAGGING_RULE: LaggingRule = { mode: 'count', advanced: 1, lagging: 1 };

export type DimensionScores = Record<EvaluationDimension, number>;
export type DivisionRating = { divisionId: number; raterKind: RaterKind; scores: DimensionScores };
export type EvaluatedDivision = { divisionId: number; unitId: number };

export type EvaluationStanding = 'advanced' | 'lagging' | 'middle';
export const EVALUATION_STANDING_LABELS: Record<EvaluationStanding, string> = { advanced: '先进', lagging: '后进', middle: '' };

export type DivisionResult = {
  divisionId: number;
  unitId: number;
  /** Weighted score 0–100 (two decimals), null when nobody rated the division. */
  score: number | null;
  /** Mean per rater kind (null: none of that kind rated). */
  byKind: Record<RaterKind, number | null>;
  /** Mean per dimension over every rating (unweighted; for the form's feedback). */
  byDimension: Record<EvaluationDimension, number | null>;
  ratings: number;
  /** Competition rank within the unit (1 = best); unrated divisions rank last, tied. */
  rank: number;
  divisionsInUnit: number;
  standing: EvaluationStanding;
};

const round2 = (n: number) => Math.round(n * 100) / 100;
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** A rating's overall mark: the five dimensions weigh the same. */
export function ratingMark(scores: DimensionScores): number {
  return EVALUATION_DIMENSIONS.reduce((sum, d) => sum + scores[d], 0) / EVALUATION_DIMENSIONS.length;
}

/**
 * A division's score: the mean mark of each rater kind, weighted by the round's weights; a kind
 * nobody of which rated drops out and the others' weights are scaled up to 100 %.
 */
export function divisionScore(ratings: readonly DivisionRating[], weights: RaterWeights): { score: number | null; byKind: Record<RaterKind, number | null> } {
  const byKind = Object.fromEntries(RATER_KINDS.map((k) => [k, mean(ratings.filter((r) => r.raterKind === k).map((r) => ratingMark(r.scores)))])) as Record<RaterKind, number | null>;
  let total = 0;
  let weight = 0;
  for (const k of RATER_KINDS) {
    const m = byKind[k];
    if (m === null || weights[k] <= 0) continue;
    total += m * weights[k];
    weight += weights[k];
  }
  return { score: weight > 0 ? round2(total / weight) : null, byKind: Object.fromEntries(RATER_KINDS.map((k) => [k, byKind[k] === null ? null : round2(byKind[k])])) as Record<RaterKind, number | null> };
}

/**
 * Seats for 先进 and for 后进 in a unit of n divisions. Never more than half each (rounded down), so
 * a division is never both; a unit with a single division has neither.
 */
export function standingSeats(n: number, rule: LaggingRule): { advanced: number; lagging: number } {
  const half = Math.floor(n / 2);
  const seats = (x: number) => Math.min(half, rule.mode === 'count' ? x : Math.floor((n * x) / 100 + 1e-9));
  return { advanced: seats(rule.advanced), lagging: seats(rule.lagging) };
}

/**
 * Ranks every division within its unit and marks 先进 / 后进 by the unit's rule. A tie straddling the
 * last seat leaves all tied divisions out (a seat count is a ceiling; the unit decides between them),
 * and an unrated division is never 先进 nor 后进 (it has no result to stand on; seats count rated ones).
 */
export function evaluateDivisions(
  divisions: readonly EvaluatedDivision[],
  ratings: readonly DivisionRating[],
  weights: RaterWeights,
  ruleFor: (unitId: number) => LaggingRule,
): DivisionResult[] {
  const perDivision = new Map<number, DivisionRating[]>();
  for (const r of ratings) perDivision.set(r.divisionId, [...(perDivision.get(r.divisionId) ?? []), r]);
  const scored = divisions.map((d) => {
    const own = perDivision.get(d.divisionId) ?? [];
    const { score, byKind } = divisionScore(own, weights);
    const byDimension = Object.fromEntries(EVALUATION_DIMENSIONS.map((dim) => [dim, mean(own.map((r) => r.scores[dim]))])) as Record<EvaluationDimension, number | null>;
    for (const dim of EVALUATION_DIMENSIONS) if (byDimension[dim] !== null) byDimension[dim] = round2(byDimension[dim]);
    return { ...d, score, byKind, byDimension, ratings: own.length };
  });
  // Unrated divisions rank below every rated one (-1 is below any 0–100 score).
  const ranked = rankWithinGroups(scored.map((d) => ({ id: d.divisionId, group: String(d.unitId), score: d.score ?? -1 })));
  const rankOf = new Map(ranked.map((r) => [r.id, r]));
  return scored
    .map((d): DivisionResult => {
      const r = rankOf.get(d.divisionId)!;
      const rated = scored.filter((o) => o.unitId === d.unitId && o.score !== null);
      const seats = standingSeats(rated.length, ruleFor(d.unitId));
      let standing: EvaluationStanding = 'middle';
      if (d.score !== null) {
        const score = d.score;
        if (rated.filter((o) => o.score! >= score).length <= seats.advanced) standing = 'advanced';
        else if (rated.filter((o) => o.score! <= score).length <= seats.lagging) standing = 'lagging';
      }
      return { ...d, rank: r.rank, divisionsInUnit: r.groupSize, standing };
    })
    .sort((a, b) => a.unitId - b.unitId || a.rank - b.rank || a.divisionId - b.divisionId);
}

/** The quarter's label, e.g. 2026年第四季度. */
export function quarterLabel(year: number, quarter: number): string {
  return `${year}年第${'一二三四'[quarter - 1] ?? String(quarter)}季度`;
}
