import type { ColumnType, Generated, Selectable } from 'kysely';
import type { MatterSource, MatterStatus, Priority, ReportCadence, RequestStatus, UnitRole, UnitStatus, WarningColour } from '@duban/shared';
import type { Json, Timestamp } from '../tenants/tenant.table';

/** Numbers of numeric columns arrive as JS numbers (see database.ts); inserts accept numbers. */
type Num = ColumnType<number, number | undefined, number>;

export type ColourReasonJson = { code: string; colour: WarningColour; text: string }[];

export interface MatterTable {
  id: Generated<number>;
  tenant_id: number;
  parent_id: number | null;
  root_id: number | null;
  depth: Generated<number>;
  year: number;
  seq: number;
  number: string;
  title: string;
  content: Generated<string>;
  source: MatterSource;
  source_doc: string | null;
  category_id: number | null;
  lead_leader_id: number | null;
  lead_unit_id: number;
  start_date: string;
  deadline: string;
  original_deadline: string;
  deadline_workdays: number | null;
  deadline_provisional: Generated<boolean>;
  report_cadence: ReportCadence;
  priority: Priority;
  difficulty: Num;
  workload: Num;
  weight: Num;
  status: MatterStatus;
  progress: Num;
  investment_plan: number | null;
  investment_done: number | null;
  assigned_at: Date | null;
  last_report_at: Date | null;
  last_progress_at: Date | null;
  completion_requested_at: Date | null;
  closed_at: Date | null;
  archived_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  return_count: Generated<number>;
  rating: number | null;
  rating_comment: string | null;
  colour: WarningColour | null;
  colour_reasons: Json<ColourReasonJson | null>;
  colour_since: Date | null;
  colour_checked_at: Date | null;
  origin_type: string | null; // 'grid_problem' | 'assessment_item' …
  origin_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}
export type Matter = Selectable<MatterTable>;

export interface MatterUnitTable {
  id: Generated<number>;
  tenant_id: number;
  matter_id: number;
  unit_id: number;
  role: UnitRole;
  status: UnitStatus;
  progress: Num;
  assigned_at: Date | null;
  signed_at: Date | null;
  signed_by: number | null;
  last_report_at: Date | null;
  completion_requested_at: Date | null;
  completed_at: Date | null;
}

export interface MatterHandlerTable {
  tenant_id: number;
  matter_id: number;
  unit_id: number;
  person_id: number;
  assigned_by: number | null;
  assigned_at: Timestamp;
}

export interface MilestoneTable {
  id: Generated<number>;
  tenant_id: number;
  matter_id: number;
  due_date: string;
  planned_progress: Num;
  description: Generated<string>;
  reached_at: Date | null;
}

export interface ProgressReportTable {
  id: Generated<number>;
  tenant_id: number;
  matter_id: number;
  unit_id: number;
  reporter_account_id: number | null;
  reporter_name: string;
  progress: Num;
  text: string;
  investment_done: number | null;
  disputed_at: Date | null;
  created_at: Timestamp;
}

export interface AttachmentTable {
  id: Generated<number>;
  tenant_id: number;
  matter_id: number | null;
  owner_type: string; // 'matter' | 'report' | 'completion' | 'inspection' | 'pending' …
  owner_id: number | null;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  uploaded_by: number | null;
  created_at: Timestamp;
}

export interface ExtensionRequestTable {
  id: Generated<number>;
  tenant_id: number;
  matter_id: number;
  unit_id: number | null;
  requested_by: number | null;
  requested_deadline: string;
  previous_deadline: string;
  reason: string;
  status: RequestStatus;
  decided_by: number | null;
  decided_at: Date | null;
  decision_note: string | null;
  created_at: Timestamp;
}

export interface CompletionRequestTable {
  id: Generated<number>;
  tenant_id: number;
  matter_id: number;
  unit_id: number | null;
  requested_by: number | null;
  evidence: string;
  status: 'pending' | 'accepted' | 'returned' | 'superseded';
  decided_by: number | null;
  decided_at: Date | null;
  decision_note: string | null;
  created_at: Timestamp;
}

export interface UrgeTable {
  id: Generated<number>;
  tenant_id: number;
  matter_id: number;
  urged_by: number | null;
  message: string;
  created_at: Timestamp;
}

export interface NumberSequenceTable {
  tenant_id: number;
  kind: string; // 'matter' | 'notice' | 'weekly_report' …
  year: number;
  last: number;
}

export interface CategoryTable {
  id: Generated<number>;
  tenant_id: number;
  name: string;
  sort: Generated<number>;
  active: Generated<boolean>;
  thresholds: Json<Record<string, number> | null>;
  created_at: Timestamp;
}
