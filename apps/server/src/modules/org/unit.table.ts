import type { Generated, Selectable } from 'kysely';
import type { UnitKind } from '@duban/shared';
import type { Timestamp } from '../tenants/tenant.table';

export interface UnitTable {
  id: Generated<number>;
  tenant_id: number;
  parent_id: number | null;
  kind: UnitKind;
  name: string;
  short_name: string | null;
  code: string | null;
  sort: Generated<number>;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type Unit = Selectable<UnitTable>;
