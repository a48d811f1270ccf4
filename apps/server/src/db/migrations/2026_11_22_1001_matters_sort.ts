import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// The ledger sorted by progress (进度) walks this index and stops after a page instead of sorting
// every matching row.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index matters_progress_idx on matters (tenant_id, progress, id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
