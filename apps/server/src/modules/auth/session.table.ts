import type { Selectable } from 'kysely';

export interface SessionTable {
  id: string; // SHA-256 of the cookie's token; the token itself is never stored
  tenant_id: number;
  account_id: number;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  revoked_at: Date | null;
}
export type Session = Selectable<SessionTable>;
