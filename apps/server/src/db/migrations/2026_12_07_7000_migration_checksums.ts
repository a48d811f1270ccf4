import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Landed migrations are frozen, but nothing noticed a database that applied an earlier body of one (1100_files,
// 4003 and 4005 were edited after being committed). The migrator records the sha256 of each applied migration's
// source here (db/migrate.ts: existing rows are backfilled with the current text on the first run after this one)
// and refuses to migrate or start when an applied migration's text has changed since.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table migration_checksums (
      name text primary key,
      sha256 text not null,
      recorded_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table migration_checksums`.execute(db);
}
