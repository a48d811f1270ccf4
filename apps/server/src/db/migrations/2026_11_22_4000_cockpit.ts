import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// The cockpit's running totals, kept by triggers on matters and colour_history so that a leader's
// figures sum a few thousand pre-grouped rows instead of recounting a million matters; and the
// 督查周报 / 《督促检查情况》 reports with their drafts.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per (kind, grain, bucket, lead unit, lead leader, key). kind: 'state' (key = status:colour),
  // 'category' (key = category id or 'none'), 'source'. grain: 'd' (bucket = created day, Asia/Shanghai)
  // or 'm' (bucket = first day of the created month). leader_id 0 = no lead leader.
  await sql`
    create table cockpit_stats (
      tenant_id integer not null,
      kind text not null,
      grain text not null,
      bucket date not null,
      unit_id integer not null,
      leader_id integer not null,
      key text not null,
      n integer not null default 0,
      done_n integer not null default 0,
      on_time_n integer not null default 0,
      days_sum bigint not null default 0,
      inv_plan numeric(18,2) not null default 0,
      inv_done numeric(18,2) not null default 0,
      primary key (tenant_id, kind, grain, bucket, unit_id, leader_id, key)
    )`.execute(db);

  // Weekly events (week = Monday, Asia/Shanghai): new by created week, closed by closed week,
  // warned = distinct matters that turned yellow/blue/red in the week (cockpit_warned remembers which).
  await sql`
    create table cockpit_weekly (
      tenant_id integer not null,
      week date not null,
      unit_id integer not null,
      leader_id integer not null,
      new_n integer not null default 0,
      closed_n integer not null default 0,
      warned_n integer not null default 0,
      primary key (tenant_id, week, unit_id, leader_id)
    )`.execute(db);
  // No foreign key: the matters delete trigger reads these rows before removing them itself.
  await sql`
    create table cockpit_warned (
      matter_id integer not null,
      week date not null,
      primary key (matter_id, week)
    )`.execute(db);

  await sql`
    create function cockpit_bump(p_tenant integer, p_kind text, p_grain text, p_bucket date, p_unit integer, p_leader integer,
                                 p_key text, p_sign integer, p_done boolean, p_on_time boolean, p_days integer,
                                 p_plan numeric, p_inv numeric) returns void language plpgsql as $fn$
    begin
      insert into cockpit_stats as c (tenant_id, kind, grain, bucket, unit_id, leader_id, key, n, done_n, on_time_n, days_sum, inv_plan, inv_done)
      values (p_tenant, p_kind, p_grain, p_bucket, p_unit, p_leader, p_key, p_sign,
              case when p_done then p_sign else 0 end, case when p_on_time then p_sign else 0 end,
              p_sign * p_days, p_sign * coalesce(p_plan, 0), p_sign * coalesce(p_inv, 0))
      on conflict (tenant_id, kind, grain, bucket, unit_id, leader_id, key) do update set
        n = c.n + excluded.n, done_n = c.done_n + excluded.done_n, on_time_n = c.on_time_n + excluded.on_time_n,
        days_sum = c.days_sum + excluded.days_sum, inv_plan = c.inv_plan + excluded.inv_plan, inv_done = c.inv_done + excluded.inv_done;
    end $fn$`.execute(db);

  await sql`
    create function cockpit_week_bump(p_tenant integer, p_week date, p_unit integer, p_leader integer,
                                      p_new integer, p_closed integer, p_warned integer) returns void language plpgsql as $fn$
    begin
      insert into cockpit_weekly as w (tenant_id, week, unit_id, leader_id, new_n, closed_n, warned_n)
      values (p_tenant, p_week, p_unit, p_leader, p_new, p_closed, p_warned)
      on conflict (tenant_id, week, unit_id, leader_id) do update set
        new_n = w.new_n + excluded.new_n, closed_n = w.closed_n + excluded.closed_n, warned_n = w.warned_n + excluded.warned_n;
    end $fn$`.execute(db);

  // Adds (p_sign = 1) or removes (-1) one matter's contribution. Done = closed or archived; on time =
  // closed on or before the (extended) deadline; days = calendar days from start to close.
  await sql`
    create function cockpit_apply(m matters, p_sign integer, p_warned boolean) returns void language plpgsql as $fn$
    declare
      d date := (m.created_at at time zone 'Asia/Shanghai')::date;
      mo date := date_trunc('month', (m.created_at at time zone 'Asia/Shanghai'))::date;
      cd date := case when m.closed_at is null then null else (m.closed_at at time zone 'Asia/Shanghai')::date end;
      done boolean := m.status in ('closed', 'archived');
      on_time boolean := m.status in ('closed', 'archived') and m.closed_at is not null
                         and (m.closed_at at time zone 'Asia/Shanghai')::date <= m.deadline;
      days integer := 0;
      l integer := coalesce(m.lead_leader_id, 0);
      st text := m.status || ':' || coalesce(m.colour, 'none');
      cat text := coalesce(m.category_id::text, 'none');
      w record;
    begin
      if done and cd is not null then days := greatest(cd - m.start_date, 0); end if;
      perform cockpit_bump(m.tenant_id, 'state', 'd', d, m.lead_unit_id, l, st, p_sign, done, on_time, days, m.investment_plan, m.investment_done);
      perform cockpit_bump(m.tenant_id, 'state', 'm', mo, m.lead_unit_id, l, st, p_sign, done, on_time, days, m.investment_plan, m.investment_done);
      perform cockpit_bump(m.tenant_id, 'category', 'd', d, m.lead_unit_id, l, cat, p_sign, done, on_time, days, m.investment_plan, m.investment_done);
      perform cockpit_bump(m.tenant_id, 'category', 'm', mo, m.lead_unit_id, l, cat, p_sign, done, on_time, days, m.investment_plan, m.investment_done);
      perform cockpit_bump(m.tenant_id, 'source', 'd', d, m.lead_unit_id, l, m.source, p_sign, done, on_time, days, m.investment_plan, m.investment_done);
      perform cockpit_bump(m.tenant_id, 'source', 'm', mo, m.lead_unit_id, l, m.source, p_sign, done, on_time, days, m.investment_plan, m.investment_done);
      perform cockpit_week_bump(m.tenant_id, date_trunc('week', d)::date, m.lead_unit_id, l, p_sign, 0, 0);
      if cd is not null then
        perform cockpit_week_bump(m.tenant_id, date_trunc('week', cd)::date, m.lead_unit_id, l, 0, p_sign, 0);
      end if;
      if p_warned then
        for w in select cw.week from cockpit_warned cw where cw.matter_id = m.id loop
          perform cockpit_week_bump(m.tenant_id, w.week, m.lead_unit_id, l, 0, 0, p_sign);
        end loop;
      end if;
    end $fn$`.execute(db);

  await sql`
    create function cockpit_matters_trg() returns trigger language plpgsql as $fn$
    declare
      moved boolean;
    begin
      if tg_op = 'INSERT' then
        perform cockpit_apply(new, 1, false);
      elsif tg_op = 'UPDATE' then
        moved := old.tenant_id is distinct from new.tenant_id or old.lead_unit_id is distinct from new.lead_unit_id
                 or old.lead_leader_id is distinct from new.lead_leader_id;
        perform cockpit_apply(old, -1, moved);
        perform cockpit_apply(new, 1, moved);
      else
        perform cockpit_apply(old, -1, true);
        delete from cockpit_warned where matter_id = old.id;
      end if;
      return null;
    end $fn$`.execute(db);

  await sql`create trigger matters_cockpit_ins after insert on matters for each row execute function cockpit_matters_trg()`.execute(db);
  // Progress-only updates (reports, sweeps that keep the colour) leave the totals alone.
  await sql`
    create trigger matters_cockpit_upd
    after update of tenant_id, status, colour, lead_unit_id, lead_leader_id, category_id, source, created_at, closed_at,
                    deadline, start_date, investment_plan, investment_done on matters
    for each row when (
      old.tenant_id is distinct from new.tenant_id or old.status is distinct from new.status
      or old.colour is distinct from new.colour or old.lead_unit_id is distinct from new.lead_unit_id
      or old.lead_leader_id is distinct from new.lead_leader_id or old.category_id is distinct from new.category_id
      or old.source is distinct from new.source or old.created_at is distinct from new.created_at
      or old.closed_at is distinct from new.closed_at or old.deadline is distinct from new.deadline
      or old.start_date is distinct from new.start_date or old.investment_plan is distinct from new.investment_plan
      or old.investment_done is distinct from new.investment_done)
    execute function cockpit_matters_trg()`.execute(db);
  await sql`create trigger matters_cockpit_del after delete on matters for each row execute function cockpit_matters_trg()`.execute(db);

  await sql`
    create function cockpit_colour_trg() returns trigger language plpgsql as $fn$
    declare
      wk date;
      added integer;
      m record;
    begin
      if new.to_colour is null or new.to_colour not in ('yellow', 'blue', 'red') then return null; end if;
      wk := date_trunc('week', (new.at at time zone 'Asia/Shanghai'))::date;
      insert into cockpit_warned (matter_id, week) values (new.matter_id, wk) on conflict do nothing;
      get diagnostics added = row_count;
      if added > 0 then
        select tenant_id, lead_unit_id, coalesce(lead_leader_id, 0) as leader into m from matters where id = new.matter_id;
        if found then perform cockpit_week_bump(m.tenant_id, wk, m.lead_unit_id, m.leader, 0, 0, 1); end if;
      end if;
      return null;
    end $fn$`.execute(db);
  await sql`create trigger colour_history_cockpit after insert on colour_history for each row execute function cockpit_colour_trg()`.execute(db);

  // Matters that existed before this migration.
  await sql`
    insert into cockpit_warned (matter_id, week)
    select distinct matter_id, date_trunc('week', (at at time zone 'Asia/Shanghai'))::date from colour_history
    where to_colour in ('yellow', 'blue', 'red')`.execute(db);
  await sql`select cockpit_apply(m, 1, true) from matters m`.execute(db);

  // Overdue figures and lists read open matters past their deadline directly, from this index only.
  await sql`
    create index matters_open_deadline_idx on matters (tenant_id, deadline)
    include (created_at, lead_unit_id, lead_leader_id)
    where status in ('registered', 'assigned', 'in_progress', 'completion_requested')`.execute(db);
  await sql`create index matters_major_idx on matters (tenant_id, investment_plan) where source = 'major_project'`.execute(db);

  // 督查周报 (kind 'weekly') and 《督促检查情况》 (kind 'inspection'): a draft the office edits, then publishes.
  await sql`
    create table supervision_reports (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      kind text not null check (kind in ('weekly', 'inspection')),
      year smallint not null,
      seq integer not null,
      title text not null,
      period_from date not null,
      period_to date not null,
      campaign_id integer references inspection_campaigns(id),
      status text not null default 'draft' check (status in ('draft', 'published')),
      auto boolean not null default false,
      figures jsonb not null,
      sections jsonb not null,
      created_by integer references accounts(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      published_at timestamptz,
      published_by integer references accounts(id),
      version integer not null default 1,
      unique (tenant_id, kind, year, seq)
    )`.execute(db);
  // The Monday job makes one automatic issue per week, however often it runs.
  await sql`create unique index supervision_reports_auto_idx on supervision_reports (tenant_id, kind, period_from, period_to) where auto`.execute(db);
  await sql`create index supervision_reports_list_idx on supervision_reports (tenant_id, created_at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
