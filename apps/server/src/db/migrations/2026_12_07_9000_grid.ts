import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Grid management (网格化管理), issue 16: cells, grid staff, the 部件/事件 taxonomy with versioned time limits,
// problems (事件) and their flow, who held the clock at each level, and meetings (联席会议 / 督查工作例会).
// Standards followed are cited in docs/grid.md (GB/T 30428, CJ/T 213, 12345 practice).
export async function up(db: Kysely<unknown>): Promise<void> {
  // Level names per tenant (1 街道/乡镇, 2 社区/村, 3 网格/楼栋 by default; configurable).
  await sql`
    create table grid_levels (
      tenant_id integer not null references tenants(id),
      level smallint not null check (level between 1 and 5),
      name text not null,
      primary key (tenant_id, level)
    )`.execute(db);

  // A cell of the grid tree. Re-drawn cells keep history: the old row gets valid_to, the new one a new id.
  // polygon is a GeoJSON Polygon or MultiPolygon geometry in WGS-84/CGCS2000 (lon, lat); the bbox columns
  // feed the in-application index (no PostGIS needed). unit_id links a cell to its 街道/社区 unit when there is one.
  await sql`
    create table grid_cells (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      parent_id integer references grid_cells(id),
      level smallint not null check (level between 1 and 5),
      code text not null,
      name text not null,
      unit_id integer references units(id),
      polygon jsonb,
      min_lon double precision,
      min_lat double precision,
      max_lon double precision,
      max_lat double precision,
      area_m2 double precision,
      valid_from date not null,
      valid_to date,
      created_at timestamptz not null default now(),
      check (valid_to is null or valid_to > valid_from)
    )`.execute(db);
  await sql`create unique index grid_cells_code_current on grid_cells (tenant_id, code) where valid_to is null`.execute(db);
  await sql`create index grid_cells_parent_idx on grid_cells (tenant_id, parent_id)`.execute(db);
  await sql`create index grid_cells_level_idx on grid_cells (tenant_id, level) where valid_to is null`.execute(db);

  // 网格长 (leader), 网格员 (member) and 监督员 (supervisor) of a cell; a person of the organisation or an account.
  await sql`
    create table grid_staff (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      cell_id integer not null references grid_cells(id),
      person_id integer references people(id),
      account_id integer references accounts(id),
      duty text not null check (duty in ('leader', 'member', 'supervisor')),
      valid_from date not null,
      valid_to date,
      check (person_id is not null or account_id is not null)
    )`.execute(db);
  await sql`create index grid_staff_cell_idx on grid_staff (cell_id) where valid_to is null`.execute(db);
  await sql`create index grid_staff_person_idx on grid_staff (tenant_id, person_id) where valid_to is null`.execute(db);
  await sql`create index grid_staff_account_idx on grid_staff (tenant_id, account_id) where valid_to is null`.execute(db);

  // 部件/事件 classes: the standard's major classes and the tenant's own subclasses.
  await sql`
    create table grid_categories (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      parent_id integer references grid_categories(id),
      kind text not null check (kind in ('component', 'event')),
      code text not null,
      name text not null,
      urgency text not null default 'normal' check (urgency in ('normal', 'urgent', 'critical')),
      default_unit_id integer references units(id),
      duplicate_radius_m integer not null default 250 check (duplicate_radius_m between 0 and 5000),
      icon text,
      public boolean not null default true,
      active boolean not null default true,
      unique (tenant_id, code)
    )`.execute(db);

  // Time-limit tables are versioned: a problem keeps the version in force when it was opened.
  await sql`
    create table grid_limit_versions (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      effective_from timestamptz not null,
      note text not null default '',
      created_by integer references accounts(id),
      created_at timestamptz not null default now(),
      unique (tenant_id, effective_from)
    )`.execute(db);
  // stage: accept 受理, register 立案, dispatch 派遣, sign 签收, handle 处置, verify 核查, visit 回访, or
  // hold_1..hold_5 (how long a level may hold a problem before it climbs). category_id / urgency null = default row.
  await sql`
    create table grid_time_limits (
      id integer generated always as identity primary key,
      version_id integer not null references grid_limit_versions(id) on delete cascade,
      tenant_id integer not null references tenants(id),
      category_id integer references grid_categories(id),
      urgency text check (urgency in ('normal', 'urgent', 'critical')),
      stage text not null,
      amount numeric(8,2) not null check (amount > 0),
      unit text not null check (unit in ('hour', 'day'))
    )`.execute(db);
  await sql`create index grid_time_limits_version_idx on grid_time_limits (version_id, stage)`.execute(db);

  // Working hours per day (periods) and other grid settings.
  await sql`
    create table grid_settings (
      tenant_id integer primary key references tenants(id),
      settings jsonb not null,
      updated_at timestamptz not null default now()
    )`.execute(db);

  // A problem (事件/部件 case). hold_level is the platform level holding it now (cell → community → street →
  // district → city); hold_deadline is when that level's time runs out; stage_deadline the current stage's limit.
  await sql`
    create table grid_problems (
      id bigint generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      ticket text not null,
      source text not null check (source in ('grid', 'citizen', 'hotline', 'office', 'open311')),
      source_ref text,
      category_id integer not null references grid_categories(id),
      urgency text not null check (urgency in ('normal', 'urgent', 'critical')),
      title text not null,
      description text not null default '',
      address text,
      lon double precision,
      lat double precision,
      cell_id integer references grid_cells(id),
      cell_rule text check (cell_rule in ('inside', 'border', 'override', 'outside')),
      cell_note text,
      status text not null,
      hold_level text not null check (hold_level in ('cell', 'community', 'street', 'district', 'city')),
      hold_unit_id integer references units(id),
      hold_since timestamptz not null,
      hold_deadline timestamptz,
      stage_deadline timestamptz,
      dispatched_unit_id integer references units(id),
      handler_account_id integer references accounts(id),
      limit_version_id integer references grid_limit_versions(id),
      colour text,
      reporter_account_id integer references accounts(id),
      reporter_name text,
      reporter_mobile_enc text,
      reporter_mobile_hash text,
      reporter_public boolean not null default false,
      merged_into_id bigint references grid_problems(id),
      matter_id integer references matters(id),
      reopen_count smallint not null default 0,
      rework_count smallint not null default 0,
      extension_count smallint not null default 0,
      rating text check (rating in ('satisfied', 'basic', 'unsatisfied')),
      rating_comment text,
      parked_until date,
      resolved_level text,
      reported_at timestamptz not null,
      accepted_at timestamptz,
      registered_at timestamptz,
      dispatched_at timestamptz,
      handled_at timestamptz,
      closed_at timestamptz,
      visited_at timestamptz,
      created_by integer references accounts(id),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      unique (tenant_id, ticket)
    )`.execute(db);
  await sql`create index grid_problems_open_idx on grid_problems (tenant_id, hold_level, status) where closed_at is null`.execute(db);
  await sql`create index grid_problems_cell_idx on grid_problems (tenant_id, cell_id, reported_at)`.execute(db);
  await sql`create index grid_problems_unit_idx on grid_problems (tenant_id, dispatched_unit_id) where closed_at is null`.execute(db);
  await sql`create index grid_problems_deadline_idx on grid_problems (hold_deadline) where closed_at is null`.execute(db);
  await sql`create index grid_problems_reported_idx on grid_problems (tenant_id, reported_at)`.execute(db);
  await sql`create index grid_problems_near_idx on grid_problems (tenant_id, category_id, lat, lon) where closed_at is null`.execute(db);
  await sql`create index grid_problems_source_ref_idx on grid_problems (tenant_id, source, source_ref) where source_ref is not null`.execute(db);
  await sql`create index grid_problems_matter_idx on grid_problems (matter_id) where matter_id is not null`.execute(db);

  // Every step of a problem (traced separately in the trace); public = shown on the citizen's timeline.
  await sql`
    create table grid_problem_events (
      id bigint generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      problem_id bigint not null references grid_problems(id) on delete cascade,
      at timestamptz not null,
      action text not null,
      from_status text,
      to_status text,
      hold_level text,
      unit_id integer references units(id),
      actor_account_id integer references accounts(id),
      note text,
      data jsonb,
      public boolean not null default false
    )`.execute(db);
  await sql`create index grid_problem_events_problem_idx on grid_problem_events (problem_id, id)`.execute(db);

  // Who held the clock: one row per stay at a level/unit, closed when the problem leaves it.
  await sql`
    create table grid_level_holds (
      id bigint generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      problem_id bigint not null references grid_problems(id) on delete cascade,
      hold_level text not null,
      unit_id integer references units(id),
      cell_id integer references grid_cells(id),
      started_at timestamptz not null,
      ended_at timestamptz,
      working_minutes integer,
      left_by text check (left_by in ('resolved', 'escalated', 'beyond_power', 'dispatched', 'returned', 'closed', 'merged'))
    )`.execute(db);
  await sql`create index grid_level_holds_problem_idx on grid_level_holds (problem_id, started_at)`.execute(db);
  await sql`create index grid_level_holds_stats_idx on grid_level_holds (tenant_id, hold_level, started_at)`.execute(db);

  // Everyone who reported a problem (the first reporter and those who added themselves or were merged in).
  await sql`
    create table grid_problem_reporters (
      id bigint generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      problem_id bigint not null references grid_problems(id) on delete cascade,
      original_problem_id bigint references grid_problems(id),
      account_id integer references accounts(id),
      name text,
      mobile_enc text,
      mobile_hash text,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index grid_problem_reporters_problem_idx on grid_problem_reporters (problem_id)`.execute(db);

  // Photos: the file is an attachment (owner_type 'grid_problem'), re-encoded without EXIF; phase says which photo.
  await sql`
    create table grid_problem_photos (
      attachment_id bigint primary key references attachments(id) on delete cascade,
      tenant_id integer not null references tenants(id),
      problem_id bigint not null references grid_problems(id) on delete cascade,
      phase text not null check (phase in ('report', 'before', 'after', 'verify')),
      hidden boolean not null default false,
      hidden_reason text,
      hidden_by integer references accounts(id),
      hidden_at timestamptz
    )`.execute(db);
  await sql`create index grid_problem_photos_problem_idx on grid_problem_photos (problem_id)`.execute(db);

  // 联席会议 (joint meetings on cross-department problems) and 督查工作例会 (the office's weekly meeting).
  await sql`
    create table meetings (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      kind text not null check (kind in ('joint', 'supervision')),
      title text not null,
      held_on date not null,
      convenor_person_id integer references people(id),
      convenor_unit_id integer references units(id),
      minutes text not null default '',
      created_by integer references accounts(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index meetings_tenant_idx on meetings (tenant_id, held_on)`.execute(db);
  await sql`
    create table meeting_units (
      meeting_id integer not null references meetings(id) on delete cascade,
      tenant_id integer not null references tenants(id),
      unit_id integer not null references units(id),
      present boolean not null default true,
      primary key (meeting_id, unit_id)
    )`.execute(db);
  await sql`
    create table meeting_problems (
      meeting_id integer not null references meetings(id) on delete cascade,
      tenant_id integer not null references tenants(id),
      problem_id bigint not null references grid_problems(id),
      primary key (meeting_id, problem_id)
    )`.execute(db);
  // Each decision (议定事项) is a task for a unit with a deadline; for the office's meeting it becomes a matter.
  await sql`
    create table meeting_decisions (
      id integer generated always as identity primary key,
      meeting_id integer not null references meetings(id) on delete cascade,
      tenant_id integer not null references tenants(id),
      seq integer not null,
      text text not null,
      unit_id integer not null references units(id),
      deadline date not null,
      problem_id bigint references grid_problems(id),
      matter_id integer references matters(id),
      status text not null default 'open' check (status in ('open', 'done')),
      result text,
      done_at timestamptz,
      unique (meeting_id, seq)
    )`.execute(db);
  await sql`create index meeting_decisions_open_idx on meeting_decisions (tenant_id, unit_id) where status = 'open'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'meeting_decisions',
    'meeting_problems',
    'meeting_units',
    'meetings',
    'grid_problem_photos',
    'grid_problem_reporters',
    'grid_level_holds',
    'grid_problem_events',
    'grid_problems',
    'grid_settings',
    'grid_time_limits',
    'grid_limit_versions',
    'grid_categories',
    'grid_staff',
    'grid_cells',
    'grid_levels',
  ]) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}
