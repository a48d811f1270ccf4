import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// The outbox: what the system owes people to be told, written in the same transaction as the
// event that caused it. A dispatcher fans each entry out to channels (inbox, WeCom, DingTalk,
// SMS, email) and delivers it; nothing here knows about channels.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table outbox (
      id bigint generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      kind text not null,
      event_key text not null,
      matter_id integer references matters(id) on delete set null,
      title text not null,
      body text not null,
      link text,
      payload jsonb,
      created_at timestamptz not null,
      fanned_out_at timestamptz,
      unique (tenant_id, event_key)
    )`.execute(db);
  await sql`create index outbox_pending_idx on outbox (id) where fanned_out_at is null`.execute(db);
  await sql`create index outbox_matter_idx on outbox (matter_id, created_at)`.execute(db);
  await sql`
    create table outbox_recipients (
      outbox_id bigint not null references outbox(id) on delete cascade,
      tenant_id integer not null references tenants(id),
      person_id integer not null references people(id),
      primary key (outbox_id, person_id)
    )`.execute(db);
  await sql`create index outbox_recipients_person_idx on outbox_recipients (tenant_id, person_id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
