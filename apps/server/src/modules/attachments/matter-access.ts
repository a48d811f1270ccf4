import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import type { Actor } from '../../lib/actor';
import { matterScopeSql } from '../matters/matter.scope';

type Conn = Kysely<DB> | Transaction<DB>;

/**
 * The data-scope condition on a matter row aliased `m`: the ledger's own rule (matter.scope.ts), so
 * attachments, notices and inspections are visible exactly when their matter is. Applied in SQL.
 */
export function matterVisibleSql(actor: Actor): RawBuilder<boolean> {
  return matterScopeSql(actor) ?? sql<boolean>`true`;
}

/** Field inspectors (督查员) visit any site of the tenant, so their inspection work is tenant-wide. */
export function inspectionScope(actor: Actor): Actor {
  return actor.permissions.has('matter.inspect') ? { ...actor, scope: { kind: 'tenant' } } : actor;
}

/** The matter if it exists in the actor's tenant and scope; 404 otherwise (never revealing it exists). */
export async function findVisibleMatter(db: Conn, actor: Actor, matterId: number) {
  const row = await db
    .selectFrom('matters as m')
    .select(['m.id', 'm.tenant_id', 'm.number', 'm.title', 'm.status', 'm.lead_unit_id', 'm.version', 'm.return_count'])
    .where('m.tenant_id', '=', actor.tenantId)
    .where('m.id', '=', matterId)
    .where(matterVisibleSql(actor))
    .executeTakeFirst();
  if (!row) throw new AppError('matter_not_found');
  return row;
}
