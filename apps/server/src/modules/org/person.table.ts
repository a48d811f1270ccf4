import type { Generated, Selectable } from 'kysely';
import type { Rank } from '@duban/shared';
import type { Timestamp } from '../tenants/tenant.table';

export interface PersonTable {
  id: Generated<number>;
  tenant_id: number;
  unit_id: number;
  division_id: number | null;
  name: string;
  /** The mobile number sealed with SM4 under the server key (lib/pii.ts `sealPii`); open it only to show or send. */
  mobile_enc: string | null;
  /** HMAC-SM3 search hash of the normalised number (`mobileSearchHash`): search and the "already registered" check. */
  mobile_hash: string | null;
  // The plain `mobile` column (migration 0001) is emptied at start (lib/pii-at-rest.ts) and not typed, so nothing
  // reads or writes it.
  email: string | null;
  rank: Rank;
  title: string | null;
  wecom_user_id: string | null;
  dingtalk_user_id: string | null;
  is_unit_head: Generated<boolean>;
  is_liaison: Generated<boolean>;
  notify_digest: Generated<boolean>;
  notify_muted: Generated<string[]>; // channels this person opted out of (notify migration 2000)
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type Person = Selectable<PersonTable>;

/** 分管: a leader in charge of a unit. */
export interface LeaderUnitTable {
  tenant_id: number;
  person_id: number;
  unit_id: number;
}
