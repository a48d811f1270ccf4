import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Notifications: per-tenant channel settings (secrets encrypted), the in-app inbox, one delivery
// row per recipient per channel (claimed by dispatchers with a lease), robot post slots for the
// 20-per-minute limit, and each person's digest preference.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notify_settings (
      tenant_id integer primary key references tenants(id),
      quiet_enabled boolean not null default true,
      quiet_start integer not null default 1260,
      quiet_end integer not null default 420,
      hold_rest_days boolean not null default true,
      digest_minute integer not null default 510,
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table notify_channels (
      tenant_id integer not null references tenants(id),
      channel text not null,
      enabled boolean not null default false,
      urgent_only boolean not null default false,
      config jsonb not null default '{}'::jsonb,
      secret_enc text,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, channel)
    )`.execute(db);

  await sql`
    create table inbox_messages (
      id bigint generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      person_id integer not null references people(id),
      outbox_id bigint references outbox(id) on delete cascade,
      kind text not null,
      matter_id integer references matters(id) on delete set null,
      title text not null,
      body text not null,
      link text,
      urgent boolean not null default false,
      created_at timestamptz not null,
      read_at timestamptz,
      unique (outbox_id, person_id)
    )`.execute(db);
  await sql`create index inbox_person_idx on inbox_messages (tenant_id, person_id, id desc)`.execute(db);
  await sql`create index inbox_unread_idx on inbox_messages (tenant_id, person_id) where read_at is null`.execute(db);

  // person_id is null for a group robot's delivery (one per outbox entry, mentioning the recipients).
  await sql`
    create table deliveries (
      id bigint generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      outbox_id bigint not null references outbox(id) on delete cascade,
      person_id integer references people(id),
      matter_id integer references matters(id) on delete set null,
      channel text not null,
      target text not null,
      status text not null default 'pending',
      urgent boolean not null default false,
      digest boolean not null default false,
      attempts integer not null default 0,
      next_at timestamptz not null,
      give_up_at timestamptz not null,
      lease_until timestamptz,
      claimed_by text,
      idempotency_key text not null,
      last_error text,
      provider_reply text,
      sent_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create unique index deliveries_uq on deliveries (outbox_id, coalesce(person_id, 0), channel)`.execute(db);
  await sql`create index deliveries_due_idx on deliveries (next_at) where status in ('pending', 'retrying')`.execute(db);
  await sql`create index deliveries_lease_idx on deliveries (lease_until) where status = 'sending'`.execute(db);
  await sql`create index deliveries_tenant_idx on deliveries (tenant_id, created_at desc)`.execute(db);
  await sql`create index deliveries_matter_idx on deliveries (matter_id) where matter_id is not null`.execute(db);

  // One row per message posted to a group robot, kept an hour, so every instance sees the same minute budget.
  await sql`
    create table robot_posts (
      id bigint generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      channel text not null,
      posted_at timestamptz not null
    )`.execute(db);
  await sql`create index robot_posts_idx on robot_posts (tenant_id, channel, posted_at)`.execute(db);

  await sql`alter table people add column notify_muted text[] not null default '{}'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
