import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// The 督查周报's "in warning at the period's end" reads one tenant's matters that were open at the end: open now,
// or closed / cancelled after it. With no index on when a matter closed or was cancelled, that OR made PostgreSQL
// scan every tenant's matters: 1.0 of 1.2 s on the city set (4,000,000 matters in 16 districts), growing with the
// whole database rather than the district. With these two small partial indexes it combines the open-status index
// and these (BitmapOr): 0.46 s on the same database, most of it reading the district's open matters.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index matters_closed_at_idx on matters (tenant_id, closed_at) where closed_at is not null`.execute(db);
  await sql`create index matters_cancelled_at_idx on matters (tenant_id, cancelled_at) where cancelled_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists matters_cancelled_at_idx`.execute(db);
  await sql`drop index if exists matters_closed_at_idx`.execute(db);
}
