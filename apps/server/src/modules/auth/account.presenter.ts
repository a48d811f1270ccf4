import { accountSchema, type AccountView } from '@duban/shared';

export { accountSchema, type AccountView };

type Row = {
  id: number;
  username: string;
  display_name: string;
  roles: AccountView['roles'];
  status: AccountView['status'];
  person_id: number | null;
  person_name?: string | null;
  unit_name?: string | null;
  last_login_at: Date | null;
  locked_until?: Date | null;
  must_change_password: boolean;
  version: number;
};

/** An account as admins see it; never its password hash. */
export function presentAccount(a: Row, now: Date): AccountView {
  return {
    id: a.id,
    username: a.username,
    displayName: a.display_name,
    roles: a.roles,
    status: a.status,
    personId: a.person_id,
    personName: a.person_name ?? null,
    unitName: a.unit_name ?? null,
    lastLoginAt: a.last_login_at?.toISOString() ?? null,
    lockedUntil: a.locked_until && a.locked_until > now ? a.locked_until.toISOString() : null,
    mustChangePassword: a.must_change_password,
    version: a.version,
  };
}
