import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// One digest per period and matter of the lines the matter gives its carriers (issue 13, the million-matter
// recompute): a recompute compares digests and rewrites only the lines of matters whose digest changed, instead of
// reading every stored line of the period back (3–4 million in a quarter of the million-matter tenant).
// A matter without lines in the period has no row.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table assessment_matter_digests (
      period_id integer not null references assessment_periods(id) on delete cascade,
      matter_id integer not null,
      tenant_id integer not null,
      digest text not null,
      primary key (period_id, matter_id)
    )`.execute(db);
  // The lines of no matter's split (items, 满意率, corrections: a few per period) are diffed on their own; this finds
  // them without walking the period's millions of carried lines.
  await sql`create index assessment_lines_extra_idx on assessment_lines (period_id) where carrier_role in ('item', 'satisfaction', 'correction')`.execute(db);
}
