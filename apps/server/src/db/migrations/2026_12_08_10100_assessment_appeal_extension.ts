import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// 申诉 decision deadline extended (公务员法 art. 95: decided within 60 days, a complex case up to 30 more): the days granted,
// why, by whom and when. One extension per 申诉; the rule is appealExtension() in packages/shared.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table assessment_appeals
      add column extended_days integer not null default 0 check (extended_days between 0 and 30),
      add column extension_note text,
      add column extended_by integer references accounts(id),
      add column extended_at timestamptz`.execute(db);
}
