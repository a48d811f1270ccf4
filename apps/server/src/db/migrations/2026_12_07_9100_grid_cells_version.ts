import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// A per-tenant counter bumped by every change to the grid's cells (create, re-draw, close, import). Each server
// process caches the tenant's cell index (for assigning points to cells) under the version it was built from and
// rebuilds it when the counter moves, so several processes stay consistent without a message bus.
// previous_id links a re-drawn cell's new row to the row it replaced (the cell's history, whatever its code became).
// The open-problems index counts open problems per cell for the map without touching closed ones.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table grid_cells add column previous_id integer references grid_cells(id)`.execute(db);
  await sql`create index grid_cells_previous_idx on grid_cells (previous_id) where previous_id is not null`.execute(db);
  await sql`create index grid_problems_open_cell_idx on grid_problems (tenant_id, cell_id) where closed_at is null`.execute(db);
  await sql`
    create table grid_cell_versions (
      tenant_id integer primary key references tenants(id),
      version bigint not null default 0,
      changed_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists grid_cell_versions`.execute(db);
  await sql`drop index if exists grid_problems_open_cell_idx`.execute(db);
  await sql`alter table grid_cells drop column if exists previous_id`.execute(db);
}
