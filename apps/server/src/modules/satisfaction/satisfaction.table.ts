import type { Generated } from 'kysely';
import type { SatisfactionChannel, SatisfactionLevel, SatisfactionRater, SatisfactionSettings } from '@duban/shared';
import type { Json, Timestamp } from '../tenants/tenant.table';

/** One vote on a unit: by a citizen (form, import, a grid follow-up visit) or by another unit. */
export interface SatisfactionRatingTable {
  id: Generated<number>;
  tenant_id: number;
  unit_id: number;
  rater: SatisfactionRater;
  rater_unit_id: number | null;
  level: SatisfactionLevel;
  rated_on: string;
  channel: Generated<SatisfactionChannel>;
  source_ref: string | null;
  comment: string | null;
  created_by: number | null;
  created_at: Generated<Timestamp>;
}

export interface SatisfactionSettingsTable {
  tenant_id: number;
  settings: Json<SatisfactionSettings>;
  updated_at: Timestamp;
}
