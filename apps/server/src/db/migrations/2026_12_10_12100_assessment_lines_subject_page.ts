import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// The cadre archive reads a subject's lines a page at a time in date, matter, key order, with their count and points
// per rule beside (issue 13: a cadre of the million-matter tenant carries about 10,000 lines a quarter). In that
// order, with rule and points included, the page reads its rows straight off the index instead of sorting every line
// of the subject, and the totals are an index-only scan.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index assessment_lines_subject_page_idx on assessment_lines (period_id, subject_type, subject_id, on_date, matter_id, line_key) include (rule, points)`.execute(db);
}
