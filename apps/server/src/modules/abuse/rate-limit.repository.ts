import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/**
 * Counts one hit in the key's window and returns the window's count, in one atomic statement: concurrent
 * hits from any instance each add one (the row lock serialises them), and a new window starts at one.
 */
export async function countHit(db: Kysely<DB>, key: string, windowStart: Date): Promise<number> {
  const r = await sql<{ hits: number }>`
    insert into rate_limits (key, window_start, hits) values (${key}, ${windowStart}, 1)
    on conflict (key) do update set
      hits = case when rate_limits.window_start = excluded.window_start then rate_limits.hits + 1 else 1 end,
      window_start = excluded.window_start
    returning hits`.execute(db);
  return Number(r.rows[0]?.hits ?? 1);
}

/** Forgets counters whose window started before `before` (their windows are long over). */
export async function purgeRateLimits(db: Kysely<DB>, before: Date): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_start', '<', before).execute();
}
