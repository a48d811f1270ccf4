import type { ColumnType } from 'kysely';

/** Numeric sums arrive as JS numbers (see database.ts); triggers write them, code only reads. */
type Sum = ColumnType<number, number | undefined, number>;

/** Running totals kept by the matters triggers (migration 4000); never written by code. */
export interface CockpitStatsTable {
  tenant_id: number;
  kind: 'state' | 'category' | 'source';
  grain: 'd' | 'm';
  bucket: string;
  unit_id: number;
  leader_id: number;
  key: string;
  n: number;
  done_n: number;
  on_time_n: number;
  days_sum: Sum;
  inv_plan: Sum;
  inv_done: Sum;
}

/**
 * The tenant-wide totals (migration 4003): state, category and source per key with unit_id 0; kind 'unit'
 * per lead unit with key ''. Kept by the same triggers as cockpit_stats.
 */
export type CockpitTotalsTable = Omit<CockpitStatsTable, 'kind' | 'leader_id'> & { kind: CockpitStatsTable['kind'] | 'unit' };

/** New, closed and warned matters per week (Monday) and tenant. */
export type CockpitWeeklyTotalsTable = Omit<CockpitWeeklyTable, 'unit_id' | 'leader_id'>;

/** New, closed and warned matters per week (Monday) and lead unit / leader. */
export interface CockpitWeeklyTable {
  tenant_id: number;
  week: string;
  unit_id: number;
  leader_id: number;
  new_n: number;
  closed_n: number;
  warned_n: number;
}

/** Which weeks a matter turned yellow/blue/red in (so a week counts each matter once). */
export interface CockpitWarnedTable {
  matter_id: number;
  week: string;
}
