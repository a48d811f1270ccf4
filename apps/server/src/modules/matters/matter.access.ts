import { executePrepared } from '../../db/prepared';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { actionBlock, allowedActions, availableActions, TRANSITIONS, UNIT_ACTION_STATES, type ActionBlock, type ActionFacts, type ActorKind, type MatterAction } from '@duban/shared';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import type { Actor } from '../../lib/actor';
import { registerTraceAccess } from '../trace/trace.access';
import { unfinishedMatter } from './matter-status.sql';
import { matterScopeSql } from './matter.scope';
import type { Matter, MatterUnitTable } from './matter.table';

type Conn = Kysely<DB> | Transaction<DB>;
export type MatterUnit = Selectable<MatterUnitTable>;

/** A matter as one viewer meets it: its units, what kind of actor the viewer is on it, their unit's row. */
export type MatterContext = { matter: Matter; units: MatterUnit[]; kinds: Set<ActorKind>; viewerUnit: MatterUnit | null; hasChildren: boolean; facts: ActionFacts };

/** Numbers of `m`'s sub-matters still open (they block its completion). */
export const openChildNumbersOfM = sql<string[]>`(select coalesce(array_agg(ch.number order by ch.id), '{}') from matters ch where ch.parent_id = m.id and ${unfinishedMatter('ch')})`;
/** Units of `m` with an extension request waiting (0 for one without a unit). */
export const pendingExtensionUnitsOfM = sql<number[]>`(select coalesce(array_agg(coalesce(e.unit_id, 0) order by e.id), '{}') from extension_requests e where e.matter_id = m.id and e.status = 'pending')`;

/** The facts of a row that selected openChildNumbersOfM and pendingExtensionUnitsOfM. */
export const factsOf = (r: { open_child_numbers: string[] | null; pending_extension_units: number[] | null }): Omit<ActionFacts, 'openUnitIds'> => ({
  openChildNumbers: r.open_child_numbers ?? [],
  pendingExtensionUnitIds: (r.pending_extension_units ?? []).map(Number),
});

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
      openChildNumbersOfM.as('open_child_numbers'),
      pendingExtensionUnitsOfM.as('pending_extension_units'),
    ]);
  // Prepared on PostgreSQL: every lifecycle action starts here.
  const row = (await executePrepared(db, (lock ? q.forUpdate('m') : q).compile())).rows[0];
  if (!row) throw new AppError('matter_not_found');
  const { units_json, has_children, open_child_numbers, pending_extension_units, ...matter } = row;
  return contextOf(actor, matter, units_json.map(unitFromJson), Boolean(has_children), factsOf({ open_child_numbers, pending_extension_units }));
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

export function contextOf(actor: Actor, matter: Matter, units: MatterUnit[], hasChildren: boolean, facts: Omit<ActionFacts, 'openUnitIds'>): MatterContext {
  const kinds = new Set<ActorKind>();
  if (actor.permissions.has('matter.manage')) kinds.add('office');
  if (actor.permissions.has('matter.inspect')) kinds.add('inspector');
  if (actor.roles.includes('leader')) kinds.add('leader');
  const viewerUnit = actor.unitId === null ? null : (units.find((u) => u.unit_id === actor.unitId) ?? null);
  if (viewerUnit && actor.permissions.has('matter.handle')) kinds.add('unit');
  if (viewerUnit && actor.permissions.has('matter.sign')) kinds.add('unit_lead');
  const openUnitIds = units.filter((u) => u.status === 'pending' || u.status === 'signed').map((u) => u.unit_id);
  return { matter, units, kinds, viewerUnit, hasChildren, facts: { ...facts, openUnitIds } };
}

/** What this viewer may do now (the state machine, then the matter's parts), and why some are not offered. */
export function actionsFor(ctx: MatterContext): { available: MatterAction[]; blocked: ActionBlock[] } {
  return availableActions(allowedActions(ctx.matter.status, ctx.kinds, ctx.viewerUnit?.status ?? null), ctx.facts, ctx.viewerUnit?.unit_id ?? null);
}

/** The 409 for an action the matter's parts stand in the way of, with its own code and the real reason. */
export function blockError(ctx: MatterContext, block: ActionBlock): AppError {
  return new AppError(block.code, block.message, { action: block.action, status: ctx.matter.status, allowedActions: actionsFor(ctx).available });
}

/**
 * Refuses an action the state machine does not allow: 403 when the viewer is not someone who may
 * do it at all, else 409 `invalid_transition` listing what is allowed now.
 */
export function requireAction(ctx: MatterContext, action: MatterAction): void {
  const t = TRANSITIONS[action];
  const allowed = allowedActions(ctx.matter.status, ctx.kinds, ctx.viewerUnit?.status ?? null);
  if (allowed.includes(action)) {
    const block = actionBlock(action, ctx.facts, ctx.viewerUnit?.unit_id ?? null);
    if (block) throw blockError(ctx, block);
    return;
  }
  const stateOk = t.from.includes(ctx.matter.status);
  const whoOk = t.who.some((k) => ctx.kinds.has(k));
  if (stateOk && !whoOk && t.who.includes('unit_lead') && ctx.kinds.has('unit')) throw new AppError('forbidden', `“${t.label}”由本单位联络员或单位负责人办理，承办人负责办理和汇报进度`);
  if (stateOk && !whoOk) throw new AppError('forbidden', `没有权限对该事项执行“${t.label}”`);
  const needs = UNIT_ACTION_STATES[action];
  const why =
    stateOk && needs && ctx.viewerUnit
      ? `本单位在该事项中的状态下不能执行“${t.label}”`
      : `事项当前状态下不能执行“${t.label}”`;
  throw new AppError('invalid_transition', why, { action, status: ctx.matter.status, unitStatus: ctx.viewerUnit?.status ?? null, allowedActions: actionsFor(ctx).available });
}

// Whoever may open a matter may read its trace (痕迹).
registerTraceAccess('matter', async (db, actor, entityId) => {
  const id = Number(entityId);
  if (!Number.isSafeInteger(id) || id <= 0 || !actor.permissions.has('matter.read')) return false;
  return !!(await scopedMatter(db, actor, id).select('m.id').executeTakeFirst());
});
