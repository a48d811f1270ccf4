import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Two references to grid_problems had no index: a problem merged into another (merged_into_id) and a reporter who
// came with a merged problem (grid_problem_reporters.original_problem_id). Deleting or re-keying a problem then made
// PostgreSQL check each of them by scanning the whole table, once per deleted row. Both are rarely set, so the
// indexes are partial (the foreign-key check's `= $1` implies not null, so it uses them).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index grid_problems_merged_into_idx on grid_problems (merged_into_id) where merged_into_id is not null`.execute(db);
  await sql`create index grid_problem_reporters_original_idx on grid_problem_reporters (original_problem_id) where original_problem_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists grid_problem_reporters_original_idx`.execute(db);
  await sql`drop index if exists grid_problems_merged_into_idx`.execute(db);
}
