import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../lib/actor';

const unitList = (ids: readonly number[]) => sql.join(ids.length ? [...ids] : [-1]);

/**
 * Which meetings an actor may see, as SQL over the alias `mt` (null: the whole tenant). A unit's people
 * (and a leader, over their 分管 units) see the meetings their units convened, were invited to, or were
 * given a decision by.
 */
export function meetingScopeSql(actor: Actor): RawBuilder<boolean> | null {
  if (actor.scope.kind === 'tenant') return null;
  const units = unitList(actor.scope.unitIds);
  return sql<boolean>`(mt.convenor_unit_id in (${units})
    or exists (select 1 from meeting_units mu where mu.meeting_id = mt.id and mu.unit_id in (${units}))
    or exists (select 1 from meeting_decisions sd where sd.meeting_id = mt.id and sd.unit_id in (${units})))`;
}

/** Which decisions an actor may see, as SQL over the alias `d` (null: the whole tenant): their units' own. */
export function decisionScopeSql(actor: Actor): RawBuilder<boolean> | null {
  if (actor.scope.kind === 'tenant') return null;
  return sql<boolean>`d.unit_id in (${unitList(actor.scope.unitIds)})`;
}
