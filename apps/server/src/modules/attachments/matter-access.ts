import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import type { Actor } from '../../lib/actor';

type Conn = Kysely<DB> | Transaction<DB>;

/**
 * The data-scope condition on a matter row aliased `alias`: tenant-wide viewers see all; others see
 * matters on which one of their units works (lead or co-unit) or on which they are a handler.
 * Applied in SQL, never by filtering afterwards. (matters-core's ledger uses the same rule.)
 */
export function matterVisibleSql(actor: Actor, alias = 'm'): RawBuilder<boolean> {
  if (actor.scope.kind === 'tenant') return sql<boolean>`true`;
  const id = sql.ref(`${alias}.id`);
  const units = actor.scope.unitIds.length
    ? sql`exists (select 1 from matter_units mu where mu.matter_id = ${id} and mu.unit_id in (${sql.join(actor.scope.unitIds)}))`
    : sql`false`;
  const handler = actor.personId !== null ? sql`exists (select 1 from matter_handlers mh where mh.matter_id = ${id} and mh.person_id = ${actor.personId})` : sql`false`;
  return sql<boolean>`(${units} or ${handler})`;
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
