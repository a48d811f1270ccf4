// The ceiling of a quarter's recompute: one set-based statement over the same event rows the recompute reads
// (the period's scoring matters, their units, heads, handlers and lead leader, red warnings, returned completions,
// reports, disputed inspections) that scores each matter, shares it out to its carriers, sums per subject and
// ranks within each peer group — what PostgreSQL alone takes to aggregate that data, with no rule book, no
// explanation per line and nothing written.
export const QUARTER_AGGREGATE_SQL = `
with m as materialized (
  select id, lead_leader_id as leader, difficulty * workload as weight, deadline, closed_at, report_cadence
  from matters
  where tenant_id = $1 and status not in ('registered', 'cancelled') and start_date <= $3::date
    and (closed_at is null or closed_at >= $2::date::timestamp at time zone 'Asia/Shanghai' or updated_at >= $2::date::timestamp at time zone 'Asia/Shanghai')
), ev as (
  select matter_id, count(*) * -1.0 as pts from colour_history
  where tenant_id = $1 and matter_id in (select id from m) and to_colour = 'red' and (from_colour is null or from_colour <> 'red')
    and at >= $2::date::timestamp at time zone 'Asia/Shanghai' and at < ($3::date + 1)::timestamp at time zone 'Asia/Shanghai' group by matter_id
  union all
  select matter_id, count(*) * -1.0 from completion_requests
  where tenant_id = $1 and matter_id in (select id from m) and status = 'returned'
    and decided_at >= $2::date::timestamp at time zone 'Asia/Shanghai' and decided_at < ($3::date + 1)::timestamp at time zone 'Asia/Shanghai' group by matter_id
  union all
  select matter_id, count(*) * 0.1 from progress_reports
  where tenant_id = $1 and matter_id in (select id from m where report_cadence <> 'none') and created_at < ($3::date + 1)::timestamp at time zone 'Asia/Shanghai' group by matter_id
  union all
  select matter_id, count(*) * -1.0 from inspections
  where tenant_id = $1 and matter_id in (select id from m) and finding = 'disputes'
    and inspected_at >= $2::date::timestamp at time zone 'Asia/Shanghai' and inspected_at < ($3::date + 1)::timestamp at time zone 'Asia/Shanghai' group by matter_id
), scored as (
  select m.id, m.leader,
    case when m.closed_at is not null and m.closed_at >= $2::date::timestamp at time zone 'Asia/Shanghai' and (m.closed_at at time zone 'Asia/Shanghai')::date <= m.deadline then 2 * m.weight else 0 end
    - 0.5 * least(10, greatest(0, least(coalesce((m.closed_at at time zone 'Asia/Shanghai')::date, $3::date), $3::date) - greatest(m.deadline, $2::date)))
    + coalesce(e.pts, 0) as pts
  from m left join (select matter_id, sum(pts) as pts from ev group by matter_id) e on e.matter_id = m.id
), carried as (
  select 'unit' as t, mu.unit_id as id, s.id as matter, s.pts * case mu.role when 'lead' then 1 else 0.5 end as pts
  from scored s join matter_units mu on mu.tenant_id = $1 and mu.matter_id = s.id
  union all
  select 'person', p.id, s.id, s.pts * 0.3 from scored s join matter_units mu on mu.tenant_id = $1 and mu.matter_id = s.id
    join people p on p.tenant_id = $1 and p.unit_id = mu.unit_id and p.is_unit_head and p.active
  union all
  select 'person', h.person_id, s.id, s.pts * 0.5 from scored s join matter_handlers h on h.tenant_id = $1 and h.matter_id = s.id
  union all
  select 'person', s.leader, s.id, s.pts * 0.2 from scored s where s.leader is not null
), totals as (
  select c.t, c.id, sum(c.pts) as total, count(distinct c.matter) as matters from carried c group by c.t, c.id
)
select t, id, total, matters, rank() over (partition by t order by total desc) as rank from totals`;
