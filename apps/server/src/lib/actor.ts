import { permissionsOf, type Permission, type Role } from '@duban/shared';
import { AppError } from '../errors';

/**
 * Which units' records a person may see. `tenant` is the whole tenant (督查办, admins);
 * `units` restricts to the listed units (a unit's own people; a leader's 分管 units).
 */
export type DataScope = { kind: 'tenant' } | { kind: 'units'; unitIds: number[] };

/** Who is acting: the signed-in person (or a job), with what they may do and see. */
export type Actor = {
  tenantId: number;
  accountId: number | null;
  username: string | null;
  name: string;
  roles: readonly Role[];
  permissions: ReadonlySet<Permission>;
  personId: number | null;
  unitId: number | null;
  scope: DataScope;
  ip: string | null;
  requestId: string | null;
};

/** The actor for scheduled jobs and the command line; sees the whole tenant. */
export function systemActor(tenantId: number, name = '系统'): Actor {
  return {
    tenantId,
    accountId: null,
    username: null,
    name,
    roles: [],
    permissions: permissionsOf(['supervisor', 'sysadmin']),
    personId: null,
    unitId: null,
    scope: { kind: 'tenant' },
    ip: null,
    requestId: null,
  };
}

/** Throws 403 unless the actor holds the permission; the first line of a service method. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!actor.permissions.has(permission)) throw new AppError('forbidden');
}

/** Throws 403 unless the actor holds at least one of the permissions. */
export function requireAnyPermission(actor: Actor, ...permissions: Permission[]): void {
  if (!permissions.some((p) => actor.permissions.has(p))) throw new AppError('forbidden');
}

/** True when the actor's data scope covers the unit. */
export function scopeCoversUnit(scope: DataScope, unitId: number): boolean {
  return scope.kind === 'tenant' || scope.unitIds.includes(unitId);
}
