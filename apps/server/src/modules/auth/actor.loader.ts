import { sql, type Kysely } from 'kysely';
import { permissionsOf, type Role } from '@duban/shared';
import type { DB } from '../../db/schema';
import type { Actor, DataScope } from '../../lib/actor';

const TENANT_WIDE: readonly Role[] = ['supervisor', 'sysadmin', 'secadmin', 'auditor'];

/** The data scope of a person with these roles: tenant-wide, or their unit plus 分管 units. */
export function scopeFor(roles: readonly Role[], unitId: number | null, ledUnitIds: number[]): DataScope {
  if (roles.some((r) => TENANT_WIDE.includes(r))) return { kind: 'tenant' };
  const ids = new Set<number>(ledUnitIds);
  if (unitId !== null) ids.add(unitId);
  return { kind: 'units', unitIds: [...ids].sort((a, b) => a - b) };
}

/** The columns an actor is built from, for a query over `accounts as a` left-joined to `people as p`. */
export const actorColumns = [
  'a.id as account_id',
  'a.tenant_id as account_tenant_id',
  'a.username',
  'a.display_name',
  'a.roles',
  'a.status as account_status',
  'a.person_id',
  'p.unit_id',
  'p.name as person_name',
] as const;

/** The units a leader is in charge of (分管), as an array column of the same query. */
export const ledUnitIds = sql<number[]>`array(select lu.unit_id from leader_units lu where lu.person_id = a.person_id)`;

export type ActorRow = {
  account_id: number;
  account_tenant_id: number;
  username: string;
  display_name: string;
  roles: Role[];
  account_status: string;
  person_id: number | null;
  unit_id: number | null;
  person_name: string | null;
  led_unit_ids: number[];
};

/** The actor of an active account's row (null for a disabled one). */
export function actorFromRow(row: ActorRow, meta: { ip: string | null; requestId: string | null }): Actor | null {
  if (row.account_status !== 'active') return null;
  const led = row.person_id !== null && row.roles.includes('leader') ? row.led_unit_ids.map(Number) : [];
  return {
    tenantId: row.account_tenant_id,
    accountId: row.account_id,
    username: row.username,
    name: row.person_name ?? row.display_name,
    roles: row.roles,
    permissions: permissionsOf(row.roles),
    personId: row.person_id,
    unitId: row.unit_id ?? null,
    scope: scopeFor(row.roles, row.unit_id ?? null, led),
    ip: meta.ip,
    requestId: meta.requestId,
  };
}

/** Builds the actor for a signed-in account: roles, permissions, person, unit and data scope (one query). */
export async function loadActor(
  db: Kysely<DB>,
  accountId: number,
  meta: { ip: string | null; requestId: string | null },
): Promise<Actor | null> {
  const row = await db
    .selectFrom('accounts as a')
    .leftJoin('people as p', 'p.id', 'a.person_id')
    .select(actorColumns)
    .select(ledUnitIds.as('led_unit_ids'))
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  return row ? actorFromRow(row, meta) : null;
}
