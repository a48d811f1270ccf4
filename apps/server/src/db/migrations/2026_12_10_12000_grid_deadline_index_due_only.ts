import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// The escalation job's index of open problems by deadline is made partial on the deadline being set as well. The job
// asks for `hold_deadline <= now`, which implies it, so it keeps the index; the statistics page's and the map's open
// counts (`closed_at is null`, the deadline only inside a FILTER) do not imply it, so PostgreSQL can no longer read
// them through this index and its table rows. It did at Zhengzhou's scale whenever the deadlines followed the table's
// physical order (the estimate then makes the heap look cheap): 50,000 table pages, 0.6–2.5 s, instead of the
// index-only scan of grid_problems_open_cell_deadline_idx (tens of ms, no table pages). Open problems without a
// deadline (parked, visited) were never escalated, so the index also loses entries the job could not use.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index grid_problems_due_idx on grid_problems (hold_deadline) where closed_at is null and hold_deadline is not null`.execute(db);
  await sql`drop index if exists grid_problems_deadline_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists grid_problems_deadline_idx on grid_problems (hold_deadline) where closed_at is null`.execute(db);
  await sql`drop index if exists grid_problems_due_idx`.execute(db);
}
