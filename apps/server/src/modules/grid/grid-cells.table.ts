import type { Generated } from 'kysely';
import type { Timestamp } from '../tenants/tenant.table';

// Tables of migrations 2026_12_07_91xx (grid cells and statistics, issue 16). Column comments live in the migrations.

export interface GridCellVersionTable {
  tenant_id: number;
  version: Generated<string>;
  changed_at: Generated<Timestamp>;
}

/** Columns migration 9100 adds to grid_cells: the row a re-drawn cell replaced. */
export interface GridCellHistoryColumns {
  previous_id: number | null;
}

/** Columns migration 9101 adds to grid_problems: closed within its time limit (set with closed_at). */
export interface GridProblemStatsColumns {
  closed_on_time: boolean | null;
}

/** Monthly statistics rollup (migration 9101). */
export interface GridStatsMonthlyTable {
  tenant_id: number;
  dim: 'tenant' | 'node' | 'unit' | 'category';
  level: Generated<number>;
  key: string;
  month: string;
  closed: Generated<number>;
  on_time: Generated<number>;
  rework: Generated<number>;
  extended: Generated<number>;
  low_level: Generated<number>;
  rated: Generated<number>;
  satisfied: Generated<number>;
  basic: Generated<number>;
  unsatisfied: Generated<number>;
  minutes_cell: Generated<string | number>;
  minutes_community: Generated<string | number>;
  minutes_street: Generated<string | number>;
  minutes_district: Generated<string | number>;
  minutes_city: Generated<string | number>;
  holds_cell: Generated<number>;
  holds_community: Generated<number>;
  holds_street: Generated<number>;
  holds_district: Generated<number>;
  holds_city: Generated<number>;
}
