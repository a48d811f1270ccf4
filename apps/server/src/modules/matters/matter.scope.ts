import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../lib/actor';

/**
 * Which matters an actor may see, as SQL over the alias `m` (null: the whole tenant).
 * A unit's people see matters their unit is on (lead or co-unit, sub-matters included: those have
 * their own units); a leader also sees the matters they lead, and their 分管 units' ones.
 *
 * Plans checked on PostgreSQL with 200k matters. Never `m.id in (subquery) or …`: under OR the IN
 * becomes a SubPlan that is hashed only while it fits in work_mem — past that (a leader over ~90
 * units) it re-runs per row and takes minutes. So: a unit's people get a bare IN on the constant
 * tenant id, which the planner turns into a semi-join; a leader gets an EXISTS probing the unique
 * (matter_id, unit_id) index per row — bounded, and a ledger page stops after 20 hits.
 */
export function matterScopeSql(actor: Actor): RawBuilder<boolean> | null {
  if (actor.scope.kind === 'tenant') return null;
  const units = actor.scope.unitIds.length ? actor.scope.unitIds : [-1];
  if (actor.roles.includes('leader') && actor.personId !== null) {
    return sql<boolean>`(m.lead_leader_id = ${actor.personId} or exists (select 1 from matter_units mu where mu.matter_id = m.id and mu.unit_id in (${sql.join(units)})))`;
  }
  return sql<boolean>`m.id in (select mu.matter_id from matter_units mu where mu.tenant_id = ${actor.tenantId} and mu.unit_id in (${sql.join(units)}))`;
}
