import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';

type Conn = Kysely<DB> | Transaction<DB>;

/** How many failures from one source lock it, within which window, and for how long. */
export type ThrottleRule = { maxFailures: number; windowMs: number; lockMs: number };

/** The username's throttle rows for these sources (lower-cased username). */
export function getThrottles(db: Conn, username: string, sources: string[]) {
  return db.selectFrom('login_throttle').selectAll().where('username', '=', username.toLowerCase()).where('source', 'in', sources).execute();
}

/**
 * Counts one failure for (username, source) in one atomic statement and returns the count after it: twenty
 * concurrent wrong passwords are twenty failures (each upsert waits for the row lock of the one before).
 * The statement that reaches `maxFailures` sets the lock; `lockedNow` is true for that one only.
 */
export async function countFailure(db: Conn, username: string, source: string, now: Date, rule: ThrottleRule) {
  const windowStart = new Date(now.getTime() - rule.windowMs);
  const lockUntil = new Date(now.getTime() + rule.lockMs);
  const r = await sql<{ failures: number; locked_until: Date | null }>`
    insert into login_throttle (username, source, failures, window_started_at, locked_until)
    values (${username.toLowerCase()}, ${source}, 1, ${now}, ${rule.maxFailures <= 1 ? lockUntil : null})
    on conflict (username, source) do update set
      failures = case when login_throttle.window_started_at < ${windowStart} then 1 else login_throttle.failures + 1 end,
      window_started_at = case when login_throttle.window_started_at < ${windowStart} then ${now} else login_throttle.window_started_at end,
      locked_until = case
        when (case when login_throttle.window_started_at < ${windowStart} then 1 else login_throttle.failures + 1 end) >= ${rule.maxFailures}
        then ${lockUntil} else login_throttle.locked_until end
    returning failures, locked_until`.execute(db);
  const failures = Number(r.rows[0]?.failures ?? 1);
  return { failures, lockedNow: failures === rule.maxFailures };
}

/** Forgets the failures of one source (after a successful sign-in from it). */
export async function clearSource(db: Conn, username: string, source: string) {
  await db.deleteFrom('login_throttle').where('username', '=', username.toLowerCase()).where('source', '=', source).execute();
}

/** Lifts every lock on the username (安全管理员 unlock, password reset). */
export async function clearThrottle(db: Conn, username: string) {
  await db.deleteFrom('login_throttle').where('username', '=', username.toLowerCase()).execute();
}

/** Forgets rows whose window and lock are both long over. */
export async function purgeThrottle(db: Conn, before: Date) {
  await db
    .deleteFrom('login_throttle')
    .where('window_started_at', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
    .execute();
}

/** The latest lock on the username from any source, or null. */
export async function getLock(db: Conn, username: string): Promise<Date | null> {
  const r = await db.selectFrom('login_throttle').select((eb) => eb.fn.max('locked_until').as('until')).where('username', '=', username.toLowerCase()).executeTakeFirst();
  return r?.until ?? null;
}
