import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Quiet hours hold red reminders too (issue 12, item 3). A tenant may exempt the red reminders of matters
// marked 紧急 (off by default); a delivery remembers whether it was exempt, so its retries keep to the same rule.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table notify_settings add column quiet_exempt_urgent_matters boolean not null default false`.execute(db);
  await sql`alter table deliveries add column quiet_exempt boolean not null default false`.execute(db);
}
