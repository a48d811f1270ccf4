import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Supervised matters (督办事项) and everything hanging on them, the working-day calendar, and the
// warning colour columns the sweep keeps. Room is left for assessment (points per matter from
// difficulty/workload weights; rectification items as a source) and grid management (origin_*).
export async function up(db: Kysely<unknown>): Promise<void> {
  // Numbering: 二七督〔2026〕123号, 通知单 and 周报 期号, per tenant, kind and year.
  await sql`
    create table number_sequences (
      tenant_id integer not null references tenants(id),
      kind text not null,
      year integer not null,
      last integer not null default 0,
      primary key (tenant_id, kind, year)
    )`.execute(db);

  // An editable dictionary; `thresholds` overrides the tenant's warning thresholds for the category.
  await sql`
    create table categories (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      name text not null,
      sort integer not null default 0,
      active boolean not null default true,
      thresholds jsonb,
      created_at timestamptz not null default now(),
      unique (tenant_id, name)
    )`.execute(db);

  // Working days: dated exceptions over the weekday/weekend default; covered years have the official notice entered.
  await sql`
    create table calendar_days (
      tenant_id integer not null references tenants(id),
      date date not null,
      kind text not null check (kind in ('holiday', 'workday', 'closure')),
      name text not null,
      primary key (tenant_id, date, kind)
    )`.execute(db);
  await sql`
    create table calendar_years (
      tenant_id integer not null references tenants(id),
      year integer not null,
      source text,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, year)
    )`.execute(db);

  await sql`
    create table matters (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      parent_id integer references matters(id),
      root_id integer references matters(id),
      depth smallint not null default 0,
      year smallint not null,
      seq integer not null,
      number text not null,
      title text not null,
      content text not null default '',
      source text not null,
      source_doc text,
      category_id integer references categories(id),
      lead_leader_id integer references people(id),
      lead_unit_id integer not null references units(id),
      start_date date not null,
      deadline date not null,
      original_deadline date not null,
      deadline_workdays integer,
      deadline_provisional boolean not null default false,
      report_cadence text not null default 'weekly',
      priority text not null default 'normal',
      difficulty numeric(4,2) not null default 1,
      workload numeric(4,2) not null default 1,
      weight numeric(6,2) not null default 1,
      status text not null default 'registered',
      progress numeric(5,2) not null default 0,
      investment_plan numeric(14,2),
      investment_done numeric(14,2),
      assigned_at timestamptz,
      last_report_at timestamptz,
      last_progress_at timestamptz,
      completion_requested_at timestamptz,
      closed_at timestamptz,
      archived_at timestamptz,
      cancelled_at timestamptz,
      cancel_reason text,
      return_count integer not null default 0,
      rating smallint,
      rating_comment text,
      colour text,
      colour_reasons jsonb,
      colour_since timestamptz,
      colour_checked_at timestamptz,
      origin_type text,
      origin_id bigint,
      created_by integer references accounts(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      unique (tenant_id, year, seq)
    )`.execute(db);
  await sql`create index matters_ledger_idx on matters (tenant_id, status, deadline)`.execute(db);
  await sql`create index matters_colour_idx on matters (tenant_id, colour) where status in ('assigned', 'in_progress', 'completion_requested')`.execute(db);
  await sql`create index matters_lead_unit_idx on matters (tenant_id, lead_unit_id)`.execute(db);
  await sql`create index matters_leader_idx on matters (tenant_id, lead_leader_id)`.execute(db);
  await sql`create index matters_parent_idx on matters (parent_id)`.execute(db);
  await sql`create index matters_created_idx on matters (tenant_id, created_at)`.execute(db);
  await sql`create index matters_text_idx on matters using gin ((title || ' ' || content) gin_trgm_ops)`.execute(db);
  await sql`create index matters_origin_idx on matters (tenant_id, origin_type, origin_id) where origin_type is not null`.execute(db);

  // 同步受理: every unit on a matter (lead or co-unit) signs and reports separately.
  await sql`
    create table matter_units (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      matter_id integer not null references matters(id) on delete cascade,
      unit_id integer not null references units(id),
      role text not null check (role in ('lead', 'co')),
      status text not null default 'pending',
      progress numeric(5,2) not null default 0,
      assigned_at timestamptz,
      signed_at timestamptz,
      signed_by integer references accounts(id),
      last_report_at timestamptz,
      completion_requested_at timestamptz,
      completed_at timestamptz,
      unique (matter_id, unit_id)
    )`.execute(db);
  await sql`create index matter_units_unit_idx on matter_units (tenant_id, unit_id, status)`.execute(db);

  await sql`
    create table matter_handlers (
      tenant_id integer not null references tenants(id),
      matter_id integer not null references matters(id) on delete cascade,
      unit_id integer not null references units(id),
      person_id integer not null references people(id),
      assigned_by integer references accounts(id),
      assigned_at timestamptz not null default now(),
      primary key (matter_id, person_id)
    )`.execute(db);
  await sql`create index matter_handlers_person_idx on matter_handlers (tenant_id, person_id)`.execute(db);

  await sql`
    create table milestones (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      matter_id integer not null references matters(id) on delete cascade,
      due_date date not null,
      planned_progress numeric(5,2) not null,
      description text not null default '',
      reached_at timestamptz
    )`.execute(db);
  await sql`create index milestones_matter_idx on milestones (matter_id, due_date)`.execute(db);

  await sql`
    create table progress_reports (
      id bigint generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      matter_id integer not null references matters(id) on delete cascade,
      unit_id integer not null references units(id),
      reporter_account_id integer references accounts(id),
      reporter_name text not null,
      progress numeric(5,2) not null,
      text text not null,
      investment_done numeric(14,2),
      disputed_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index progress_reports_matter_idx on progress_reports (matter_id, created_at)`.execute(db);
  await sql`create index progress_reports_tenant_idx on progress_reports (tenant_id, created_at)`.execute(db);

  // Files live on disk (FILES_DIR) under their SHA-256; the row says what they are and whose.
  await sql`
    create table attachments (
      id bigint generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      matter_id integer references matters(id) on delete cascade,
      owner_type text not null,
      owner_id bigint,
      file_name text not null,
      mime text not null,
      size integer not null,
      sha256 text not null,
      uploaded_by integer references accounts(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index attachments_owner_idx on attachments (tenant_id, owner_type, owner_id)`.execute(db);
  await sql`create index attachments_matter_idx on attachments (matter_id)`.execute(db);

  await sql`
    create table extension_requests (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      matter_id integer not null references matters(id) on delete cascade,
      unit_id integer references units(id),
      requested_by integer references accounts(id),
      requested_deadline date not null,
      previous_deadline date not null,
      reason text not null,
      status text not null default 'pending',
      decided_by integer references accounts(id),
      decided_at timestamptz,
      decision_note text,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index extension_requests_matter_idx on extension_requests (matter_id)`.execute(db);
  await sql`create index extension_requests_pending_idx on extension_requests (tenant_id, status) where status = 'pending'`.execute(db);

  // 申请办结 by a unit and the office's review of the matter (accept → 办结, return → 退回).
  await sql`
    create table completion_requests (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      matter_id integer not null references matters(id) on delete cascade,
      unit_id integer references units(id),
      requested_by integer references accounts(id),
      evidence text not null,
      status text not null default 'pending',
      decided_by integer references accounts(id),
      decided_at timestamptz,
      decision_note text,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index completion_requests_matter_idx on completion_requests (matter_id)`.execute(db);

  await sql`
    create table urges (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      matter_id integer not null references matters(id) on delete cascade,
      urged_by integer references accounts(id),
      message text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index urges_matter_idx on urges (matter_id)`.execute(db);

  // 督查通知单: numbered, addressed to named people who each acknowledge (签收).
  await sql`
    create table notices (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      matter_id integer not null references matters(id) on delete cascade,
      year smallint not null,
      seq integer not null,
      number text not null,
      title text not null,
      body text not null,
      reply_by date,
      issued_by integer references accounts(id),
      issued_at timestamptz not null default now(),
      unique (tenant_id, year, seq)
    )`.execute(db);
  await sql`create index notices_matter_idx on notices (matter_id)`.execute(db);
  await sql`
    create table notice_recipients (
      tenant_id integer not null references tenants(id),
      notice_id integer not null references notices(id) on delete cascade,
      person_id integer not null references people(id),
      role_label text,
      acknowledged_at timestamptz,
      acknowledged_by integer references accounts(id),
      primary key (notice_id, person_id)
    )`.execute(db);
  await sql`create index notice_recipients_person_idx on notice_recipients (tenant_id, person_id) where acknowledged_at is null`.execute(db);

  // 督查活动 groups inspections for a 《督促检查情况》 report; 现场督查 records a visit.
  await sql`
    create table inspection_campaigns (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      name text not null,
      start_date date,
      end_date date,
      description text not null default '',
      created_by integer references accounts(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table inspections (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      matter_id integer not null references matters(id) on delete cascade,
      campaign_id integer references inspection_campaigns(id),
      inspected_at timestamptz not null,
      location text not null default '',
      lat numeric(9,6),
      lng numeric(9,6),
      finding text not null check (finding in ('confirms', 'disputes', 'problem')),
      unannounced boolean not null default false,
      notes text not null default '',
      report_id bigint references progress_reports(id),
      recorded_by integer references accounts(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index inspections_matter_idx on inspections (matter_id)`.execute(db);
  await sql`create index inspections_campaign_idx on inspections (campaign_id)`.execute(db);
  await sql`
    create table inspection_inspectors (
      inspection_id integer not null references inspections(id) on delete cascade,
      person_id integer not null references people(id),
      primary key (inspection_id, person_id)
    )`.execute(db);

  // Every colour change, with why; the cockpit's trend and the reminders read it.
  await sql`
    create table colour_history (
      id bigint generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      matter_id integer not null references matters(id) on delete cascade,
      from_colour text,
      to_colour text,
      reasons jsonb,
      at timestamptz not null
    )`.execute(db);
  await sql`create index colour_history_matter_idx on colour_history (matter_id, at)`.execute(db);
  await sql`create index colour_history_tenant_idx on colour_history (tenant_id, at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
