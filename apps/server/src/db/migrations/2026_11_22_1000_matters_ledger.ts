import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Indexes for the ledger (台账) at a million matters: the default page (sorted by deadline) walks
// (tenant_id, deadline, id) and stops after a page; a unit's scope is an uncorrelated, hashable
// list of matter ids read from (tenant_id, unit_id, matter_id) without touching the heap.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index matters_deadline_idx on matters (tenant_id, deadline, id)`.execute(db);
  await sql`create index matters_updated_idx on matters (tenant_id, updated_at)`.execute(db);
  await sql`create index matters_category_idx on matters (tenant_id, category_id)`.execute(db);
  await sql`create index matter_units_scope_idx on matter_units (tenant_id, unit_id, matter_id)`.execute(db);
  await sql`create index completion_requests_pending_idx on completion_requests (tenant_id, status) where status = 'pending'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
