import type { Generated, Selectable } from 'kysely';
import type { Role } from '@duban/shared';
import type { Timestamp } from '../tenants/tenant.table';

export type AccountStatus = 'active' | 'disabled';

export interface AccountTable {
  id: Generated<number>;
  tenant_id: number;
  person_id: number | null;
  username: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  status: Generated<AccountStatus>;
  must_change_password: Generated<boolean>;
  password_changed_at: Timestamp;
  last_login_at: Date | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type Account = Selectable<AccountTable>;

export interface LoginThrottleTable {
  username: string;
  failures: number;
  window_started_at: Date;
  locked_until: Date | null;
}
