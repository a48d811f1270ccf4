import type { Kysely } from 'kysely';
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

/** Builds the actor for a signed-in account: roles, permissions, person, unit and data scope. */
export async function loadActor(
  db: Kysely<DB>,
  accountId: number,
  meta: { ip: string | null; requestId: string | null },
): Promise<Actor | null> {
  const row = await db
    .selectFrom('accounts as a')
    .leftJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.id', 'a.tenant_id', 'a.username', 'a.display_name', 'a.roles', 'a.status', 'a.person_id', 'p.unit_id', 'p.name as person_name'])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  if (!row || row.status !== 'active') return null;
  const led =
    row.person_id !== null && row.roles.includes('leader')
      ? (await db.selectFrom('leader_units').select('unit_id').where('person_id', '=', row.person_id).execute()).map((r) => r.unit_id)
      : [];
  return {
    tenantId: row.tenant_id,
    accountId: row.id,
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
