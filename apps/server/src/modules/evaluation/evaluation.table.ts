import type { Generated, Selectable } from 'kysely';
import type { DimensionScores, LaggingRule, RaterKind, RaterWeights } from '@duban/shared';
import type { Json, Timestamp } from '../tenants/tenant.table';

/** A 季评 round: one per tenant and quarter. */
export interface EvaluationRoundTable {
  id: Generated<number>;
  tenant_id: number;
  year: number;
  quarter: number;
  title: string;
  status: Generated<'open' | 'closed'>;
  weights: Json<RaterWeights>;
  rule: Json<LaggingRule>;
  created_by: number | null;
  created_at: Timestamp;
  closed_at: Date | null;
}
export type EvaluationRound = Selectable<EvaluationRoundTable>;

export interface EvaluationDivisionTable {
  round_id: number;
  tenant_id: number;
  unit_id: number;
  division_id: number;
  unit_rule: Json<LaggingRule> | null;
}

export interface EvaluationRaterTable {
  round_id: number;
  tenant_id: number;
  person_id: number;
  division_id: number;
  rater_kind: RaterKind;
}

export interface EvaluationRatingTable {
  round_id: number;
  tenant_id: number;
  person_id: number;
  division_id: number;
  rater_kind: RaterKind;
  scores: Json<DimensionScores>;
  rated_at: Timestamp;
}

export interface EvaluationRectificationTable {
  round_id: number;
  tenant_id: number;
  division_id: number;
  problems: string;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

export interface EvaluationMeasureTable {
  id: Generated<number>;
  round_id: number;
  tenant_id: number;
  division_id: number;
  seq: number;
  text: string;
  deadline: string;
  matter_id: number | null;
}
