import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Assessment (督考一体, issue 13): the tenant's versioned rule book, assessment periods, the score lines
// derived from matters' outcomes and the totals per unit and cadre, the organisation department's part
// of the cadre composite, and 容错 applications against specific score lines.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A version used by a published period is never changed: an edit makes the next version.
  await sql`
    create table assessment_rule_books (
      id serial primary key,
      tenant_id integer not null references tenants(id),
      version integer not null,
      effective_from date not null,
      rules jsonb not null,
      created_by integer references accounts(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (tenant_id, version)
    )`.execute(db);

  // code: 2026Q4 or 2026. rule_book_id: the version the stored figures were computed under (replayed on recompute once published).
  await sql`
    create table assessment_periods (
      id serial primary key,
      tenant_id integer not null references tenants(id),
      code text not null,
      date_from date not null,
      date_to date not null,
      rule_book_id integer not null references assessment_rule_books(id),
      status text not null default 'draft' check (status in ('draft', 'published')),
      computed_at timestamptz not null,
      published_at timestamptz,
      unique (tenant_id, code)
    )`.execute(db);

  // One explainable line per subject (a unit or a cadre) and score rule; points already × the subject's share.
  await sql`
    create table assessment_lines (
      id bigserial primary key,
      tenant_id integer not null,
      period_id integer not null references assessment_periods(id) on delete cascade,
      subject_type text not null check (subject_type in ('unit', 'person')),
      subject_id integer not null,
      carrier_role text not null,
      matter_id integer not null references matters(id),
      line_key text not null,
      rule text not null,
      on_date date not null,
      quantity numeric not null,
      unit_points numeric not null,
      share numeric not null,
      points numeric not null,
      clause text not null,
      event_seq bigint,
      text text not null,
      exempt boolean not null default false,
      unique (period_id, subject_type, subject_id, line_key)
    )`.execute(db);
  await sql`create index assessment_lines_matter_idx on assessment_lines (tenant_id, matter_id)`.execute(db);
  await sql`create index assessment_lines_key_idx on assessment_lines (tenant_id, line_key)`.execute(db);

  await sql`
    create table assessment_totals (
      period_id integer not null references assessment_periods(id) on delete cascade,
      subject_type text not null check (subject_type in ('unit', 'person')),
      subject_id integer not null,
      tenant_id integer not null,
      peer_group text not null,
      raw numeric not null,
      total numeric not null,
      matters integer not null,
      rank integer not null,
      group_size integer not null,
      flagged boolean not null default false,
      flagged_matter_ids integer[] not null default '{}',
      grade text,
      primary key (period_id, subject_type, subject_id)
    )`.execute(db);

  // The organisation department's part (0–100) of a cadre's composite, per period.
  await sql`
    create table assessment_org_parts (
      tenant_id integer not null,
      period_code text not null,
      person_id integer not null references people(id),
      score numeric not null,
      entered_by integer references accounts(id),
      entered_at timestamptz not null,
      primary key (tenant_id, period_code, person_id)
    )`.execute(db);

  // 容错: applied against named score lines → 督查办 verifies → the leadership group decides.
  await sql`
    create table assessment_tolerance (
      id serial primary key,
      tenant_id integer not null references tenants(id),
      period_id integer not null references assessment_periods(id),
      subject_type text not null check (subject_type in ('unit', 'person')),
      subject_id integer not null,
      line_keys text[] not null,
      situation text not null,
      reason text not null,
      evidence text not null,
      status text not null default 'submitted' check (status in ('submitted', 'verified', 'approved', 'rejected')),
      applied_by integer references accounts(id),
      applied_at timestamptz not null,
      verified_by integer references accounts(id),
      verified_at timestamptz,
      verify_note text,
      decided_by integer references accounts(id),
      decided_at timestamptz,
      decision_reason text
    )`.execute(db);
  await sql`create index assessment_tolerance_tenant_idx on assessment_tolerance (tenant_id, status)`.execute(db);
}
