import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// The sweep changes colours a chunk at a time (2,000 matters in one UPDATE, their colour_history in one
// INSERT). The row triggers answered each matter with eight counter upserts, and each history row with
// three more statements: at 1,000,000 matters they were more than half of a steady-state sweep's write
// (450 of 845 ms for 2,000 colour changes). A change of colour alone (nothing else the cockpit counts
// moved) is now counted once per statement: the old and new rows of the statement (transition tables)
// are grouped by counter row, and each counter row is written once. Any other change still goes
// through the row trigger, which counts the whole row, colour included.
// (Counting per row in one big statement is worse than slow: each upsert of a counter row already
// updated in the same transaction walks that row's versions, so a bulk change of 242,000 colours ran
// for more than ten minutes. Colour changes by any writer therefore take the statement path; a
// one-matter update pays one small query over its two transition rows.)
export async function up(db: Kysely<unknown>): Promise<void> {
  // Whether a change moved anything the cockpit counts besides the colour. The row trigger fires on it, the
  // statement trigger counts the colour changes where it is false: one definition, so the two never overlap or miss.
  await sql`
    create function cockpit_moved_besides_colour(o matters, n matters) returns boolean language sql immutable as $fn$
      select o.tenant_id is distinct from n.tenant_id or o.status is distinct from n.status
        or o.lead_unit_id is distinct from n.lead_unit_id
        or o.lead_leader_id is distinct from n.lead_leader_id or o.category_id is distinct from n.category_id
        or o.source is distinct from n.source or o.created_at is distinct from n.created_at
        or o.closed_at is distinct from n.closed_at or o.deadline is distinct from n.deadline
        or o.start_date is distinct from n.start_date or o.investment_plan is distinct from n.investment_plan
        or o.investment_done is distinct from n.investment_done
    $fn$`.execute(db);

  // The row trigger leaves out changes of colour alone.
  await sql`drop trigger matters_cockpit_upd on matters`.execute(db);
  await sql`
    create trigger matters_cockpit_upd
    after update of tenant_id, status, colour, lead_unit_id, lead_leader_id, category_id, source, created_at, closed_at,
                    deadline, start_date, investment_plan, investment_done on matters
    for each row when (cockpit_moved_besides_colour(old, new))
    execute function cockpit_matters_trg()`.execute(db);

  // Colour alone: the state key moves from status:old colour to status:new colour, day and month, in both
  // sets of totals (per lead unit and leader; per key with unit 0). Counter rows are written in key order.
  await sql`
    create function cockpit_colour_moves() returns trigger language plpgsql as $fn$
    begin
      with delta as (
        select n.tenant_id, v.grain, v.bucket, n.lead_unit_id as unit_id, f.l as leader_id, v.key,
               sum(v.sign)::integer as n, sum(case when f.done then v.sign else 0 end)::integer as done_n,
               sum(case when f.on_time then v.sign else 0 end)::integer as on_time_n, sum(v.sign * f.days)::bigint as days_sum,
               sum(v.sign * coalesce(n.investment_plan, 0)) as inv_plan, sum(v.sign * coalesce(n.investment_done, 0)) as inv_done
        from old_rows o join new_rows n on n.id = o.id
          cross join lateral cockpit_facts(n) f
          cross join lateral (values ('d', f.d, o.status || ':' || coalesce(o.colour, 'none'), -1), ('d', f.d, f.st, 1),
                                     ('m', f.mo, o.status || ':' || coalesce(o.colour, 'none'), -1), ('m', f.mo, f.st, 1)) v(grain, bucket, key, sign)
        where o.colour is distinct from n.colour
          and not cockpit_moved_besides_colour(o, n)
        group by n.tenant_id, v.grain, v.bucket, n.lead_unit_id, f.l, v.key
      ), per_leader as (
        insert into cockpit_stats as c (tenant_id, kind, grain, bucket, unit_id, leader_id, key, n, done_n, on_time_n, days_sum, inv_plan, inv_done)
        select tenant_id, 'state', grain, bucket, unit_id, leader_id, key, n, done_n, on_time_n, days_sum, inv_plan, inv_done
        from delta
        where n <> 0 or done_n <> 0 or on_time_n <> 0 or days_sum <> 0 or inv_plan <> 0 or inv_done <> 0
        order by tenant_id, grain, bucket, unit_id, leader_id, key
        on conflict (tenant_id, kind, grain, bucket, unit_id, leader_id, key) do update set
          n = c.n + excluded.n, done_n = c.done_n + excluded.done_n, on_time_n = c.on_time_n + excluded.on_time_n,
          days_sum = c.days_sum + excluded.days_sum, inv_plan = c.inv_plan + excluded.inv_plan, inv_done = c.inv_done + excluded.inv_done
      )
      insert into cockpit_totals as c (tenant_id, kind, grain, bucket, unit_id, key, n, done_n, on_time_n, days_sum, inv_plan, inv_done)
      select tenant_id, 'state', grain, bucket, 0, key, sum(n), sum(done_n), sum(on_time_n), sum(days_sum), sum(inv_plan), sum(inv_done)
      from delta
      group by tenant_id, grain, bucket, key
      having sum(n) <> 0 or sum(done_n) <> 0 or sum(on_time_n) <> 0 or sum(days_sum) <> 0 or sum(inv_plan) <> 0 or sum(inv_done) <> 0
      order by tenant_id, grain, bucket, key
      on conflict (tenant_id, kind, grain, bucket, unit_id, key) do update set
        n = c.n + excluded.n, done_n = c.done_n + excluded.done_n, on_time_n = c.on_time_n + excluded.on_time_n,
        days_sum = c.days_sum + excluded.days_sum, inv_plan = c.inv_plan + excluded.inv_plan, inv_done = c.inv_done + excluded.inv_done;
      return null;
    end $fn$`.execute(db);
  await sql`
    create trigger matters_cockpit_colour after update on matters
    referencing old table as old_rows new table as new_rows
    for each statement execute function cockpit_colour_moves()`.execute(db);

  // A warning colour in colour_history counts its matter once per week as warned: per statement too.
  await sql`drop trigger colour_history_cockpit on colour_history`.execute(db);
  await sql`
    create function cockpit_colour_warned() returns trigger language plpgsql as $fn$
    begin
      with added as (
        insert into cockpit_warned (matter_id, week)
        select distinct h.matter_id, date_trunc('week', (h.at at time zone 'Asia/Shanghai'))::date
        from new_rows h where h.to_colour in ('yellow', 'blue', 'red')
        order by 1, 2
        on conflict do nothing
        returning matter_id, week
      ), counted as (
        select m.tenant_id, a.week, m.lead_unit_id as unit_id, coalesce(m.lead_leader_id, 0) as leader_id, count(*)::integer as c
        from added a join matters m on m.id = a.matter_id
        group by 1, 2, 3, 4
      ), per_leader as (
        insert into cockpit_weekly as w (tenant_id, week, unit_id, leader_id, new_n, closed_n, warned_n)
        select tenant_id, week, unit_id, leader_id, 0, 0, c from counted order by 1, 2, 3, 4
        on conflict (tenant_id, week, unit_id, leader_id) do update set warned_n = w.warned_n + excluded.warned_n
      )
      insert into cockpit_weekly_totals as t (tenant_id, week, new_n, closed_n, warned_n)
      select tenant_id, week, 0, 0, sum(c) from counted group by 1, 2 order by 1, 2
      on conflict (tenant_id, week) do update set warned_n = t.warned_n + excluded.warned_n;
      return null;
    end $fn$`.execute(db);
  await sql`
    create trigger colour_history_cockpit after insert on colour_history
    referencing new table as new_rows
    for each statement execute function cockpit_colour_warned()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
