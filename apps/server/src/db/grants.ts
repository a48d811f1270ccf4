import { sql, type Kysely } from 'kysely';

const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

/** The user name in a postgres:// URL (the role the application connects as). */
export function roleOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).username) || 'postgres';
}

/**
 * Run as the database owner after every migration when the application connects as another role: that role gets
 * read and write on the tables it works with, and on the trace only what appending needs — SELECT and INSERT,
 * UPDATE of `mac` alone (sealing rows from before it existed; the trigger allows nothing else) — and on the chain
 * head SELECT, INSERT, UPDATE. It owns nothing, so it cannot DROP or DISABLE the trace's triggers, ALTER or
 * TRUNCATE the trace, or change the migrations' record. Idempotent.
 */
export async function grantAppRole<T>(db: Kysely<T>, role: string): Promise<void> {
  if (!ROLE.test(role)) throw new Error(`"${role}" is not a role name this command accepts (lower-case letters, digits, _)`);
  const r = sql.id(role);
  const schema = sql.id((await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s ?? 'public');
  const statements = [
    sql`grant usage on schema ${schema} to ${r}`,
    sql`grant select, insert, update, delete on all tables in schema ${schema} to ${r}`,
    sql`grant usage, select on all sequences in schema ${schema} to ${r}`,
    sql`revoke insert, update, delete, truncate, references, trigger on trace from ${r}`,
    sql`grant select, insert on trace to ${r}`,
    sql`grant update (mac) on trace to ${r}`,
    sql`revoke delete, truncate, references, trigger on trace_head from ${r}`,
    sql`revoke insert, update, delete, truncate, references, trigger on trace_seal_boundary, kysely_migration, kysely_migration_lock, migration_checksums from ${r}`,
  ];
  for (const s of statements) await s.execute(db);
}
