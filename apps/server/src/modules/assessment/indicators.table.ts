import type { Indicator } from '@duban/shared';
import type { Json, Timestamp } from '../tenants/tenant.table';

/** A tenant's 能上能下 indicators (no row: the defaults). */
export interface AssessmentIndicatorSettingsTable {
  tenant_id: number;
  indicators: Json<Indicator[]>;
  updated_by: number | null;
  updated_at: Timestamp;
}
