import type { Generated } from 'kysely';

/** Columns migration 3000 adds to `matters`. */
export interface MatterSweepColumns {
  /** The stored colour relied on a year whose holiday notice is not entered. */
  colour_provisional: Generated<boolean>;
}

/** A matter whose colour facts were written since its last check; `mark` tells racing writes apart. */
export interface MatterDirtyTable {
  matter_id: number;
  mark: number;
}

/** Per matter: the next day the sweep must look at it without a write (null: never). */
export interface MatterSweepTable {
  matter_id: number;
  due_on: string | null;
}

/** Per tenant: the rules (calendar, thresholds) the last sweep applied, as a hash. */
export interface SweepStateTable {
  tenant_id: number;
  rules_hash: string;
  swept_at: Date;
}
