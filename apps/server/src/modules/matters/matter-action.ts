import type { Transaction } from 'kysely';
import { parentProgress, unitsProgress, type MatterAction, type ParentProgress } from '@duban/shared';
import type { Kysely } from 'kysely';
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

/** A parent's own reported progress: its units' average once any of them has reported, else null (a pure container). */
export function ownProgress(units: readonly { progress: number; last_report_at: Date | string | null }[]): number | null {
  return units.some((u) => u.last_report_at !== null) ? unitsProgress(units.map((u) => ({ progress: Number(u.progress) }))) : null;
}

/** A decomposed matter's progress from its own reports (`own`, null when none) and its sub-matters' (parentProgress). */
export async function combinedProgress(db: Kysely<DB> | Transaction<DB>, tenantId: number, id: number, own: number | null): Promise<ParentProgress> {
  const children = await db.selectFrom('matters').select(['progress', 'weight', 'status']).where('tenant_id', '=', tenantId).where('parent_id', '=', id).execute();
  return parentProgress(own, children.map((c) => ({ progress: Number(c.progress), weight: Number(c.weight), cancelled: c.status === 'cancelled' })));
}

/**
 * Rolls progress up from `matterId` to the root: each parent's % combines its own reports with its
 * live children's, weighted (parentProgress). Returns the parents touched.
 */
export async function rollupAncestors(trx: Transaction<DB>, tenantId: number, parentId: number | null, now: Date): Promise<number[]> {
  const touched: number[] = [];
  let id = parentId;
  for (let depth = 0; id !== null && depth < 20; depth++) {
    const units = await trx.selectFrom('matter_units').select(['progress', 'last_report_at']).where('tenant_id', '=', tenantId).where('matter_id', '=', id).execute();
    const { progress } = await combinedProgress(trx, tenantId, id, ownProgress(units));
    const parent = await trx
      .updateTable('matters')
      .set((eb) => ({
        progress,
        last_progress_at: eb.case().when('progress', '<', progress).then(now).else(eb.ref('last_progress_at')).end(),
        updated_at: now,
      }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      // A closed parent stays at 100%.
      .where('status', 'not in', ['closed', 'archived'])
      .returning('parent_id')
      .executeTakeFirst();
    touched.push(id);
    const row = parent ?? (await trx.selectFrom('matters').select('parent_id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst());
    id = row?.parent_id ?? null;
  }
  return touched;
}
