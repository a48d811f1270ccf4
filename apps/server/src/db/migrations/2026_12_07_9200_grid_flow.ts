import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// The problem flow (issue 16, gridflow16): the deadline to close (due_at, for 按期结案率), who did the 处置 (核查
// must be someone else), a waiting extension request, why a problem is parked, and the cell whose level holds
// it now (a community's or street's queue). An index finds each problem's open hold row when it closes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table grid_problems
      add column due_at timestamptz,
      add column handled_by integer references accounts(id),
      add column extension_request jsonb,
      add column park_reason text,
      add column hold_cell_id integer references grid_cells(id)`.execute(db);
  await sql`create index grid_problems_hold_cell_idx on grid_problems (tenant_id, hold_cell_id, hold_level) where closed_at is null`.execute(db);
  await sql`create index grid_problems_parked_idx on grid_problems (parked_until) where status = 'parked'`.execute(db);
  await sql`create index grid_level_holds_open_idx on grid_level_holds (problem_id) where ended_at is null`.execute(db);
}
