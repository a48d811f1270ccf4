import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Grid statistics (issue 16) at 4,000,000 problems: counts per month kept by the application when a problem is
// closed, rated or reopened (modules/grid/grid-stats.ts; no business rule in a trigger), and rebuilt set-based by
// `rebuildGridStats` (the bench, repairs). One row per tenant × dimension × key × month:
//   dim 'tenant' (key ''), 'node' (key = cell code, level = the cell's level: every problem counts in its cell and
//   each ancestor, and a re-drawn cell keeps counting under its code), 'unit' (the department dispatched, key = id),
//   'category' (key = id). The month is that of 结案, Asia/Shanghai.
// closed_on_time is set with closed_at by the problem flow: whether the problem was closed within its time limit.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table grid_problems add column closed_on_time boolean`.execute(db);
  await sql`
    create table grid_stats_monthly (
      tenant_id integer not null references tenants(id),
      dim text not null check (dim in ('tenant', 'node', 'unit', 'category')),
      level smallint not null default 0,
      key text not null,
      month date not null,
      closed integer not null default 0,
      on_time integer not null default 0,
      rework integer not null default 0,
      extended integer not null default 0,
      low_level integer not null default 0,
      rated integer not null default 0,
      satisfied integer not null default 0,
      basic integer not null default 0,
      unsatisfied integer not null default 0,
      minutes_cell bigint not null default 0,
      minutes_community bigint not null default 0,
      minutes_street bigint not null default 0,
      minutes_district bigint not null default 0,
      minutes_city bigint not null default 0,
      holds_cell integer not null default 0,
      holds_community integer not null default 0,
      holds_street integer not null default 0,
      holds_district integer not null default 0,
      holds_city integer not null default 0,
      primary key (tenant_id, dim, level, key, month)
    )`.execute(db);
  await sql`create index grid_stats_monthly_month_idx on grid_stats_monthly (tenant_id, dim, level, month)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists grid_stats_monthly`.execute(db);
  await sql`alter table grid_problems drop column if exists closed_on_time`.execute(db);
}
