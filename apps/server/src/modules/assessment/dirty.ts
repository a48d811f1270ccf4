import { periodsTouched, shanghaiDate, type PeriodCode } from '@duban/shared';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { MATTER_EVENT_KINDS, onMatterEvent, type MatterEvent } from '../matters/matter-events';

type Conn = Kysely<DB> | Transaction<DB>;

/**
 * Marks periods of a tenant dirty: one statement on the primary key; a period marked already stays as it was.
 * Answers the codes this statement inserted; the others were marked, and committed, by an earlier transaction.
 */
export async function markDirty(db: Conn, tenantId: number, codes: readonly PeriodCode[], at: Date): Promise<PeriodCode[]> {
  if (!codes.length) return [];
  const rows = await db
    .insertInto('assessment_dirty')
    .values(codes.map((period_code) => ({ tenant_id: tenantId, period_code, marked_at: at })))
    .onConflict((oc) => oc.columns(['tenant_id', 'period_code']).doNothing())
    .returning('period_code')
    .execute();
  return rows.map((r) => r.period_code);
}

/**
 * What this process knows is marked, per database handle (an instance; tests open two on one database):
 * key → the monotonic time (performance.now) just before the statement that found the mark committed there, and
 * the local claim generation it was seen in. An entry serves for `assessmentMarkLeaseMs`; then the next event of
 * the key runs the statement again.
 */
type MarkCache = { gen: number; known: Map<string, { since: number; gen: number }> };
const caches = new WeakMap<object, MarkCache>();
const cacheOf = (db: object): MarkCache => {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = { gen: 0, known: new Map() }));
  return c;
};

/**
 * Takes every mark (in its own short transaction, so an action marking meanwhile never waits for a recompute):
 * an event committed after this writes a new mark, and the next run recomputes it again.
 *
 * Then waits until every event that skipped its statement because it knew the mark (markPeriods) is committed, so
 * the recompute that follows reads it: such an event decided before its instance's lease ran out, that is within
 * `assessmentMarkLeaseMs` of this claim, inside a transaction that had started by then. On PostgreSQL the claim
 * waits the lease out, then waits for every client transaction of the database begun before that moment to end
 * (pg_stat_activity, which shows a role the transactions of its own role: every instance connects as the same one);
 * past `maxWaitMs` it answers `settled: false` and the caller marks the claimed periods again after recomputing
 * them, so whatever was still open is recomputed by the next run. The embedded engine has one
 * process and one connection: the claim forgets this process's knowledge, and one statement queues behind the
 * transaction that may still be open.
 */
export async function claimDirty(deps: Pick<Deps, 'engine' | 'config' | 'db'>, db: Kysely<DB>, maxWaitMs = 60_000): Promise<{ claimed: { tenantId: number; code: PeriodCode }[]; settled: boolean }> {
  const cache = cacheOf(deps.db);
  const rows = await db.deleteFrom('assessment_dirty').returning(['tenant_id', 'period_code']).execute();
  // After the delete: what this process saw before it is stale (an event deciding now runs its statement).
  cache.gen++;
  cache.known.clear();
  const claimed = rows.map((r) => ({ tenantId: r.tenant_id, code: r.period_code }));
  if (!claimed.length) return { claimed, settled: true };
  if (deps.engine === 'embedded') {
    await sql`select 1`.execute(db);
    return { claimed, settled: true };
  }
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, deps.config.assessmentMarkLeaseMs));
  const { rows: at } = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(db);
  const barrier = at[0]!.now;
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    const { rows: open } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid() and xact_start < ${barrier}`.execute(db);
    if (!open[0]?.n) return { claimed, settled: true };
    if (performance.now() - started > maxWaitMs) return { claimed, settled: false };
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
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
 * Marks what an event touches inside its transaction, without a statement when this process saw the mark
 * committed less than a lease ago and has claimed nothing since (claimDirty then waits for this transaction).
 * A mark this transaction inserts is not remembered beyond it: it commits or rolls back with the action.
 */
export async function markPeriods(trx: Transaction<DB>, deps: Pick<Deps, 'db' | 'config'>, tenantId: number, codes: readonly PeriodCode[], at: Date): Promise<void> {
  const seen = markedIn.get(trx) ?? new Set<string>();
  markedIn.set(trx, seen);
  const cache = cacheOf(deps.db);
  const now = performance.now();
  const lease = deps.config.assessmentMarkLeaseMs;
  const fresh = codes.filter((c) => {
    const key = `${tenantId}:${c}`;
    if (seen.has(key)) return false;
    const k = cache.known.get(key);
    return !(k && k.gen === cache.gen && now - k.since < lease);
  });
  if (!fresh.length) return;
  // Read before the statement is sent: the mark it finds was there by then, so a claim taking it comes later.
  const since = performance.now();
  const gen = cache.gen;
  const inserted = new Set(await markDirty(trx, tenantId, fresh, at));
  for (const c of fresh) {
    const key = `${tenantId}:${c}`;
    seen.add(key);
    if (!inserted.has(c) && lease > 0 && gen === cache.gen) cache.known.set(key, { since, gen });
  }
}

/**
 * Assessment's subscription to the matter lifecycle (issue 13): every event marks the periods it touches, inside
 * the action's transaction, so a rolled-back action marks nothing. The recompute job recomputes what is marked.
 */
onMatterEvent(MATTER_EVENT_KINDS, async (trx, deps, e) => {
  if (!deps.config.assessmentEvents) return;
  await markPeriods(trx, deps, e.tenantId, eventPeriods(e), e.at);
});
