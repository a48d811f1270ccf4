import type { Generated } from 'kysely';
import type { Json, Timestamp } from '../tenants/tenant.table';

// Tables of migration 2026_12_07_9000_grid (网格化管理, issue 16). Column comments live in the migration.

export type GridUrgency = 'normal' | 'urgent' | 'critical'; // 一般 / 紧急 / 特急
export type GridHoldLevel = 'cell' | 'community' | 'street' | 'district' | 'city';
export type GridSource = 'grid' | 'citizen' | 'hotline' | 'office' | 'open311';
export type GridCellRule = 'inside' | 'border' | 'override' | 'outside';
export type GridRating = 'satisfied' | 'basic' | 'unsatisfied';

export interface GridLevelTable {
  tenant_id: number;
  level: number;
  name: string;
}

export interface GridCellTable {
  id: Generated<number>;
  tenant_id: number;
  parent_id: number | null;
  level: number;
  code: string;
  name: string;
  unit_id: number | null;
  polygon: Json<unknown> | null;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
  area_m2: number | null;
  valid_from: string;
  valid_to: string | null;
  created_at: Timestamp;
}

export interface GridStaffTable {
  id: Generated<number>;
  tenant_id: number;
  cell_id: number;
  person_id: number | null;
  account_id: number | null;
  duty: 'leader' | 'member' | 'supervisor';
  valid_from: string;
  valid_to: string | null;
}

export interface GridCategoryTable {
  id: Generated<number>;
  tenant_id: number;
  parent_id: number | null;
  kind: 'component' | 'event'; // 部件 / 事件
  code: string;
  name: string;
  urgency: Generated<GridUrgency>;
  default_unit_id: number | null;
  duplicate_radius_m: Generated<number>;
  icon: string | null;
  public: Generated<boolean>;
  active: Generated<boolean>;
}

export interface GridLimitVersionTable {
  id: Generated<number>;
  tenant_id: number;
  effective_from: Timestamp;
  note: Generated<string>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface GridTimeLimitTable {
  id: Generated<number>;
  version_id: number;
  tenant_id: number;
  category_id: number | null;
  urgency: GridUrgency | null;
  stage: string;
  amount: string | number;
  unit: 'hour' | 'day';
}

export interface GridSettingsTable {
  tenant_id: number;
  settings: Json<Record<string, unknown>>;
  updated_at: Timestamp;
}

export interface GridProblemTable {
  id: Generated<string>;
  tenant_id: number;
  ticket: string;
  source: GridSource;
  source_ref: string | null;
  category_id: number;
  urgency: GridUrgency;
  title: string;
  description: Generated<string>;
  address: string | null;
  lon: number | null;
  lat: number | null;
  cell_id: number | null;
  cell_rule: GridCellRule | null;
  cell_note: string | null;
  status: string;
  hold_level: GridHoldLevel;
  hold_unit_id: number | null;
  hold_since: Timestamp;
  hold_deadline: Timestamp | null;
  stage_deadline: Timestamp | null;
  dispatched_unit_id: number | null;
  handler_account_id: number | null;
  limit_version_id: number | null;
  colour: string | null;
  reporter_account_id: number | null;
  reporter_name: string | null;
  reporter_mobile_enc: string | null;
  reporter_mobile_hash: string | null;
  reporter_public: Generated<boolean>;
  merged_into_id: string | null;
  matter_id: number | null;
  reopen_count: Generated<number>;
  rework_count: Generated<number>;
  extension_count: Generated<number>;
  rating: GridRating | null;
  rating_comment: string | null;
  parked_until: string | null;
  resolved_level: GridHoldLevel | null;
  reported_at: Timestamp;
  accepted_at: Timestamp | null;
  registered_at: Timestamp | null;
  dispatched_at: Timestamp | null;
  handled_at: Timestamp | null;
  closed_at: Timestamp | null;
  visited_at: Timestamp | null;
  created_by: number | null;
  updated_at: Timestamp;
  version: Generated<number>;
  // Migration 9200 (the flow):
  /** 结案期限: when it should be closed by (set at 立案/派遣, moved by an approved 延期); null for 即办. */
  due_at: Timestamp | null;
  /** The account that did the 处置; the 核查 must be someone else. */
  handled_by: number | null;
  /** A 延期 request waiting for the level: { minutes, reason, byAccountId, byName, at }. */
  extension_request: Json<GridExtensionRequest> | null;
  park_reason: string | null;
  /** The cell whose level holds it now (its own cell, the community's or the street's); null at district and city. */
  hold_cell_id: number | null;
}

/** A waiting 延期 request, as grid_problems.extension_request holds it. */
export type GridExtensionRequest = { minutes: number; reason: string; byAccountId: number | null; byName: string; at: string };

export interface GridProblemEventTable {
  id: Generated<string>;
  tenant_id: number;
  problem_id: string;
  at: Timestamp;
  action: string;
  from_status: string | null;
  to_status: string | null;
  hold_level: GridHoldLevel | null;
  unit_id: number | null;
  actor_account_id: number | null;
  note: string | null;
  data: Json<Record<string, unknown>> | null;
  public: Generated<boolean>;
}

export interface GridLevelHoldTable {
  id: Generated<string>;
  tenant_id: number;
  problem_id: string;
  hold_level: GridHoldLevel;
  unit_id: number | null;
  cell_id: number | null;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  working_minutes: number | null;
  left_by: 'resolved' | 'escalated' | 'beyond_power' | 'dispatched' | 'returned' | 'closed' | 'merged' | 'parked' | 'rejected' | null;
}

export interface GridProblemReporterTable {
  id: Generated<string>;
  tenant_id: number;
  problem_id: string;
  original_problem_id: string | null;
  account_id: number | null;
  name: string | null;
  mobile_enc: string | null;
  mobile_hash: string | null;
  created_at: Timestamp;
}

export interface GridProblemPhotoTable {
  attachment_id: string;
  tenant_id: number;
  problem_id: string;
  phase: 'report' | 'before' | 'after' | 'verify';
  hidden: Generated<boolean>;
  hidden_reason: string | null;
  hidden_by: number | null;
  hidden_at: Timestamp | null;
}
