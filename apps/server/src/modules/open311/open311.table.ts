import type { Generated } from 'kysely';
import type { Json, Timestamp } from '../tenants/tenant.table';

// Tables of migration 2026_12_07_9600_open311 (issue 17).

/** An API key of one Open311 integration (a city system, a third-party app); only its SHA-256 is stored. */
export interface Open311KeyTable {
  id: Generated<number>;
  tenant_id: number;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_by: number | null;
  created_at: Timestamp;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: number | null;
}

/** What an Open311 POST carried beyond the problem: the key, media_url, ids, attributes, the sealed e-mail. */
export interface Open311RequestTable {
  problem_id: string;
  tenant_id: number;
  key_id: number;
  media_url: string | null;
  email_enc: string | null;
  device_id: string | null;
  account_id: string | null;
  attributes: Json<Record<string, string[]>>;
}
