import type { Generated } from 'kysely';

/** Columns migration 3000 adds to `matters` for the sweep (see that migration for their meaning). */
export interface MatterSweepColumns {
  fact_epoch: Generated<number>;
  colour_epoch: Generated<number>;
  colour_due_on: string | null;
  colour_provisional: Generated<boolean>;
}

/** Per tenant: the rules (calendar, thresholds) the last sweep applied, as a hash. */
export interface SweepStateTable {
  tenant_id: number;
  rules_hash: string;
  swept_at: Date;
}
