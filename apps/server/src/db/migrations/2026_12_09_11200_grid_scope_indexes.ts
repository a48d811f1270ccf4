import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// The grid data scope (grid-scope.ts) is an OR over five columns of grid_problems: the cell, the unit it was
// dispatched to, the unit holding it, its reporter, its handler. PostgreSQL answers such an OR from indexes only when
// every arm has one (a BitmapOr); the holding unit, the reporter and the handler had none, so a community's queue
// page walked all 50,000 open problems of a Zhengzhou-sized tenant (150 ms of PostgreSQL per page). Each index ends
// with closed_at, so an open-only page (`closed_at is null`) reads only the open entries; each is partial on its
// column being set. The dispatched unit's index replaces the open-only one, so closed problems are served too.
// The cells a unit is linked to (grid_cells.unit_id), where the scope of a community's or street's people starts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index grid_problems_dispatched_idx on grid_problems (tenant_id, dispatched_unit_id, closed_at) where dispatched_unit_id is not null`.execute(db);
  await sql`drop index if exists grid_problems_unit_idx`.execute(db);
  await sql`create index grid_problems_hold_unit_idx on grid_problems (tenant_id, hold_unit_id, closed_at) where hold_unit_id is not null`.execute(db);
  await sql`create index grid_problems_reporter_idx on grid_problems (tenant_id, reporter_account_id, closed_at) where reporter_account_id is not null`.execute(db);
  await sql`create index grid_problems_handler_idx on grid_problems (tenant_id, handler_account_id, closed_at) where handler_account_id is not null`.execute(db);
  await sql`create index grid_cells_unit_idx on grid_cells (tenant_id, unit_id) where unit_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists grid_cells_unit_idx`.execute(db);
  await sql`drop index if exists grid_problems_handler_idx`.execute(db);
  await sql`drop index if exists grid_problems_reporter_idx`.execute(db);
  await sql`drop index if exists grid_problems_hold_unit_idx`.execute(db);
  await sql`create index if not exists grid_problems_unit_idx on grid_problems (tenant_id, dispatched_unit_id) where closed_at is null`.execute(db);
  await sql`drop index if exists grid_problems_dispatched_idx`.execute(db);
}
