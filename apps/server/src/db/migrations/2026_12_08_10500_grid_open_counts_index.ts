import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// The open problems per cell (the statistics page, the map) are counted from the index alone: it carries the
// deadline the overdue count needs, so the count reads no table rows. Open problems are scattered over the whole
// table (one in 80 at Zhengzhou's scale), so reading them cost one page each: 50,000 pages for 50,000 open
// problems, 250 ms of PostgreSQL CPU per page view on a busy box. It replaces the index without the deadline.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index grid_problems_open_cell_deadline_idx on grid_problems (tenant_id, cell_id) include (hold_deadline) where closed_at is null`.execute(db);
  await sql`drop index if exists grid_problems_open_cell_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists grid_problems_open_cell_idx on grid_problems (tenant_id, cell_id) where closed_at is null`.execute(db);
  await sql`drop index if exists grid_problems_open_cell_deadline_idx`.execute(db);
}
