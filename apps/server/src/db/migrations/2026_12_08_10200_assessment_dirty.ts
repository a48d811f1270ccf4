import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Assessment periods a matter event touched (issue 13, "Assessment subscribes to it"): the subscriber of the
// matter events writes one row per tenant and period in the action's transaction (insert … on conflict do nothing on
// the primary key, no trigger); the recompute job claims the rows and recomputes those periods only.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table assessment_dirty (
      tenant_id integer not null references tenants(id),
      period_code text not null,
      marked_at timestamptz not null,
      primary key (tenant_id, period_code)
    )`.execute(db);
}
