import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Identity and abuse controls (issue 14): sign-in failures counted per (username, source address) with an
// account-wide ceiling, trusted devices, one shared rate-limit counter table, idempotent writes, two-factor
// sign-in (TOTP + recovery codes), and dual control (双人复核) of acts on admin-role accounts.
export async function up(db: Kysely<unknown>): Promise<void> {
  // The old per-username counter is transient state (a lock lasts 30 minutes): replaced, not migrated.
  await sql`drop table login_throttle`.execute(db);
  // source: the client address, or '*' for the account-wide ceiling; username lower-cased, known or not.
  await sql`
    create table login_throttle (
      username text not null,
      source text not null,
      failures integer not null,
      window_started_at timestamptz not null,
      locked_until timestamptz,
      primary key (username, source)
    )`.execute(db);

  // A browser that signed in successfully; it may sign in while the account-wide ceiling holds.
  await sql`
    create table trusted_devices (
      token_hash text primary key,
      account_id integer not null references accounts(id) on delete cascade,
      created_at timestamptz not null,
      last_used_at timestamptz not null
    )`.execute(db);
  await sql`create index trusted_devices_account_idx on trusted_devices (account_id)`.execute(db);

  // Fixed-window counters shared by every instance: one atomic upsert per limited request.
  await sql`
    create table rate_limits (
      key text primary key,
      window_start timestamptz not null,
      hits integer not null
    )`.execute(db);

  // Idempotency-Key: the first request's response, replayed for a retry with the same key.
  await sql`
    create table idempotency_keys (
      owner text not null,
      key text not null,
      method text not null,
      path text not null,
      body_hash text not null,
      status_code integer,
      content_type text,
      response text,
      created_at timestamptz not null,
      completed_at timestamptz,
      primary key (owner, key)
    )`.execute(db);
  await sql`create index idempotency_keys_created_idx on idempotency_keys (created_at)`.execute(db);

  // TOTP: the secret sealed under the server key; the last accepted time step refuses a replayed code.
  await sql`alter table accounts add column totp_secret text`.execute(db);
  await sql`alter table accounts add column totp_pending_secret text`.execute(db);
  await sql`alter table accounts add column totp_enabled_at timestamptz`.execute(db);
  await sql`alter table accounts add column totp_last_step bigint`.execute(db);
  await sql`
    create table recovery_codes (
      account_id integer not null references accounts(id) on delete cascade,
      code_hash text not null,
      used_at timestamptz,
      primary key (account_id, code_hash)
    )`.execute(db);

  // 双人复核: a change to an admin-role account asked for by one admin role, applied when another approves.
  await sql`
    create table admin_requests (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      kind text not null,
      target_account_id integer not null references accounts(id) on delete cascade,
      payload jsonb not null,
      requested_by integer not null references accounts(id),
      requested_at timestamptz not null,
      status text not null default 'pending',
      decided_by integer references accounts(id),
      decided_at timestamptz
    )`.execute(db);
  await sql`create index admin_requests_pending_idx on admin_requests (tenant_id, status, id)`.execute(db);

  // The auditor's security-event filter reads the trace by action.
  await sql`create index trace_action_idx on trace (tenant_id, action, seq)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
