import type { Transaction } from 'kysely';
import { rollupProgress, type MatterAction } from '@duban/shared';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { matterContext, requireAction, type MatterContext, type MatterUnit } from './matter.access';

export type ActionResult = { status: string; event?: 'matter.status' | 'matter.report'; data?: Record<string, unknown> };

/**
 * Runs one lifecycle action: in one transaction it locks the matter (in the actor's scope, else
 * 404), checks the state machine (409 `invalid_transition` listing what is allowed), applies `fn`
 * (which writes the change, its trace and its outbox rows); after commit it publishes the live event.
 */
export async function runAction<T extends ActionResult>(
  deps: Deps,
  actor: Actor,
  matterId: number,
  action: MatterAction,
  fn: (trx: Transaction<DB>, ctx: MatterContext, now: Date) => Promise<T>,
): Promise<T> {
  requirePermission(actor, 'matter.read');
  const result = await inTransaction(deps.db, async (trx) => {
    const ctx = await matterContext(trx, actor, matterId, true);
    requireAction(ctx, action);
    return fn(trx, ctx, deps.clock.now());
  });
  deps.bus.publish({
    tenantId: actor.tenantId,
    type: result.event ?? 'matter.status',
    accountIds: null,
    data: { matterId, action, status: result.status, ...result.data },
  });
  return result;
}

/** The viewer's own unit on the matter for a unit action; a unitId naming another unit is refused. */
export function actingUnit(ctx: MatterContext, unitId: number | undefined): MatterUnit {
  const unit = ctx.viewerUnit;
  if (!unit || (unitId !== undefined && unitId !== unit.unit_id)) throw new AppError('forbidden', '只能以本单位身份办理');
  return unit;
}

/**
 * Rolls progress up from `matterId` to the root: each parent's % is its live children's, weighted
 * (rollupProgress). Returns the parents touched.
 */
export async function rollupAncestors(trx: Transaction<DB>, tenantId: number, parentId: number | null, now: Date): Promise<number[]> {
  const touched: number[] = [];
  let id = parentId;
  for (let depth = 0; id !== null && depth < 20; depth++) {
    const children = await trx.selectFrom('matters').select(['progress', 'weight', 'status']).where('tenant_id', '=', tenantId).where('parent_id', '=', id).execute();
    const progress = rollupProgress(children.map((c) => ({ progress: Number(c.progress), weight: Number(c.weight), cancelled: c.status === 'cancelled' })));
    const parent = await trx
      .updateTable('matters')
      .set((eb) => ({
        progress,
        last_progress_at: eb.case().when('progress', '<', progress).then(now).else(eb.ref('last_progress_at')).end(),
        updated_at: now,
      }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returning('parent_id')
      .executeTakeFirst();
    touched.push(id);
    id = parent?.parent_id ?? null;
  }
  return touched;
}
