import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Beside each matter's digest of its stored lines, a digest of what those lines are built from (its carriers and
// shares, its lines before sharing, their 容错 flags, the rule book): a recompute that finds it unchanged does not
// build the matter's lines at all (issue 13, the million-matter recompute). Null until a recompute fills it in.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table assessment_matter_digests add column scored text`.execute(db);
}
