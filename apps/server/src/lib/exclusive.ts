import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Deps } from './deps';

/** Advisory-lock numbers of the jobs that must run once across instances; one place so two never share one. */
export const EXCLUSIVE_KEYS = {
  sweep: 73_310_001,
  gridEscalation: 73_310_002,
  assessmentRecompute: 73_310_003,
  meetingReminders: 73_310_004,
  citizenClusters: 73_310_005,
} as const;

export type ExclusiveKey = keyof typeof EXCLUSIVE_KEYS;

const embeddedHeld = new WeakMap<Kysely<DB>, Set<ExclusiveKey>>();

/**
 * Runs `fn` only if no other run holding the same key is under way — in this process (embedded engine: one
 * process owns the database) or in any instance (PostgreSQL: a session advisory lock on one pinned connection).
 * `conn` is the pinned connection (or the embedded database); `pool` is where other reads and writes may go:
 * the pool beside it, or the pinned connection itself when the pool has one connection only (it would wait on
 * itself). Answers `{ ran: false }` when another holder has it; never waits.
 */
export async function runExclusive<T>(deps: Deps, key: ExclusiveKey, fn: (conn: Kysely<DB>, pool: Kysely<DB>) => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  if (deps.engine === 'embedded') {
    const held = embeddedHeld.get(deps.db) ?? new Set<ExclusiveKey>();
    embeddedHeld.set(deps.db, held);
    if (held.has(key)) return { ran: false };
    held.add(key);
    try {
      // With its single connection, the embedded engine must not be pinned: people's requests run between steps.
      return { ran: true, value: await fn(deps.db, deps.db) };
    } finally {
      held.delete(key);
    }
  }
  const lock = EXCLUSIVE_KEYS[key];
  if (deps.db.isTransaction) {
    // Called inside a transaction (the demo seed): a transaction-scoped lock, released when it ends.
    const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${lock}) as ok`.execute(deps.db);
    return rows[0]?.ok ? { ran: true, value: await fn(deps.db, deps.db) } : { ran: false };
  }
  return deps.db.connection().execute(async (conn) => {
    const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${lock}) as ok`.execute(conn);
    if (!rows[0]?.ok) return { ran: false as const };
    try {
      return { ran: true as const, value: await fn(conn, deps.config.dbPoolSize > 1 ? deps.db : conn) };
    } finally {
      await sql`select pg_advisory_unlock(${lock})`.execute(conn);
    }
  });
}
