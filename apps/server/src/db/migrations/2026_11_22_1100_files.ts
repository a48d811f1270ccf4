import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Field inspections keep the GPS accuracy (metres) the phone reported with the position, and whether
// their dispute returned a pending completion request; uploads not yet attached to anything are
// looked up by their uploader.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table inspections add column accuracy numeric(8,2)`.execute(db);
  await sql`alter table inspections add column returned_completion boolean not null default false`.execute(db);
  await sql`create index attachments_pending_idx on attachments (tenant_id, uploaded_by) where owner_id is null`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
