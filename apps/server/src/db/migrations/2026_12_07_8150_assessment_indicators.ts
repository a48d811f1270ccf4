import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// 能上能下 indicators (issue 13): the tenant's configured indicators over the cadre archive. No row: the defaults
// (DEFAULT_INDICATORS in packages/shared); the evaluation is a pure function there, nothing is stored per cadre.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table assessment_indicator_settings (
      tenant_id integer primary key references tenants(id),
      indicators jsonb not null,
      updated_by integer references accounts(id),
      updated_at timestamptz not null
    )`.execute(db);
}
