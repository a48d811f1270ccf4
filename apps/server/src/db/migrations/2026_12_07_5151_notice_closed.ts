import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// A 督查通知单 closes with its matter (archived or cancelled): it no longer waits to be acknowledged, nobody is
// reminded of it and it leaves the 工作台 (issue 12, item 10). Notices of matters already archived close now.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table notices add column closed_at timestamptz`.execute(db);
  await sql`
    update notices n set closed_at = coalesce(m.archived_at, m.cancelled_at, now())
    from matters m where m.id = n.matter_id and m.status in ('archived', 'cancelled')`.execute(db);
}
