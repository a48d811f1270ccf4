import { periodsTouched, shanghaiDate, type PeriodCode } from '@duban/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { MATTER_EVENT_KINDS, onMatterEvent, type MatterEvent } from '../matters/matter-events';

type Conn = Kysely<DB> | Transaction<DB>;

/** Marks periods of a tenant dirty: one statement on the primary key; a period marked already stays as it was. */
export async function markDirty(db: Conn, tenantId: number, codes: readonly PeriodCode[], at: Date): Promise<void> {
  if (!codes.length) return;
  await db
    .insertInto('assessment_dirty')
    .values(codes.map((period_code) => ({ tenant_id: tenantId, period_code, marked_at: at })))
    .onConflict((oc) => oc.columns(['tenant_id', 'period_code']).doNothing())
    .execute();
}

/**
 * Takes every mark (in its own short transaction, so an action marking meanwhile never waits for a recompute):
 * an event committed after this writes a new mark, and the next run recomputes it again.
 */
export async function claimDirty(db: Kysely<DB>): Promise<{ tenantId: number; code: PeriodCode }[]> {
  const rows = await db.deleteFrom('assessment_dirty').returning(['tenant_id', 'period_code']).execute();
  return rows.map((r) => ({ tenantId: r.tenant_id, code: r.period_code }));
}

/** The periods an event touches (an approved extension also the periods back to the earlier deadline). */
export function eventPeriods(e: MatterEvent): PeriodCode[] {
  const on = shanghaiDate(e.at);
  return e.kind === 'extended' ? periodsTouched(on, e.data.from, e.data.to) : periodsTouched(on);
}

// Per transaction, the periods marked already: the sweep delivers a colour change per matter in one
// transaction, and a tenant's quarter needs one statement per transaction, not one per matter.
const markedIn = new WeakMap<Transaction<DB>, Set<string>>();

/**
 * Assessment's subscription to the matter lifecycle (issue 13): every event marks the periods it touches, inside
 * the action's transaction, so a rolled-back action marks nothing. The recompute job recomputes what is marked.
 */
onMatterEvent(MATTER_EVENT_KINDS, async (trx, deps, e) => {
  if (!deps.config.assessmentEvents) return;
  const seen = markedIn.get(trx) ?? new Set<string>();
  markedIn.set(trx, seen);
  const fresh = eventPeriods(e).filter((c) => !seen.has(`${e.tenantId}:${c}`));
  await markDirty(trx, e.tenantId, fresh, e.at);
  for (const c of fresh) seen.add(`${e.tenantId}:${c}`);
});
