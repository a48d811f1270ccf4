import type { Generated, Selectable } from 'kysely';
import type { Timestamp } from '../tenants/tenant.table';

export interface ApiTokenTable {
  id: Generated<number>;
  tenant_id: number;
  account_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_by: number | null;
  created_at: Timestamp;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}
export type ApiToken = Selectable<ApiTokenTable>;
