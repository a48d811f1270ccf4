import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Every anonymous request counts a hit in rate_limits (one upsert), and each was a synchronous commit: a WAL flush
// per request. The counters are worth nothing after a crash (a window lasts a minute or an hour; losing them lets an
// address start its window again), so the table is UNLOGGED: no WAL, and a transaction that writes only unlogged
// tables commits without waiting for a flush. Chosen over `set local synchronous_commit = off`, which needs the
// upsert wrapped in a transaction (three round trips instead of one) and still writes the WAL. After a crash
// PostgreSQL empties the table; a standby does not see it (each instance on one primary still shares the count).
// PGlite (the embedded engine) accepts and keeps it the same way.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table rate_limits set unlogged`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table rate_limits set logged`.execute(db);
}
