import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// 季评 (quarterly evaluation of divisions) and 满意率 (satisfaction with units), issue 13.
// Divisions are units of kind 'division' with a parent (foundation); nothing new is needed for them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table evaluation_rounds (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      year integer not null,
      quarter integer not null check (quarter between 1 and 4),
      title text not null,
      status text not null default 'open' check (status in ('open', 'closed')),
      weights jsonb not null,
      rule jsonb not null,
      created_by integer references accounts(id),
      created_at timestamptz not null default now(),
      closed_at timestamptz,
      unique (tenant_id, year, quarter)
    )`.execute(db);

  // The divisions a round evaluates, fixed when it opens (a division added later waits for the next round),
  // with the unit's own 先进/后进 rule where it differs from the round's.
  await sql`
    create table evaluation_divisions (
      round_id integer not null references evaluation_rounds(id) on delete cascade,
      tenant_id integer not null references tenants(id),
      unit_id integer not null references units(id),
      division_id integer not null references units(id),
      unit_rule jsonb,
      primary key (round_id, division_id)
    )`.execute(db);

  await sql`
    create table evaluation_raters (
      round_id integer not null references evaluation_rounds(id) on delete cascade,
      tenant_id integer not null references tenants(id),
      person_id integer not null references people(id),
      division_id integer not null references units(id),
      rater_kind text not null check (rater_kind in ('leader', 'service_unit', 'staff')),
      primary key (round_id, person_id, division_id)
    )`.execute(db);
  await sql`create index evaluation_raters_person_idx on evaluation_raters (tenant_id, person_id)`.execute(db);

  await sql`
    create table evaluation_ratings (
      round_id integer not null references evaluation_rounds(id) on delete cascade,
      tenant_id integer not null references tenants(id),
      person_id integer not null references people(id),
      division_id integer not null references units(id),
      rater_kind text not null,
      scores jsonb not null,
      rated_at timestamptz not null,
      primary key (round_id, person_id, division_id)
    )`.execute(db);

  // A 后进 division's 突出问题 and 整改措施; each measure is a supervised matter (source 整改事项).
  await sql`
    create table evaluation_rectifications (
      round_id integer not null references evaluation_rounds(id) on delete cascade,
      tenant_id integer not null references tenants(id),
      division_id integer not null references units(id),
      problems text not null,
      recorded_by integer references accounts(id),
      recorded_at timestamptz not null,
      primary key (round_id, division_id)
    )`.execute(db);
  await sql`
    create table evaluation_measures (
      id integer generated always as identity primary key,
      round_id integer not null references evaluation_rounds(id) on delete cascade,
      tenant_id integer not null references tenants(id),
      division_id integer not null references units(id),
      seq integer not null,
      text text not null,
      deadline date not null,
      matter_id integer references matters(id)
    )`.execute(db);
  await sql`create index evaluation_measures_round_idx on evaluation_measures (round_id, division_id, seq)`.execute(db);

  await sql`
    create table satisfaction_ratings (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      unit_id integer not null references units(id),
      rater text not null check (rater in ('citizen', 'unit')),
      rater_unit_id integer references units(id),
      level text not null check (level in ('satisfied', 'basic', 'unsatisfied', 'unknown')),
      rated_on date not null,
      channel text not null default 'form',
      source_ref text,
      comment text,
      created_by integer references accounts(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index satisfaction_ratings_unit_idx on satisfaction_ratings (tenant_id, unit_id, rated_on)`.execute(db);
  // A follow-up visit (or any other source record) counts once however often it is sent.
  await sql`create unique index satisfaction_ratings_source_uq on satisfaction_ratings (tenant_id, channel, source_ref) where source_ref is not null`.execute(db);

  await sql`
    create table satisfaction_settings (
      tenant_id integer primary key references tenants(id),
      settings jsonb not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
