import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// A per-tenant counter bumped by every change to the grid's cells (create, re-draw, close, import). Each server
// process caches the tenant's cell index (for assigning points to cells) under the version it was built from and
// rebuilds it when the counter moves, so several processes stay consistent without a message bus.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table grid_cell_versions (
      tenant_id integer primary key references tenants(id),
      version bigint not null default 0,
      changed_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists grid_cell_versions`.execute(db);
}
