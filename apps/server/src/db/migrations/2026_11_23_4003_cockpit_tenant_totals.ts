import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// The whole-tenant cockpit (督查办, 书记) read its year from cockpit_stats, whose rows are per lead unit AND
// lead leader: at 250,000 matters per tenant that was 131,000 monthly rows to sum for one year (1.1–3.4 s
// p95 against 150 ms). These coarser totals, kept by the same triggers, answer the tenant-wide view in a
// few thousand rows: per key with no unit or leader (unit_id 0) for the state, category and source
// distributions, and per lead unit with no key (kind 'unit') for the league table; weekly events per tenant.
// cockpit_stats and cockpit_weekly stay for scoped viewers (a unit's people, a leader's 分管 units).
//
// The update trigger now also skips the parts of a matter's contribution that did not change (a colour
// change moves two state rows and touches no category, source or unit row), so a sweep or a report locks and
// writes fewer counter rows than before even with the second set of totals.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table cockpit_totals (
      tenant_id integer not null,
      kind text not null check (kind in ('state', 'category', 'source', 'unit')),
      grain text not null,
      bucket date not null,
      unit_id integer not null,
      key text not null,
      n integer not null default 0,
      done_n integer not null default 0,
      on_time_n integer not null default 0,
      days_sum bigint not null default 0,
      inv_plan numeric(18,2) not null default 0,
      inv_done numeric(18,2) not null default 0,
      primary key (tenant_id, kind, grain, bucket, unit_id, key)
    ) with (fillfactor = 60)`.execute(db);
  await sql`
    create table cockpit_weekly_totals (
      tenant_id integer not null,
      week date not null,
      new_n integer not null default 0,
      closed_n integer not null default 0,
      warned_n integer not null default 0,
      primary key (tenant_id, week)
    ) with (fillfactor = 60)`.execute(db);

  await sql`
    create function cockpit_total_bump(p_tenant integer, p_kind text, p_grain text, p_bucket date, p_unit integer, p_key text,
                                       p_sign integer, p_done boolean, p_on_time boolean, p_days integer,
                                       p_plan numeric, p_inv numeric) returns void language plpgsql as $fn$
    begin
      insert into cockpit_totals as c (tenant_id, kind, grain, bucket, unit_id, key, n, done_n, on_time_n, days_sum, inv_plan, inv_done)
      values (p_tenant, p_kind, p_grain, p_bucket, p_unit, p_key, p_sign,
              case when p_done then p_sign else 0 end, case when p_on_time then p_sign else 0 end,
              p_sign * p_days, p_sign * coalesce(p_plan, 0), p_sign * coalesce(p_inv, 0))
      on conflict (tenant_id, kind, grain, bucket, unit_id, key) do update set
        n = c.n + excluded.n, done_n = c.done_n + excluded.done_n, on_time_n = c.on_time_n + excluded.on_time_n,
        days_sum = c.days_sum + excluded.days_sum, inv_plan = c.inv_plan + excluded.inv_plan, inv_done = c.inv_done + excluded.inv_done;
    end $fn$`.execute(db);

  // Every weekly event also counts in the tenant's week.
  await sql`
    create or replace function cockpit_week_bump(p_tenant integer, p_week date, p_unit integer, p_leader integer,
                                                 p_new integer, p_closed integer, p_warned integer) returns void language plpgsql as $fn$
    begin
      insert into cockpit_weekly as w (tenant_id, week, unit_id, leader_id, new_n, closed_n, warned_n)
      values (p_tenant, p_week, p_unit, p_leader, p_new, p_closed, p_warned)
      on conflict (tenant_id, week, unit_id, leader_id) do update set
        new_n = w.new_n + excluded.new_n, closed_n = w.closed_n + excluded.closed_n, warned_n = w.warned_n + excluded.warned_n;
      insert into cockpit_weekly_totals as t (tenant_id, week, new_n, closed_n, warned_n)
      values (p_tenant, p_week, p_new, p_closed, p_warned)
      on conflict (tenant_id, week) do update set
        new_n = t.new_n + excluded.new_n, closed_n = t.closed_n + excluded.closed_n, warned_n = t.warned_n + excluded.warned_n;
    end $fn$`.execute(db);

  // What a matter contributes, as migration 4000's cockpit_apply computed it inline.
  await sql`
    create type cockpit_fact as (d date, mo date, cd date, done boolean, on_time boolean, days integer, l integer, st text, cat text)`.execute(db);
  await sql`
    create function cockpit_facts(m matters) returns cockpit_fact language sql stable as $fn$
      select x.d, x.mo, x.cd, x.done,
             x.done and x.cd is not null and x.cd <= m.deadline,
             case when x.done and x.cd is not null then greatest(x.cd - m.start_date, 0) else 0 end,
             coalesce(m.lead_leader_id, 0), m.status || ':' || coalesce(m.colour, 'none'), coalesce(m.category_id::text, 'none')
      from (select (m.created_at at time zone 'Asia/Shanghai')::date as d,
                   date_trunc('month', (m.created_at at time zone 'Asia/Shanghai'))::date as mo,
                   case when m.closed_at is null then null else (m.closed_at at time zone 'Asia/Shanghai')::date end as cd,
                   m.status in ('closed', 'archived') as done) x
    $fn$`.execute(db);

  // One kind's key for one matter in both sets of totals, day and month: per lead unit and leader, and per key alone.
  await sql`
    create function cockpit_bump_kind(m matters, f cockpit_fact, p_sign integer, p_kind text, p_key text)
    returns void language plpgsql as $fn$
    begin
      perform cockpit_bump(m.tenant_id, p_kind, 'd', f.d, m.lead_unit_id, f.l, p_key, p_sign, f.done, f.on_time, f.days, m.investment_plan, m.investment_done);
      perform cockpit_bump(m.tenant_id, p_kind, 'm', f.mo, m.lead_unit_id, f.l, p_key, p_sign, f.done, f.on_time, f.days, m.investment_plan, m.investment_done);
      perform cockpit_total_bump(m.tenant_id, p_kind, 'd', f.d, 0, p_key, p_sign, f.done, f.on_time, f.days, m.investment_plan, m.investment_done);
      perform cockpit_total_bump(m.tenant_id, p_kind, 'm', f.mo, 0, p_key, p_sign, f.done, f.on_time, f.days, m.investment_plan, m.investment_done);
    end $fn$`.execute(db);

  // Adds (p_sign = 1) or removes (-1) the chosen parts of one matter's contribution to both sets of totals.
  await sql`
    create function cockpit_apply_parts(m matters, f cockpit_fact, p_sign integer, p_state boolean, p_cat boolean, p_src boolean,
                                        p_unit boolean, p_new_week boolean, p_closed_week boolean, p_warned boolean)
    returns void language plpgsql as $fn$
    declare
      w record;
    begin
      if p_state then perform cockpit_bump_kind(m, f, p_sign, 'state', f.st); end if;
      if p_cat then perform cockpit_bump_kind(m, f, p_sign, 'category', f.cat); end if;
      if p_src then perform cockpit_bump_kind(m, f, p_sign, 'source', m.source); end if;
      if p_unit then
        perform cockpit_total_bump(m.tenant_id, 'unit', 'd', f.d, m.lead_unit_id, '', p_sign, f.done, f.on_time, f.days, m.investment_plan, m.investment_done);
        perform cockpit_total_bump(m.tenant_id, 'unit', 'm', f.mo, m.lead_unit_id, '', p_sign, f.done, f.on_time, f.days, m.investment_plan, m.investment_done);
      end if;
      if p_new_week then
        perform cockpit_week_bump(m.tenant_id, date_trunc('week', f.d)::date, m.lead_unit_id, f.l, p_sign, 0, 0);
      end if;
      if p_closed_week and f.cd is not null then
        perform cockpit_week_bump(m.tenant_id, date_trunc('week', f.cd)::date, m.lead_unit_id, f.l, 0, p_sign, 0);
      end if;
      if p_warned then
        for w in select cw.week from cockpit_warned cw where cw.matter_id = m.id loop
          perform cockpit_week_bump(m.tenant_id, w.week, m.lead_unit_id, f.l, 0, 0, p_sign);
        end loop;
      end if;
    end $fn$`.execute(db);

  await sql`
    create or replace function cockpit_apply(m matters, p_sign integer, p_warned boolean) returns void language plpgsql as $fn$
    begin
      perform cockpit_apply_parts(m, cockpit_facts(m), p_sign, true, true, true, true, true, true, p_warned);
    end $fn$`.execute(db);

  await sql`
    create or replace function cockpit_matters_trg() returns trigger language plpgsql as $fn$
    declare
      fo cockpit_fact;
      fn cockpit_fact;
      same boolean;
      ch_state boolean;
      ch_cat boolean;
      ch_src boolean;
      ch_created boolean;
      ch_closed boolean;
    begin
      if tg_op = 'INSERT' then
        perform cockpit_apply(new, 1, false);
      elsif tg_op = 'UPDATE' then
        if old.tenant_id is distinct from new.tenant_id or old.lead_unit_id is distinct from new.lead_unit_id
           or old.lead_leader_id is distinct from new.lead_leader_id then
          perform cockpit_apply(old, -1, true);
          perform cockpit_apply(new, 1, true);
        else
          fo := cockpit_facts(old);
          fn := cockpit_facts(new);
          same := fo.d is not distinct from fn.d and fo.done is not distinct from fn.done
                  and fo.on_time is not distinct from fn.on_time and fo.days is not distinct from fn.days
                  and old.investment_plan is not distinct from new.investment_plan
                  and old.investment_done is not distinct from new.investment_done;
          ch_state := not same or fo.st is distinct from fn.st;
          ch_cat := not same or fo.cat is distinct from fn.cat;
          ch_src := not same or old.source is distinct from new.source;
          ch_created := fo.d is distinct from fn.d;
          ch_closed := fo.cd is distinct from fn.cd;
          perform cockpit_apply_parts(old, fo, -1, ch_state, ch_cat, ch_src, not same, ch_created, ch_closed, false);
          perform cockpit_apply_parts(new, fn, 1, ch_state, ch_cat, ch_src, not same, ch_created, ch_closed, false);
        end if;
      else
        perform cockpit_apply(old, -1, true);
        delete from cockpit_warned where matter_id = old.id;
      end if;
      return null;
    end $fn$`.execute(db);

  // Existing totals, regrouped (set-wise: no per-matter replay).
  await sql`
    insert into cockpit_totals (tenant_id, kind, grain, bucket, unit_id, key, n, done_n, on_time_n, days_sum, inv_plan, inv_done)
    select tenant_id, kind, grain, bucket, 0, key, sum(n), sum(done_n), sum(on_time_n), sum(days_sum), sum(inv_plan), sum(inv_done)
    from cockpit_stats group by tenant_id, kind, grain, bucket, key
    union all
    select tenant_id, 'unit', grain, bucket, unit_id, '', sum(n), sum(done_n), sum(on_time_n), sum(days_sum), sum(inv_plan), sum(inv_done)
    from cockpit_stats where kind = 'state' group by tenant_id, grain, bucket, unit_id`.execute(db);
  await sql`
    insert into cockpit_weekly_totals (tenant_id, week, new_n, closed_n, warned_n)
    select tenant_id, week, sum(new_n), sum(closed_n), sum(warned_n) from cockpit_weekly group by tenant_id, week`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
