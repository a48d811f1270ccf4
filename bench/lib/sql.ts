/** Matters the sweep looks at (open, assigned to units). */
export const OPEN = `('assigned', 'in_progress', 'completion_requested')`;

/**
 * The ceiling for the sweep: one set-based statement that classifies open matters (red past the
 * deadline, blue without a report for 7 days, yellow lagging the linear plan by over 10 points),
 * writes the colours that changed and their history, owes reminders in the outbox, and clears the
 * dirty marks it looked at. `all` looks at every open matter (full reclassification); `dirty` only at
 * those marked since the last sweep (the sweep's candidates). Run with `set local duban.sweep = 'on'`,
 * as the sweep does, so its own colour writes do not mark the matters again.
 * Simpler than the real rules (no working days, milestones or per-tenant thresholds): a floor, not a twin.
 */
/** Wipes every open matter's stored colour, so the next classification changes them all (and owes their reminders). */
export const WIPE_COLOURS_SQL = `update matters set colour = null, colour_reasons = '[]', colour_since = null where status in ${OPEN}`;

/** About 1.4% of the green matters in progress stop reporting at $1 (those with id % 70 = $2): their facts change. */
export const STOP_REPORTING_SQL = `update matters set last_report_at = $1::timestamptz - interval '10 days', last_progress_at = $1::timestamptz - interval '10 days'
  where status = 'in_progress' and colour = 'green' and id % 70 = $2`;

export function sweepStatement(at: string, today: string, scope: 'all' | 'dirty'): string {
  return `
with cls as (
  select m.id, m.tenant_id, m.colour as old,
    case when m.deadline < date '${today}' then 'red'
         when coalesce(m.last_report_at, m.assigned_at) < timestamptz '${at}' - interval '7 days' then 'blue'
         when m.progress < least(100, greatest(0, 100.0 * (date '${today}' - m.start_date) / greatest(m.deadline - m.start_date, 1))) - 10 then 'yellow'
         else 'green' end as new
  from matters m where m.status in ${OPEN}${scope === 'dirty' ? ' and m.id in (select matter_id from matter_dirty)' : ''}
), cleared as (
  delete from matter_dirty d using cls where d.matter_id = cls.id
), changed as (
  update matters m set colour = c.new, colour_since = timestamptz '${at}', colour_checked_at = timestamptz '${at}'
  from cls c where m.id = c.id and c.new is distinct from c.old
  returning m.id, m.tenant_id, c.old, c.new, m.title
), hist as (
  insert into colour_history (tenant_id, matter_id, from_colour, to_colour, at)
  select tenant_id, id, old, new, timestamptz '${at}' from changed
), owed as (
  insert into outbox (tenant_id, kind, event_key, matter_id, title, body, created_at)
  select tenant_id, 'bench.sweep', 'bench-sweep:' || id || ':' || new || ':' || clock_timestamp(), id, title, '预警', timestamptz '${at}'
  from changed where new <> 'green'
  returning id, tenant_id, matter_id
)
insert into outbox_recipients (outbox_id, tenant_id, person_id)
select o.id, o.tenant_id, h.person_id from owed o join matter_handlers h on h.matter_id = o.matter_id`;
}

/** The ledger's first page with its total, straight from SQL: the floor for GET /api/matters with the same filter. */
export const LEDGER_SQL = [
  `select m.id, m.number, m.title, m.status, m.colour, m.progress, m.deadline, m.start_date, m.source, m.priority,
     u.name as lead_unit, c.name as category, p.name as leader
   from matters m join units u on u.id = m.lead_unit_id left join categories c on c.id = m.category_id left join people p on p.id = m.lead_leader_id
   where m.tenant_id = $1 and m.status in ${OPEN} and m.colour = $2
   order by m.deadline, m.id limit 20`,
  `select count(*) from matters m where m.tenant_id = $1 and m.status in ${OPEN} and m.colour = $2`,
];

/** A matter page straight from SQL: the matter, its units, reports, milestones. */
export const MATTER_SQL = [
  `select m.*, u.name as lead_unit from matters m join units u on u.id = m.lead_unit_id where m.id = $1`,
  `select mu.*, u.name from matter_units mu join units u on u.id = mu.unit_id where mu.matter_id = $1`,
  `select * from progress_reports where matter_id = $1 order by created_at desc limit 50`,
  `select * from milestones where matter_id = $1 order by due_date`,
];
