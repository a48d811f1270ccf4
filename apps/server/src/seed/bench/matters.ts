import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { DEMO_UNITS } from '../demo-org';
import { pickSql, rnd } from './sql-random';
import { ACTIONS, CANCEL_REASONS, OBJECTS, PLACES, PROBLEMS, SENTENCES } from './words';

/** Units that carry matters per tenant (every unit but the leaders' office). */
export const UNITS_PER_TENANT = DEMO_UNITS.length - 1;

/** The moment the generated history leads up to: "now" for colours, overdue days and report ages. */
export type BenchClock = { today: string; now: string };

const R = (salt: number) => rnd('h', salt);

/**
 * One tenant's matters, set-based: open ones in every state and colour (consistent with the rules:
 * red past the deadline, blue without a report for over a week, yellow lagging the planned progress),
 * closed ones spread over the past three years. Children (units, reports, …) are made from these rows.
 */
export async function generateMatters(conn: Kysely<DB>, tenantId: number, clock: BenchClock): Promise<void> {
  await sql.raw(mattersSql(tenantId, clock)).execute(conn);
}

/** The INSERT … SELECT that makes one tenant's matters. */
export function mattersSql(tenantId: number, clock: BenchClock): string {
  const T = `date '${clock.today}'`;
  const NOW = `timestamptz '${clock.now}'`;
  const at = (dateExpr: string, hours: string) => `((${dateExpr})::timestamp + (${hours}) * interval '1 hour') at time zone 'Asia/Shanghai'`;
  return `
insert into matters (tenant_id, year, seq, number, title, content, source, source_doc, category_id, lead_leader_id, lead_unit_id,
  start_date, deadline, original_deadline, deadline_workdays, report_cadence, priority, difficulty, workload, weight, status, progress,
  investment_plan, investment_done, assigned_at, last_report_at, last_progress_at, completion_requested_at, closed_at, archived_at,
  cancelled_at, cancel_reason, return_count, rating, colour, colour_reasons, colour_since, colour_checked_at, created_by, created_at, updated_at, version)
with b as materialized (
  select t.tenant_id, t.doc_prefix, t.supervisor_account_id, g.i, (t.tenant_id::bigint << 32) + g.i as h, g.i < t.n_open as open
  from bench_tenants t, generate_series(0, t.n_open + t.n_closed - 1) as g(i) where t.tenant_id = ${tenantId}
), s as materialized (
  select b.*,
    case when open then case when ${R(1)} < 0.03 then 'registered' when ${R(1)} < 0.08 then 'assigned' when ${R(1)} < 0.92 then 'in_progress' else 'completion_requested' end
    else case when ${R(1)} < 0.70 then 'closed' when ${R(1)} < 0.97 then 'archived' else 'cancelled' end end as status,
    ${R(2)} as rc,
    (60 + floor(${R(3)} * 300))::int as dur,
    (1 + floor(${R(5)} * 60))::int as overdue,
    (30 + floor(${R(6)} * 1020))::int as closed_ago,
    case when ${R(8)} < 0.15 then 'superior' when ${R(8)} < 0.30 then 'leader_instruction' when ${R(8)} < 0.45 then 'key_work'
      when ${R(8)} < 0.52 then 'major_project' when ${R(8)} < 0.67 then 'meeting' when ${R(8)} < 0.82 then 'citizen'
      when ${R(8)} < 0.90 then 'npc_cppcc' when ${R(8)} < 0.96 then 'grid' else 'rectification' end as source
  from b
), c as materialized (
  select s.*,
    case when not open or status = 'registered' then null when status = 'assigned' then 'green'
      when rc < 0.08 then 'red' when status = 'completion_requested' then 'green'
      when rc < 0.16 then 'blue' when rc < 0.30 then 'yellow' else 'green' end as colour
  from s
), d as materialized (
  select c.*,
    case when not open then ${T} - closed_ago - dur
      when colour = 'red' then ${T} - overdue - dur
      when status in ('registered', 'assigned') then ${T} - floor(${R(7)} * 6)::int
      when colour = 'yellow' then ${T} - round((0.4 + ${R(4)} * 0.5) * dur)::int
      when colour = 'blue' then ${T} - round((0.3 + ${R(4)} * 0.6) * dur)::int
      else ${T} - round((0.05 + ${R(4)} * 0.85) * dur)::int end as start_date
  from c
), e as materialized (
  select d.*, start_date + dur as deadline, ${T} - start_date as elapsed,
    least(100, greatest(0, 100.0 * (${T} - start_date) / dur)) as planned,
    ${at('start_date', `9 + ${R(9)} * 8`)} as assigned_ts,
    case when not open then ${at(`start_date + dur - floor(${R(10)} * dur * 0.3)::int + case when ${R(11)} < 0.15 then 1 + floor(${R(12)} * 29)::int else 0 end`, `9 + ${R(13)} * 8`)} end as closed_ts
  from d
), f as materialized (
  select e.*,
    round(case when status in ('registered', 'assigned') then 0 when status in ('completion_requested', 'closed', 'archived') then 100
      when status = 'cancelled' then floor(${R(14)} * 60)
      when colour = 'red' then 20 + ${R(15)} * 70
      when colour = 'blue' then greatest(0, planned - ${R(15)} * 8)
      when colour = 'yellow' then greatest(0, planned - 15 - ${R(15)} * 25)
      else least(100, greatest(0, planned - 5 + ${R(15)} * 15)) end) as progress,
    case when status in ('registered', 'assigned') then null
      when status in ('closed', 'archived') then closed_ts - (${R(16)} * 72) * interval '1 hour'
      when status = 'cancelled' then null
      when colour = 'blue' then ${NOW} - (8 + floor(${R(16)} * greatest(elapsed - 9, 1))) * interval '1 day' - ${R(17)} * interval '8 hours'
      when colour = 'red' then ${NOW} - least(20, elapsed - 1) * ${R(16)} * interval '1 day'
      else ${NOW} - least(5, elapsed - 0.5) * ${R(16)} * interval '1 day' end as last_report
  from e
)
select tenant_id, extract(year from start_date)::int,
  row_number() over (partition by extract(year from start_date) order by i),
  doc_prefix || '〔' || extract(year from start_date)::int || '〕' || row_number() over (partition by extract(year from start_date) order by i) || '号',
  case source
    when 'citizen' then '关于' || ${pickSql(PLACES, 'h', 20)} || '群众反映' || ${pickSql(PROBLEMS, 'h', 21)} || '问题的办理'
    when 'grid' then ${pickSql(PLACES, 'h', 20)} || '网格上报' || ${pickSql(PROBLEMS, 'h', 21)} || '问题'
    when 'rectification' then ${pickSql(PLACES, 'h', 20)} || ${pickSql(PROBLEMS, 'h', 21)} || '专项整改'
    when 'npc_cppcc' then '关于' || ${pickSql(PLACES, 'h', 20)} || ${pickSql(OBJECTS, 'h', 22)} || '的建议办理'
    else ${pickSql(ACTIONS, 'h', 23)} || ${pickSql(PLACES, 'h', 20)} || ${pickSql(OBJECTS, 'h', 22)} || (array['项目', '工作', ''])[1 + floor(${R(24)} * 3)::int] end,
  '针对' || ${pickSql(PLACES, 'h', 20)} || ${pickSql(OBJECTS, 'h', 22)} || '，' || ${pickSql(SENTENCES, 'h', 25)} || ${pickSql(SENTENCES, 'h', 26)},
  source,
  case source when 'superior' then '郑政督〔' || extract(year from start_date)::int || '〕' || (1 + floor(${R(27)} * 200)::int) || '号'
    when 'leader_instruction' then '领导批示件第' || (1 + floor(${R(27)} * 900)::int) || '号'
    when 'npc_cppcc' then '人大建议第' || (1 + floor(${R(27)} * 300)::int) || '号'
    when 'meeting' then '第' || (1 + floor(${R(27)} * 52)::int) || '次督查例会纪要' end,
  (select category_id from bench_categories bc where bc.tenant_id = f.tenant_id and bc.k = case when source = 'major_project' then 1 else floor(${R(28)} * 10)::int end),
  case when ${R(29)} < 0.7 then (select person_id from bench_leaders bl where bl.tenant_id = f.tenant_id and bl.k = 2 + floor(${R(30)} * 11)::int) end,
  (select unit_id from bench_units bu where bu.tenant_id = f.tenant_id and bu.k = floor(${R(31)} * ${UNITS_PER_TENANT})::int),
  start_date, deadline,
  case when ${R(32)} < 0.05 and status not in ('registered', 'cancelled') then deadline - (15 + floor(${R(33)} * 30)::int) else deadline end,
  case when ${R(34)} < 0.3 then (dur * 5 / 7) end,
  case when ${R(35)} < 0.6 then 'weekly' when ${R(35)} < 0.8 then 'biweekly' when ${R(35)} < 0.95 then 'monthly' else 'none' end,
  case when ${R(36)} < 0.7 then 'normal' when ${R(36)} < 0.92 then 'high' else 'urgent' end,
  round((0.8 + ${R(37)} * 0.7)::numeric, 1), round((0.8 + ${R(38)} * 1.2)::numeric, 1), round(((0.8 + ${R(37)} * 0.7) * (0.8 + ${R(38)} * 1.2))::numeric, 2),
  status, progress,
  case when source = 'major_project' then round((1000 + ${R(39)} * 99000)::numeric, 2) end,
  case when source = 'major_project' then round(((1000 + ${R(39)} * 99000) * progress / 100)::numeric, 2) end,
  case when status <> 'registered' then assigned_ts end,
  last_report, last_report,
  case when status = 'completion_requested' then last_report when status in ('closed', 'archived') then closed_ts - interval '2 days' end,
  case when status in ('closed', 'archived') then closed_ts end,
  case when status = 'archived' then greatest(closed_ts, least(closed_ts + interval '30 days', ${NOW} - interval '1 day')) end,
  case when status = 'cancelled' then ${at(`start_date + floor(dur * 0.5 * ${R(40)})::int`, '10')} end,
  case when status = 'cancelled' then ${pickSql(CANCEL_REASONS, 'h', 41)} end,
  case when ${R(42)} < 0.05 and status in ('in_progress', 'closed', 'archived') then 1 else 0 end,
  case when status in ('closed', 'archived') then (3 + floor(${R(43)} * 3))::smallint end,
  colour,
  case colour
    when 'red' then jsonb_build_array(jsonb_build_object('code', 'overdue', 'colour', 'red', 'text', '已逾期 ' || overdue || ' 天（时限 ' || deadline || '）', 'deadline', deadline, 'overdueDays', overdue))
    when 'blue' then jsonb_build_array(jsonb_build_object('code', 'no_report', 'colour', 'blue', 'text', '已 ' || extract(day from ${NOW} - last_report)::int || ' 天未汇报进度', 'days', extract(day from ${NOW} - last_report)::int, 'stallDays', 7))
    when 'yellow' then jsonb_build_array(jsonb_build_object('code', 'lagging', 'colour', 'yellow', 'text', '进度滞后', 'plannedProgress', round(planned), 'progress', progress, 'gap', round(planned) - progress, 'lagTolerance', 10))
    when 'green' then '[]'::jsonb end,
  case colour when 'green' then assigned_ts when 'red' then ${at('deadline + 1', '0')}
    when 'blue' then last_report + interval '7 days' when 'yellow' then greatest(assigned_ts, ${NOW} - ${R(44)} * interval '10 days') end,
  case when colour is not null then ${NOW} - interval '1 hour' end,
  supervisor_account_id,
  ${at('start_date - floor(' + R(45) + ' * 3)::int', `9 + ${R(46)} * 8`)},
  coalesce(last_report, ${at('start_date', '9')}),
  1 + floor(${R(47)} * 5)::int
from f
order by i`;
}
