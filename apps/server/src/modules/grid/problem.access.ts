import { sql, type Kysely, type Transaction } from 'kysely';
import { gridActionBlock, gridAvailableActions, gridRefusal, type GridAction, type GridActorKind, type GridBlock, type GridFacts, type GridStatus } from '@duban/shared';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import type { Actor } from '../../lib/actor';
import { registerTraceAccess } from '../trace/trace.access';
import { actsForUnit, gridProblemScope, gridTenantWide } from './grid-scope';
import type { ProblemRecord } from './problem.repository';

type Conn = Kysely<DB> | Transaction<DB>;

/** A problem as one viewer meets it: the row, its category's major class, what kinds of actor the viewer is on it. */
export type ProblemContext = { p: ProblemRecord & { category_parent_id: number | null; category_name: string }; kinds: Set<GridActorKind>; facts: GridFacts };

/** `grid_problems as p` narrowed to one id in the actor's tenant and grid scope; no row looks exactly like a missing one. */
export function scopedProblem(db: Conn, actor: Actor, id: string | number) {
  const q = db.selectFrom('grid_problems as p').where('p.tenant_id', '=', actor.tenantId).where('p.id', '=', String(id));
  const scope = gridProblemScope(actor);
  return scope ? q.where(scope) : q;
}

const staffOf = (col: 'p.hold_cell_id' | 'p.cell_id', actor: Actor, duties: readonly string[]) =>
  sql<boolean>`exists (select 1 from grid_staff s where s.cell_id = ${sql.ref(col)} and s.valid_to is null and s.duty in (${sql.join(duties)})
    and (s.account_id = ${actor.accountId ?? -1} or s.person_id = ${actor.personId ?? -1}))`;

/** Loads the problem in scope (locked for the transaction when `lock`) and works out the viewer's part in it. */
export async function problemContext(db: Conn, actor: Actor, id: string | number, lock = false): Promise<ProblemContext> {
  const q = scopedProblem(db, actor, id)
    .innerJoin('grid_categories as gc', 'gc.id', 'p.category_id')
    .selectAll('p')
    .select(['gc.parent_id as category_parent_id', 'gc.name as category_name'])
    .select([staffOf('p.hold_cell_id', actor, ['leader', 'member']).as('is_hold_staff'), staffOf('p.cell_id', actor, ['leader', 'member', 'supervisor']).as('is_cell_staff')]);
  const row = await (lock ? q.forUpdate('p') : q).executeTakeFirst();
  if (!row) throw new AppError('grid_problem_not_found');
  const { is_hold_staff, is_cell_staff, ...p } = row;
  return { p, kinds: kindsOf(actor, p, Boolean(is_hold_staff), Boolean(is_cell_staff)), facts: factsOf(actor, p) };
}

function kindsOf(actor: Actor, p: ProblemRecord, holdStaff: boolean, cellStaff: boolean): Set<GridActorKind> {
  const kinds = new Set<GridActorKind>();
  if (actor.permissions.has('grid.manage') && gridTenantWide(actor)) kinds.add('office');
  if (!actor.permissions.has('grid.handle')) return kinds;
  const local = p.hold_level === 'cell' || p.hold_level === 'community' || p.hold_level === 'street';
  const myUnit = (unitId: number | null) => unitId !== null && unitId === actor.unitId && actsForUnit(actor);
  if (local && (holdStaff || myUnit(p.hold_unit_id))) kinds.add('level');
  if (myUnit(p.dispatched_unit_id) || (p.handler_account_id !== null && p.handler_account_id === actor.accountId)) kinds.add('handler');
  if (cellStaff || actor.roles.includes('inspector')) kinds.add('checker');
  return kinds;
}

function factsOf(actor: Actor, p: ProblemRecord): GridFacts {
  return { holdLevel: p.hold_level, atTop: p.hold_level === 'city', extensionPending: p.extension_request !== null, handledBy: p.handled_by, viewerAccountId: actor.accountId };
}

/** What the viewer may do now and why some are not offered (the detail page's buttons). */
export function problemActions(ctx: ProblemContext): { available: GridAction[]; blocked: GridBlock[] } {
  return gridAvailableActions(ctx.p.status as GridStatus, ctx.kinds, ctx.facts);
}

/** Refuses an action the flow does not allow this viewer now: 403 (not theirs), 409 (state) or the block's own code. */
export function requireGridAction(ctx: ProblemContext, action: GridAction): void {
  const status = ctx.p.status as GridStatus;
  const refusal = gridRefusal(action, status, ctx.kinds);
  if (refusal) {
    if (refusal.code === 'forbidden' && ctx.kinds.size === 0) throw new AppError('grid_not_your_level', undefined, { action, status });
    throw new AppError(refusal.code, refusal.message, { action, status, allowedActions: problemActions(ctx).available });
  }
  const block = gridActionBlock(action, ctx.facts);
  if (block) throw new AppError(block.code, block.message, { action, status, allowedActions: problemActions(ctx).available });
}

// Whoever may open a problem may read its trace.
registerTraceAccess('grid_problem', async (db, actor, entityId) => {
  if (!/^\d{1,18}$/.test(entityId) || !actor.permissions.has('grid.read')) return false;
  return !!(await scopedProblem(db, actor, entityId).select('p.id').executeTakeFirst());
});
