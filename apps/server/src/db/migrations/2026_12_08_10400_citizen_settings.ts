import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// The citizens' channel's own settings per tenant (issue 17): the optional proof of work on the public report, and
// the origins allowed to call the tenant's Open311 endpoint from a browser (CORS). A proof answered once cannot be
// answered again: its challenge's hash is kept until the challenge expires.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table citizen_settings (
      tenant_id integer primary key references tenants(id),
      settings jsonb not null,
      updated_by integer references accounts(id),
      updated_at timestamptz not null
    )`.execute(db);
  await sql`
    create table citizen_pow_used (
      challenge_hash text primary key,
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index citizen_pow_used_expires_idx on citizen_pow_used (expires_at)`.execute(db);
}
