import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// 联席会议 / 督查工作例会 (issue 16): a meeting record is edited by the office, so it carries a version (the
// second of two concurrent editors gets 409); a decision records who marked it done, and when it was decided.
// The indexes serve "the decision behind this matter" (closing the matter closes the decision), "the
// meetings a problem went to" and the weekly report's "decisions done this week".
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table meetings add column version integer not null default 1`.execute(db);
  await sql`alter table meetings add column updated_at timestamptz not null default now()`.execute(db);
  await sql`alter table meeting_decisions add column done_by integer references accounts(id)`.execute(db);
  await sql`alter table meeting_decisions add column created_at timestamptz not null default now()`.execute(db);
  await sql`create index meeting_decisions_matter_idx on meeting_decisions (matter_id) where matter_id is not null`.execute(db);
  await sql`create index meeting_decisions_done_idx on meeting_decisions (tenant_id, done_at) where done_at is not null`.execute(db);
  await sql`create index meeting_problems_problem_idx on meeting_problems (problem_id)`.execute(db);
  await sql`create index meeting_units_unit_idx on meeting_units (tenant_id, unit_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of ['meeting_units_unit_idx', 'meeting_problems_problem_idx', 'meeting_decisions_done_idx', 'meeting_decisions_matter_idx']) {
    await sql`drop index if exists ${sql.id(i)}`.execute(db);
  }
  await sql`alter table meeting_decisions drop column if exists created_at`.execute(db);
  await sql`alter table meeting_decisions drop column if exists done_by`.execute(db);
  await sql`alter table meetings drop column if exists updated_at`.execute(db);
  await sql`alter table meetings drop column if exists version`.execute(db);
}
