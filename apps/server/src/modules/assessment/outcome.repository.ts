import { closingDate, missedReports, REPORT_CADENCE_WORKDAYS, shanghaiDate, type MatterSource, type MatterStatus, type OutcomeEvent, type Period, type WorkCalendar } from '@duban/shared';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { closedMatter, openMatter } from '../matters/matter-status.sql';

type Conn = Kysely<DB> | Transaction<DB>;

/** A matter as assessment reads it: its facts, units and people, and the events that count, per unit. */
export type MatterFacts = {
  id: number;
  number: string;
  source: MatterSource;
  difficulty: number;
  workload: number;
  deadline: string;
  status: MatterStatus;
  closedAt: Date | null;
  leaderId: number | null;
  units: { unitId: number; role: 'lead' | 'co'; headIds: number[]; handlerIds: number[] }[];
  /** Events of the matter as a whole (red warnings, the rating). */
  shared: OutcomeEvent[];
  /** Returned completions per unit (a return naming no unit counts for every unit). */
  returns: { unitId: number | null; event: OutcomeEvent }[];
};

const dayAfter = (d: string) => sql<Date>`(${d}::date + 1)::timestamp at time zone 'Asia/Shanghai'`;
const dayStart = (d: string) => sql<Date>`${d}::date::timestamp at time zone 'Asia/Shanghai'`;
/** An instant column's Asia/Shanghai date as 'YYYY-MM-DD' (shanghaiDate in SQL: no Date per row to parse and format). */
const dateOf = (column: string) => sql<string>`(${sql.ref(column)} at time zone 'Asia/Shanghai')::date`;

/** Groups rows by a key, keeping their order (one pass instead of a filter per matter). */
function byKey<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * Matters that can score in the period: open or closed (matter-facts' sets: neither 立项 nor 撤销), started by its end, and open at its
 * start or closed / changed within it (a rating after the closure counts in the period it was given).
 */
function scoringMatters(db: Conn, tenantId: number, p: Period) {
  return db
    .selectFrom('matters')
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`(${openMatter(null)} or ${closedMatter(null)})`)
    .where('start_date', '<=', p.to)
    .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', dayStart(p.from)), eb('updated_at', '>=', dayStart(p.from))]));
}

/**
 * The facts of the period's scoring matters with ids after `after`, at most `limit` of them, in id order (a
 * recompute reads a large quarter chunk by chunk; the next chunk starts after the last id of this one).
 */
export async function loadMatterFacts(db: Conn, tenantId: number, p: Period, cal: WorkCalendar, today: string, after = 0, limit = 1_000_000_000): Promise<MatterFacts[]> {
  const matters = await scoringMatters(db, tenantId, p)
    .select(['id', 'number', 'source', 'difficulty', 'workload', 'deadline', 'status', 'closed_at', 'lead_leader_id', 'report_cadence', 'assigned_at', 'start_date'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  if (!matters.length) return [];
  // The chunk's ids as one array parameter (a list would pass PostgreSQL's 65,535 parameters in a large chunk), written
  // out once as an array literal for the statements that take it (node-postgres would escape each id per statement).
  const idList = `{${matters.map((m) => m.id).join(',')}}`;
  const ids = sql<number>`any(${idList}::int[])`;
  const scheduled = sql<number>`any(${`{${matters.flatMap((m) => (m.report_cadence !== 'none' ? [m.id] : [])).join(',')}}`}::int[])`;
  const [units, handlers, red, returns, ratings, reports, disputes] = await Promise.all([
    db.selectFrom('matter_units').select(['matter_id', 'unit_id', 'role']).where('tenant_id', '=', tenantId).where('matter_id', '=', ids).orderBy('id').execute(),
    db.selectFrom('matter_handlers').select(['matter_id', 'unit_id', 'person_id']).where('tenant_id', '=', tenantId).where('matter_id', '=', ids).orderBy('person_id').execute(),
    db
      .selectFrom('colour_history')
      .select(['id', 'matter_id', dateOf('at').as('on'), 'reasons'])
      .where('tenant_id', '=', tenantId)
      .where('matter_id', '=', ids)
      .where('to_colour', '=', 'red')
      .where((eb) => eb.or([eb('from_colour', 'is', null), eb('from_colour', '!=', 'red')]))
      .where('at', '>=', dayStart(p.from))
      .where('at', '<', dayAfter(p.to))
      .orderBy('id')
      .execute(),
    db
      .selectFrom('completion_requests')
      .select(['id', 'matter_id', 'unit_id', dateOf('decided_at').as('on')])
      .where('tenant_id', '=', tenantId)
      .where('matter_id', '=', ids)
      .where('status', '=', 'returned')
      .where('decided_at', '>=', dayStart(p.from))
      .where('decided_at', '<', dayAfter(p.to))
      .orderBy('id')
      .execute(),
    // The rating in force: the last 'matter.rate' of each matter.
    db
      .selectFrom('trace')
      .select(['seq', 'entity_id', 'at', 'after'])
      .where('tenant_id', '=', tenantId)
      .where('action', '=', 'matter.rate')
      .where('entity_type', '=', 'matter')
      .where('entity_id', '=', sql<string>`any(${idList}::text[])`)
      .orderBy('seq')
      .execute(),
    // Reports made, for the missed-report schedule (a scheduled matter only): those in the period and the last one
    // before it, which is all the schedule below looks at (every report restarts it), not a matter's whole history.
    db
      .selectFrom('progress_reports')
      .select(['matter_id', dateOf('created_at').as('on')])
      .where('tenant_id', '=', tenantId)
      .where('matter_id', '=', scheduled)
      .where('created_at', '>=', dayStart(p.from))
      .where('created_at', '<', dayAfter(p.to))
      .unionAll(
        db
          .selectFrom('progress_reports')
          .select(['matter_id', sql<string>`(max(created_at) at time zone 'Asia/Shanghai')::date`.as('on')])
          .where('tenant_id', '=', tenantId)
          .where('matter_id', '=', scheduled)
          .where('created_at', '<', dayStart(p.from))
          .groupBy('matter_id'),
      )
      .execute(),
    // Field inspections whose finding disputed the reports.
    db
      .selectFrom('inspections')
      .select(['id', 'matter_id', dateOf('inspected_at').as('on')])
      .where('tenant_id', '=', tenantId)
      .where('matter_id', '=', ids)
      .where('finding', '=', 'disputes')
      .where('inspected_at', '>=', dayStart(p.from))
      .where('inspected_at', '<', dayAfter(p.to))
      .orderBy('id')
      .execute(),
  ]);
  const unitIds = [...new Set(units.map((u) => u.unit_id))];
  const heads = unitIds.length
    ? await db.selectFrom('people').select(['id', 'unit_id']).where('tenant_id', '=', tenantId).where('unit_id', 'in', unitIds).where('is_unit_head', '=', true).where('active', '=', true).orderBy('id').execute()
    : [];
  const lastRating = new Map<number, OutcomeEvent>();
  for (const r of ratings) {
    const stars = r.after && typeof r.after === 'object' && 'rating' in r.after ? Number(r.after.rating) : NaN;
    if (Number.isFinite(stars)) lastRating.set(Number(r.entity_id), { seq: r.seq, kind: 'rated', on: shanghaiDate(r.at), stars });
  }
  const unitsOf = byKey(units, (u) => u.matter_id);
  const handlersOf = byKey(handlers, (h) => `${h.matter_id}:${h.unit_id}`);
  const headsOf = byKey(heads, (h) => h.unit_id);
  const redOf = byKey(red, (r) => r.matter_id);
  const returnsOf = byKey(returns, (r) => r.matter_id);
  const reportsOf = byKey(reports, (r) => r.matter_id);
  const disputesOf = byKey(disputes, (d) => d.matter_id);
  return matters.map((m) => {
    const rating = lastRating.get(m.id);
    const shared: OutcomeEvent[] = (redOf.get(m.id) ?? []).map((r): OutcomeEvent => ({ seq: r.id, kind: 'turned_red', on: r.on, own: (r.reasons ?? []).some((x) => x.colour === 'red') }));
    if (rating) shared.push(rating);
    // Missed reports are derived: the cadence against the reports made, up to the closure or today.
    const every = REPORT_CADENCE_WORKDAYS[m.report_cadence];
    if (every > 0) {
      const closed = closingDate({ status: m.status, closedAt: m.closed_at });
      const end = closed && closed < today ? closed : today;
      const assigned = m.assigned_at ? shanghaiDate(m.assigned_at) : m.start_date;
      const made = (reportsOf.get(m.id) ?? []).map((r) => r.on);
      // Every report restarts the schedule, so the dues from the period on follow from the last report before it:
      // the walk starts there (a few steps a quarter) instead of at the assignment, years back for an old matter.
      // `made` holds only that report and the period's (the query above); a last report on or before the assignment
      // day starts nothing, as the walk from the assignment passes over it, so before is null then as with every report.
      const before = made.filter((d) => d > assigned && d < p.from).reduce<string | null>((a, d) => (a === null || d > a ? d : a), null);
      const start = before ?? assigned;
      const after = before === null ? made : made.filter((d) => d > before);
      for (const due of missedReports(cal, start, after, every, end)) if (due >= p.from && due <= p.to) shared.push({ seq: 0, kind: 'missed_report', on: due });
    }
    for (const d of disputesOf.get(m.id) ?? []) shared.push({ seq: d.id, kind: 'disputed_inspection', on: d.on });
    return {
      id: m.id,
      number: m.number,
      source: m.source,
      difficulty: m.difficulty,
      workload: m.workload,
      deadline: m.deadline,
      status: m.status,
      closedAt: m.closed_at,
      leaderId: m.lead_leader_id,
      shared,
      units: (unitsOf.get(m.id) ?? []).map((u) => ({
        unitId: u.unit_id,
        role: u.role,
        headIds: (headsOf.get(u.unit_id) ?? []).map((h) => h.id),
        handlerIds: (handlersOf.get(`${m.id}:${u.unit_id}`) ?? []).map((h) => h.person_id),
      })),
      // decided_at is set on every row read (the query bounds it), so `on` is never null here.
      returns: (returnsOf.get(m.id) ?? []).flatMap((r) => (r.on ? [{ unitId: r.unit_id, event: { seq: r.id, kind: 'returned' as const, on: r.on } }] : [])),
    };
  });
}
