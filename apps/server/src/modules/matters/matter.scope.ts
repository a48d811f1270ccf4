import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../lib/actor';

/**
 * Which matters an actor may see, as SQL over the alias `m` (null: the whole tenant).
 * A unit's people see matters their unit is on (lead or co-unit, sub-matters included: those have
 * their own units); a leader also sees the matters they lead, and their 分管 units' ones.
 * The unit list is an uncorrelated sub-select on a constant tenant id, so PostgreSQL hashes it
 * once instead of probing per row (a correlated `mu.tenant_id = m.tenant_id` took minutes at 1M).
 */
export function matterScopeSql(actor: Actor): RawBuilder<boolean> | null {
  if (actor.scope.kind === 'tenant') return null;
  const units = actor.scope.unitIds.length ? actor.scope.unitIds : [-1];
  const viaUnits = sql<boolean>`m.id in (select mu.matter_id from matter_units mu where mu.tenant_id = ${actor.tenantId} and mu.unit_id in (${sql.join(units)}))`;
  if (actor.roles.includes('leader') && actor.personId !== null) return sql<boolean>`(${viaUnits} or m.lead_leader_id = ${actor.personId})`;
  return viaUnits;
}
