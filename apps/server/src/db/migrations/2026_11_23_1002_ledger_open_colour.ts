import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// The ledger's most used view, open matters of one colour by deadline (e.g. 红色预警 due first), walks
// this index and stops after a page: at 250,000 matters per tenant the old (tenant_id, colour) index
// fetched and sorted every open matter of the colour (~0.5 s). It is a superset of that index, which
// goes, so writes pay for one index, not two.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index matters_open_colour_idx on matters (tenant_id, colour, deadline, id)
    where status in ('assigned', 'in_progress', 'completion_requested')`.execute(db);
  await sql`drop index if exists matters_colour_idx`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
