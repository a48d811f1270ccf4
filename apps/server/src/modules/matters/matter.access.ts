import { executePrepared } from '../../db/prepared';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { allowedActions, TRANSITIONS, UNIT_ACTION_STATES, type ActorKind, type MatterAction } from '@duban/shared';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import type { Actor } from '../../lib/actor';
import { registerTraceAccess } from '../trace/trace.access';
import { matterScopeSql } from './matter.scope';
import type { Matter, MatterUnitTable } from './matter.table';

type Conn = Kysely<DB> | Transaction<DB>;
export type MatterUnit = Selectable<MatterUnitTable>;

/** A matter as one viewer meets it: its units, what kind of actor the viewer is on it, their unit's row. */
export type MatterContext = { matter: Matter; units: MatterUnit[]; kinds: Set<ActorKind>; viewerUnit: MatterUnit | null; hasChildren: boolean };

/**
 * `matters as m` narrowed to one id in the actor's tenant and data scope (in SQL), no columns yet.
 * No row means 404 to the caller: an id outside the scope or the tenant looks exactly like a missing one.
 */
export function scopedMatter(db: Conn, actor: Actor, id: number) {
  const q = db.selectFrom('matters as m').where('m.tenant_id', '=', actor.tenantId).where('m.id', '=', id);
  const scope = matterScopeSql(actor);
  return scope ? q.where(scope) : q;
}

/**
 * Loads the matter in scope with its units and whether it has sub-matters, in one statement (the
 * first of every lifecycle action, so its round trips count), and works out the viewer's part in it.
 * `lock` holds the matter row (not its units) for the transaction.
 */
export async function matterContext(db: Conn, actor: Actor, id: number, lock = false): Promise<MatterContext> {
  const q = scopedMatter(db, actor, id)
    .selectAll('m')
    .select((eb) => [
      jsonArrayFrom(eb.selectFrom('matter_units as mu').selectAll('mu').whereRef('mu.matter_id', '=', 'm.id').orderBy('mu.id')).as('units_json'),
      eb.exists(eb.selectFrom('matters as c').select('c.id').whereRef('c.parent_id', '=', 'm.id')).as('has_children'),
    ]);
  // Prepared on PostgreSQL: every lifecycle action starts here.
  const row = (await executePrepared(db, (lock ? q.forUpdate('m') : q).compile())).rows[0];
  if (!row) throw new AppError('matter_not_found');
  const { units_json, has_children, ...matter } = row;
  return contextOf(actor, matter, units_json.map(unitFromJson), Boolean(has_children));
}

const toDate = (v: string | Date | null): Date | null => (v === null ? null : new Date(v));

/** A matter_units row as it arrives inside a JSON sub-array (timestamps as strings), with its dates back as Dates. */
export function unitFromJson<U extends { [K in 'assigned_at' | 'signed_at' | 'last_report_at' | 'completion_requested_at' | 'completed_at']: string | Date | null }>(u: U) {
  return {
    ...u,
    assigned_at: toDate(u.assigned_at),
    signed_at: toDate(u.signed_at),
    last_report_at: toDate(u.last_report_at),
    completion_requested_at: toDate(u.completion_requested_at),
    completed_at: toDate(u.completed_at),
  };
}

export function contextOf(actor: Actor, matter: Matter, units: MatterUnit[], hasChildren: boolean): MatterContext {
  const kinds = new Set<ActorKind>();
  if (actor.permissions.has('matter.manage')) kinds.add('office');
  if (actor.permissions.has('matter.inspect')) kinds.add('inspector');
  if (actor.roles.includes('leader')) kinds.add('leader');
  const viewerUnit = actor.unitId === null ? null : (units.find((u) => u.unit_id === actor.unitId) ?? null);
  if (viewerUnit && actor.permissions.has('matter.handle')) kinds.add('unit');
  return { matter, units, kinds, viewerUnit, hasChildren };
}

/** What this viewer may do now, from the state machine. */
export function actionsFor(ctx: MatterContext): ReturnType<typeof allowedActions> {
  return allowedActions(ctx.matter.status, ctx.kinds, ctx.viewerUnit?.status ?? null);
}

/**
 * Refuses an action the state machine does not allow: 403 when the viewer is not someone who may
 * do it at all, else 409 `invalid_transition` listing what is allowed now.
 */
export function requireAction(ctx: MatterContext, action: MatterAction): void {
  const t = TRANSITIONS[action];
  const allowed = actionsFor(ctx);
  if (allowed.includes(action)) return;
  const stateOk = t.from.includes(ctx.matter.status);
  const whoOk = t.who.some((k) => ctx.kinds.has(k));
  if (stateOk && !whoOk) throw new AppError('forbidden', `没有权限对该事项执行“${t.label}”`);
  const needs = UNIT_ACTION_STATES[action];
  const why =
    stateOk && needs && ctx.viewerUnit
      ? `本单位在该事项中的状态下不能执行“${t.label}”`
      : `事项当前状态下不能执行“${t.label}”`;
  throw new AppError('invalid_transition', why, { action, status: ctx.matter.status, unitStatus: ctx.viewerUnit?.status ?? null, allowedActions: allowed });
}

// Whoever may open a matter may read its trace (痕迹).
registerTraceAccess('matter', async (db, actor, entityId) => {
  const id = Number(entityId);
  if (!Number.isSafeInteger(id) || id <= 0 || !actor.permissions.has('matter.read')) return false;
  return !!(await scopedMatter(db, actor, id).select('m.id').executeTakeFirst());
});
