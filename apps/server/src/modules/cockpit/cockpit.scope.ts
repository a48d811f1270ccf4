import { addDays, shanghaiInstant, type DateRange } from '@duban/shared';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../lib/actor';

/**
 * Whose matters a viewer's cockpit counts: the whole tenant (督查办), or matters led by the
 * viewer's units (a unit's people; a leader's 分管 units) or with the viewer as lead leader.
 */
export type CockpitScope = { kind: 'tenant' } | { kind: 'units'; unitIds: number[]; leaderId: number | null };

/** The cockpit scope of an actor, from the data scope loaded at sign-in. */
export function cockpitScope(actor: Actor): CockpitScope {
  if (actor.scope.kind === 'tenant') return { kind: 'tenant' };
  const leaderId = actor.roles.includes('leader') ? actor.personId : null;
  return { kind: 'units', unitIds: actor.scope.unitIds, leaderId };
}

/** The scope as a condition on a table's unit and leader columns (leader 0 = none in the totals). */
export function scopeSql(scope: CockpitScope, unitCol: string, leaderCol: string): RawBuilder<SqlBool> {
  if (scope.kind === 'tenant') return sql<SqlBool>`true`;
  const ids = scope.unitIds.length ? scope.unitIds : [-1];
  const byUnit = sql<SqlBool>`${sql.ref(unitCol)} in (${sql.join(ids)})`;
  return scope.leaderId === null ? byUnit : sql<SqlBool>`(${byUnit} or ${sql.ref(leaderCol)} = ${scope.leaderId})`;
}

/** Instants bounding a date range in Asia/Shanghai: [from 00:00, day after `to` 00:00). */
export function instantsOf(range: DateRange): { start: Date; end: Date } {
  return { start: shanghaiInstant(range.from), end: shanghaiInstant(addDays(range.to, 1)) };
}
