import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// The citizens' channel (issue 17, citizens17). The public page is addressed by the tenant's existing `code`
// (/p/<code>), so tenants need no new column.
// - Every reporter of a problem (the first, a follower who added themselves to a nearby report, those of a merged
//   problem) holds a private link: only the SHA-256 of its token is stored. `kind` says how they came.
// - Moderation: what staff hid from the public view (a sentence of the text, or a photo), why, by whom.
// - Clusters: N reports of one category in one cell within a window, flagged to the street once per open cluster.
// - The public "recently resolved" page reads closed problems by date.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table grid_problem_reporters
      add column token_hash text,
      add column kind text not null default 'reporter' check (kind in ('reporter', 'follower', 'merged'))`.execute(db);
  await sql`create unique index grid_problem_reporters_token_idx on grid_problem_reporters (token_hash) where token_hash is not null`.execute(db);

  await sql`
    create table grid_problem_redactions (
      id bigint generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      problem_id bigint not null references grid_problems(id) on delete cascade,
      kind text not null check (kind in ('text', 'photo')),
      hidden_text text,
      attachment_id bigint references attachments(id),
      reason text not null,
      created_by integer references accounts(id),
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index grid_problem_redactions_problem_idx on grid_problem_redactions (problem_id)`.execute(db);

  await sql`
    create table grid_problem_clusters (
      id bigint generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      cell_id integer not null references grid_cells(id),
      category_id integer not null references grid_categories(id),
      reports integer not null,
      first_at timestamptz not null,
      last_at timestamptz not null,
      status text not null default 'open' check (status in ('open', 'supervised', 'dismissed')),
      matter_id integer references matters(id),
      flagged_at timestamptz not null,
      decided_by integer references accounts(id),
      decided_at timestamptz
    )`.execute(db);
  await sql`create unique index grid_problem_clusters_open_idx on grid_problem_clusters (tenant_id, cell_id, category_id) where status = 'open'`.execute(db);

  await sql`create index grid_problems_closed_idx on grid_problems (tenant_id, closed_at) where closed_at is not null`.execute(db);
}
