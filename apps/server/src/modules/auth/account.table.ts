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
  totp_secret: string | null; // sealed under the server key
  totp_pending_secret: string | null; // set up but not yet confirmed with a code
  totp_enabled_at: Date | null;
  totp_last_step: string | number | null; // bigint: the last accepted TOTP time step (a code is good once)
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type Account = Selectable<AccountTable>;

/** Sign-in failures of a username (lower case, known or not) from one source: an address, a trusted device, or '*' (all). */
export interface LoginThrottleTable {
  username: string;
  source: string;
  failures: number;
  window_started_at: Date;
  locked_until: Date | null;
}

/** A browser that signed in to the account before (its cookie's SHA-256). */
export interface TrustedDeviceTable {
  token_hash: string;
  account_id: number;
  created_at: Date;
  last_used_at: Date;
}

/** One single-use recovery code (its SHA-256) for two-factor sign-in. */
export interface RecoveryCodeTable {
  account_id: number;
  code_hash: string;
  used_at: Date | null;
}

export type AdminRequestKind = 'roles' | 'disable' | 'password_reset' | 'totp_reset';
export type AdminRequestStatus = 'pending' | 'approved' | 'rejected';

/** 双人复核: an act on an admin-role account asked for by one admin role, applied once another approves. */
export interface AdminRequestTable {
  id: Generated<number>;
  tenant_id: number;
  kind: AdminRequestKind;
  target_account_id: number;
  payload: unknown;
  requested_by: number;
  requested_at: Date;
  status: Generated<AdminRequestStatus>;
  decided_by: number | null;
  decided_at: Date | null;
}
