import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Measured on 1,000,000 matters: the overdue figures and the major-project list each took ~0.7 s
// through the first indexes (the planner preferred matters_colour_idx and bitmap-scanned every open
// matter). These indexes serve both from the index alone. The totals tables leave room on each
// page (fillfactor) so the triggers' counter updates stay HOT and the tables do not bloat.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table cockpit_stats set (fillfactor = 60)`.execute(db);
  await sql`alter table cockpit_weekly set (fillfactor = 60)`.execute(db);
  await sql`drop index if exists matters_open_deadline_idx`.execute(db);
  await sql`
    create index matters_open_created_idx on matters (tenant_id, created_at)
    include (deadline, lead_unit_id, lead_leader_id)
    where status in ('assigned', 'in_progress', 'completion_requested')`.execute(db);
  await sql`drop index if exists matters_major_idx`.execute(db);
  await sql`
    create index matters_major_top_idx on matters (tenant_id, investment_plan desc nulls last, id)
    include (created_at, lead_unit_id, lead_leader_id)
    where source = 'major_project'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
