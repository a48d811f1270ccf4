import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// The cockpit's most-overdue list is ordered by (deadline, id); with id in the key the list walks this
// index and stops after 20 rows. Without it, at 250,000 matters per tenant the planner walked the
// all-matters deadline index past every closed matter (0.35 s). Replaces matters_open_deadline_idx,
// whose every use this one serves (the overdue counts read it index-only, as before).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index matters_open_deadline_id_idx on matters (tenant_id, deadline, id)
    include (created_at, lead_unit_id, lead_leader_id)
    where status in ('registered', 'assigned', 'in_progress', 'completion_requested')`.execute(db);
  await sql`drop index if exists matters_open_deadline_idx`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
