import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Foundation: tenants, organisation (units, divisions, people, 分管), accounts and sessions,
// API tokens, login throttling, and the tamper-evident trace (痕迹).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  await sql`
    create table tenants (
      id integer generated always as identity primary key,
      code text not null unique,
      name text not null,
      doc_prefix text not null,
      settings jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table units (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      parent_id integer references units(id),
      kind text not null,
      name text not null,
      short_name text,
      code text,
      sort integer not null default 0,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index units_name_uq on units (tenant_id, coalesce(parent_id, 0), name)`.execute(db);
  await sql`create index units_parent_idx on units (tenant_id, parent_id)`.execute(db);

  await sql`
    create table people (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      unit_id integer not null references units(id),
      division_id integer references units(id),
      name text not null,
      mobile text,
      email text,
      rank text not null,
      title text,
      wecom_user_id text,
      dingtalk_user_id text,
      is_unit_head boolean not null default false,
      is_liaison boolean not null default false,
      notify_digest boolean not null default false,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index people_unit_idx on people (tenant_id, unit_id)`.execute(db);
  await sql`create index people_name_idx on people using gin (name gin_trgm_ops)`.execute(db);

  // 分管: the units a leader is in charge of; a leader sees their matters.
  await sql`
    create table leader_units (
      tenant_id integer not null references tenants(id),
      person_id integer not null references people(id) on delete cascade,
      unit_id integer not null references units(id) on delete cascade,
      primary key (person_id, unit_id)
    )`.execute(db);
  await sql`create index leader_units_unit_idx on leader_units (tenant_id, unit_id)`.execute(db);

  await sql`
    create table accounts (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      person_id integer references people(id),
      username text not null,
      display_name text not null,
      password_hash text not null,
      roles text[] not null default '{}',
      status text not null default 'active',
      must_change_password boolean not null default false,
      password_changed_at timestamptz not null default now(),
      last_login_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  // Usernames are unique across the deployment, so login needs no tenant.
  await sql`create unique index accounts_username_uq on accounts (lower(username))`.execute(db);
  await sql`create index accounts_person_idx on accounts (tenant_id, person_id)`.execute(db);

  // Failed logins are counted per username, known or not, so a lock-out reveals nothing.
  await sql`
    create table login_throttle (
      username text primary key,
      failures integer not null default 0,
      window_started_at timestamptz not null,
      locked_until timestamptz
    )`.execute(db);

  await sql`
    create table sessions (
      id text primary key,
      tenant_id integer not null references tenants(id),
      account_id integer not null references accounts(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      ip text,
      user_agent text,
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index sessions_account_idx on sessions (account_id)`.execute(db);

  await sql`
    create table api_tokens (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      account_id integer not null references accounts(id) on delete cascade,
      name text not null,
      token_hash text not null unique,
      token_prefix text not null,
      created_by integer references accounts(id),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      expires_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);

  // 痕迹: append-only; each row hashes its content and its predecessor's hash (SM3), per tenant.
  await sql`
    create table trace (
      id bigint generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      seq bigint not null,
      at timestamptz not null,
      actor_account_id integer,
      actor_name text not null,
      action text not null,
      entity_type text not null,
      entity_id text not null,
      before jsonb,
      after jsonb,
      ip text,
      request_id text,
      prev_hash text not null,
      hash text not null,
      unique (tenant_id, seq)
    )`.execute(db);
  await sql`create index trace_entity_idx on trace (tenant_id, entity_type, entity_id, seq)`.execute(db);
  await sql`create index trace_actor_idx on trace (tenant_id, actor_account_id, seq)`.execute(db);

  // The head row is locked FOR UPDATE by each writer, which orders a tenant's chain.
  await sql`
    create table trace_head (
      tenant_id integer primary key references tenants(id),
      seq bigint not null,
      hash text not null
    )`.execute(db);

  await sql`
    create function trace_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'trace is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger trace_no_update before update or delete on trace for each row execute function trace_refuse_change()`.execute(db);
  await sql`create trigger trace_no_truncate before truncate on trace for each statement execute function trace_refuse_change()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
