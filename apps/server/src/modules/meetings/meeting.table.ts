import type { Generated } from 'kysely';
import type { Timestamp } from '../tenants/tenant.table';

// Tables of migration 2026_12_07_9000_grid (with 9300_meeting_tracking's columns): 联席会议 (joint) and
// 督查工作例会 (supervision) meetings, the units present or absent, the grid problems referred, the decisions.

export interface MeetingTable {
  id: Generated<number>;
  tenant_id: number;
  kind: 'joint' | 'supervision';
  title: string;
  held_on: string;
  convenor_person_id: number | null;
  convenor_unit_id: number | null;
  minutes: Generated<string>;
  created_by: number | null;
  created_at: Timestamp;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface MeetingUnitTable {
  meeting_id: number;
  tenant_id: number;
  unit_id: number;
  present: Generated<boolean>;
}

export interface MeetingProblemTable {
  meeting_id: number;
  tenant_id: number;
  problem_id: number; // bigint, parsed as a number (db/database.ts)
}

export interface MeetingDecisionTable {
  id: Generated<number>;
  meeting_id: number;
  tenant_id: number;
  seq: number;
  text: string;
  unit_id: number;
  deadline: string;
  problem_id: number | null;
  matter_id: number | null;
  status: Generated<'open' | 'done'>;
  result: string | null;
  done_at: Date | null;
  done_by: number | null;
  created_at: Timestamp;
}
