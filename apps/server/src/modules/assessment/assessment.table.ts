import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Json, Timestamp } from '../tenants/tenant.table';

type Num = ColumnType<number, number, number>;
export type SubjectType = 'unit' | 'person';
export type ToleranceStatus = 'submitted' | 'verified' | 'approved' | 'rejected';

export interface AssessmentRuleBookTable {
  id: Generated<number>;
  tenant_id: number;
  version: number;
  effective_from: string;
  rules: Json<unknown>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AssessmentPeriodTable {
  id: Generated<number>;
  tenant_id: number;
  code: string;
  date_from: string;
  date_to: string;
  rule_book_id: number;
  status: Generated<'draft' | 'published'>;
  computed_at: Date;
  published_at: Date | null;
  /** The inputs' watermark at the last recompute (migration 8100); the job recomputes when it moves. */
  input_mark: Generated<string | null>;
}
export type AssessmentPeriodRow = Selectable<AssessmentPeriodTable>;

export interface AssessmentLineTable {
  id: Generated<string>;
  tenant_id: number;
  period_id: number;
  subject_type: SubjectType;
  subject_id: number;
  carrier_role: string;
  matter_id: number | null;
  line_key: string;
  rule: string;
  on_date: string;
  quantity: Num;
  unit_points: Num;
  share: Num;
  points: Num;
  clause: string;
  event_seq: number | null;
  text: string;
  exempt: Generated<boolean>;
}

export interface AssessmentTotalTable {
  period_id: number;
  subject_type: SubjectType;
  subject_id: number;
  tenant_id: number;
  peer_group: string;
  raw: Num;
  total: Num;
  matters: number;
  rank: number;
  group_size: number;
  flagged: Generated<boolean>;
  flagged_matter_ids: Generated<number[]>;
  grade: string | null;
}

export interface AssessmentOrgPartTable {
  tenant_id: number;
  period_code: string;
  person_id: number;
  score: Num;
  entered_by: number | null;
  entered_at: Date;
}

export interface AssessmentToleranceTable {
  id: Generated<number>;
  tenant_id: number;
  period_id: number;
  subject_type: SubjectType;
  subject_id: number;
  line_keys: string[];
  situation: string;
  reason: string;
  evidence: string;
  status: Generated<ToleranceStatus>;
  applied_by: number | null;
  applied_at: Date;
  verified_by: number | null;
  verified_at: Date | null;
  verify_note: string | null;
  decided_by: number | null;
  decided_at: Date | null;
  decision_reason: string | null;
}
export type ToleranceRow = Selectable<AssessmentToleranceTable>;

export interface AssessmentItemTable {
  id: Generated<number>;
  tenant_id: number;
  kind: 'praise' | 'commend' | 'criticise';
  subject_type: SubjectType;
  subject_id: number;
  matter_id: number | null;
  doc_number: string;
  doc_date: string;
  title: string;
  created_by: number | null;
  created_at: Date;
  removed_by: Generated<number | null>;
  removed_at: Generated<Date | null>;
  remove_reason: Generated<string | null>;
}
export type ItemRow = Selectable<AssessmentItemTable>;

export type AppealStatus = 'pending' | 'upheld' | 'changed';
export interface AssessmentAppealTable {
  id: Generated<number>;
  tenant_id: number;
  kind: 'review' | 'appeal';
  parent_id: number | null;
  period_id: number;
  subject_type: SubjectType;
  subject_id: number;
  reason: string;
  evidence: string;
  status: Generated<AppealStatus>;
  delta: ColumnType<number | null, number | null, number | null>;
  decision_note: Generated<string | null>;
  applied_by: number | null;
  applied_at: Date;
  decided_by: Generated<number | null>;
  decided_at: Generated<Date | null>;
  /** Days the 申诉 decision deadline was extended (migration 10100). */
  extended_days: Generated<number>;
  extension_note: Generated<string | null>;
  extended_by: Generated<number | null>;
  extended_at: Generated<Date | null>;
}
export type AppealRow = Selectable<AssessmentAppealTable>;
