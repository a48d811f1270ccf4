import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// A 督查周报 for a whole city week cites tens of thousands of matters. Its frozen figures now list the first
// 2,000 (the most overdue among them) and count the rest; the rest are kept here as matter ids with why each is
// cited (a bit per tag: 新增 1, 办结 2, 预警 4, 逾期 8), in the report's order, so the Excel appendix can still list
// every cited matter, read from the matters in chunks when it is made. Null for a report that lists them all.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table supervision_reports add column cited_rest_ids integer[], add column cited_rest_tags smallint[]`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table supervision_reports drop column if exists cited_rest_ids, drop column if exists cited_rest_tags`.execute(db);
}
