import type { Generated } from 'kysely';
import type { Timestamp } from '../tenants/tenant.table';

// Tables of migrations 2026_12_07_91xx (grid cells and statistics, issue 16). Column comments live in the migrations.

export interface GridCellVersionTable {
  tenant_id: number;
  version: Generated<string>;
  changed_at: Generated<Timestamp>;
}
