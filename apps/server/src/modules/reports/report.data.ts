import { closedOnTime, daysBetween, isClosedMatter, isOverdue, isUnfinishedMatter, MATTER_CLOSED_STATUSES, MATTER_OPEN_STATUSES, shanghaiDate, type DateRange, type ReportFigures, type ReportMatter } from '@duban/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { systemActor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { overdueMatter } from '../matters/matter-status.sql';
import { instantsOf } from '../cockpit/cockpit.scope';
import { cockpitFigures } from '../cockpit/cockpit.service';
import { meetingFigures } from '../meetings/meeting.report';

const WARN_COLOURS = ['yellow', 'blue', 'red'] as const;

function matterRefs(db: Kysely<DB>, tenantId: number) {
  return db
    .selectFrom('matters as m')
    .innerJoin('units as u', 'u.id', 'm.lead_unit_id')
    .leftJoin('people as p', 'p.id', 'm.lead_leader_id')
    .where('m.tenant_id', '=', tenantId)
    .select(['m.id', 'm.number', 'm.title', 'm.status', 'm.colour', 'm.progress', 'm.deadline', 'm.created_at', 'm.closed_at', 'u.name as unit_name', 'p.name as leader_name']);
}
type RefRow = Awaited<ReturnType<ReturnType<typeof matterRefs>['execute']>>[number];

/** Everything a 督查周报 for the range reports, as of `now`: new, closed, warned and overdue matters, the league table. */
export async function weeklyFigures(deps: Deps, tenantId: number, range: DateRange): Promise<ReportFigures> {
  const db = deps.db;
  const { start, end } = instantsOf(range);
  const [created, closed, warned, overdue, year, meetings] = await Promise.all([
    matterRefs(db, tenantId).where('m.created_at', '>=', start).where('m.created_at', '<', end).orderBy('m.created_at').execute(),
    matterRefs(db, tenantId).where('m.closed_at', '>=', start).where('m.closed_at', '<', end).where('m.status', 'in', MATTER_CLOSED_STATUSES).orderBy('m.closed_at').execute(),
    db
      .selectFrom('colour_history')
      .where('tenant_id', '=', tenantId)
      .where('at', '>=', start)
      .where('at', '<', end)
      .where('to_colour', 'in', WARN_COLOURS)
      .select(['matter_id', 'to_colour', 'at'])
      .orderBy('at')
      .execute(),
    // Overdue at the end of the range: still open, deadline (inclusive) before its last day.
    matterRefs(db, tenantId).where(overdueMatter(range.to)).orderBy('m.deadline').orderBy('m.id').execute(),
    cockpitFigures(deps, systemActor(tenantId), { period: 'custom', from: `${range.to.slice(0, 4)}-01-01`, to: range.to }),
    meetingFigures(db, tenantId, range),
  ]);
  const warningsAtEnd = await warningsAt(db, tenantId, end);
  // The colour a matter last turned to within the range.
  const lastWarn = new Map<number, string>();
  for (const w of warned) if (w.to_colour) lastWarn.set(w.matter_id, w.to_colour);
  const warnedRows = lastWarn.size ? await matterRefs(db, tenantId).where('m.id', 'in', [...lastWarn.keys()]).orderBy('m.id').execute() : [];

  const cited = new Map<number, ReportMatter>();
  const cite = (rows: RefRow[], tag: string) => {
    for (const r of rows) {
      const m = cited.get(r.id) ?? toRef(r, range.to);
      if (!m.tags.includes(tag)) m.tags.push(tag);
      cited.set(r.id, m);
    }
  };
  cite(created, '新增');
  cite(closed, '办结');
  cite(warnedRows, '预警');
  cite(overdue, '逾期');
  const warnings = { yellow: 0, blue: 0, red: 0 };
  for (const c of lastWarn.values()) if (c === 'yellow' || c === 'blue' || c === 'red') warnings[c] += 1;
  const onTime = closed.filter((m) => closedOnTime({ status: m.status, closedAt: m.closed_at, deadline: m.deadline })).length;

  return {
    from: range.from,
    to: range.to,
    generatedAt: deps.clock.now().toISOString(),
    newCount: created.length,
    closedCount: closed.length,
    closedOnTime: onTime,
    yearCompletionRate: year.totals.completionRate,
    yearOnTimeRate: year.totals.onTimeRate,
    yearAll: year.totals.all.n,
    openCount: year.totals.open.n,
    warnings,
    warningsAtEnd,
    overdueCount: overdue.length,
    league: year.units.map((u) => ({ unitName: u.unitName, all: u.all.n, done: u.done.n, onTime: u.onTime.n, overdue: u.overdue.n, completionRate: u.completionRate })),
    inspections: null,
    matters: [...cited.values()],
    meetings,
  };
}

/**
 * How many matters were in warning at `end`, by colour: each open matter's last colour change before
 * `end` (the colour history the sweep writes), or its current colour when it has no history.
 */
async function warningsAt(db: Kysely<DB>, tenantId: number, end: Date): Promise<ReportFigures['warnings']> {
  const rows = await db
    .selectFrom('matters as m')
    .where('m.tenant_id', '=', tenantId)
    .where('m.created_at', '<', end)
    // Open on the last day: open now, or closed / cancelled only after the period.
    .where((eb) => eb.or([eb('m.status', 'in', MATTER_OPEN_STATUSES), eb('m.closed_at', '>=', end), eb('m.cancelled_at', '>=', end)]))
    .select((eb) => [
      eb
        .fn.coalesce(
          eb.selectFrom('colour_history as h').whereRef('h.matter_id', '=', 'm.id').where('h.at', '<', end).select('h.to_colour').orderBy('h.at', 'desc').orderBy('h.id', 'desc').limit(1),
          eb.case().when(eb.exists(eb.selectFrom('colour_history as h2').whereRef('h2.matter_id', '=', 'm.id').select('h2.id'))).then(null).else(eb.ref('m.colour')).end(),
        )
        .as('colour'),
    ])
    .execute();
  const out = { yellow: 0, blue: 0, red: 0 };
  for (const r of rows) if (r.colour === 'yellow' || r.colour === 'blue' || r.colour === 'red') out[r.colour] += 1;
  return out;
}

/** The figures of a 《督促检查情况》 report: the campaign's inspections and the matters they visited. */
export async function inspectionFigures(deps: Deps, tenantId: number, campaignId: number): Promise<{ figures: ReportFigures; name: string; range: DateRange } | null> {
  const db = deps.db;
  const campaign = await db.selectFrom('inspection_campaigns').where('tenant_id', '=', tenantId).where('id', '=', campaignId).selectAll().executeTakeFirst();
  if (!campaign) return null;
  const rows = await db
    .selectFrom('inspections as i')
    .innerJoin('matters as m', 'm.id', 'i.matter_id')
    .innerJoin('units as u', 'u.id', 'm.lead_unit_id')
    .where('i.tenant_id', '=', tenantId)
    .where('i.campaign_id', '=', campaignId)
    .select(['i.inspected_at', 'i.finding', 'i.location', 'i.notes', 'i.unannounced', 'i.matter_id', 'm.number', 'm.title', 'u.name as unit_name'])
    .orderBy('i.inspected_at')
    .execute();
  const today = shanghaiDate(deps.clock.now());
  const dates = rows.map((r) => shanghaiDate(r.inspected_at)).sort();
  const range = { from: campaign.start_date ?? dates[0] ?? today, to: campaign.end_date ?? dates.at(-1) ?? today };
  const ids = [...new Set(rows.map((r) => r.matter_id))];
  const refs = ids.length ? await matterRefs(db, tenantId).where('m.id', 'in', ids).orderBy('m.id').execute() : [];
  const count = (f: string) => rows.filter((r) => r.finding === f).length;
  const figures: ReportFigures = {
    from: range.from,
    to: range.to,
    generatedAt: deps.clock.now().toISOString(),
    newCount: 0,
    closedCount: refs.filter((r) => isClosedMatter(r.status)).length,
    closedOnTime: 0,
    yearCompletionRate: 0,
    yearOnTimeRate: 0,
    yearAll: 0,
    openCount: refs.filter((r) => isUnfinishedMatter(r.status)).length,
    warnings: { yellow: 0, blue: 0, red: 0 },
    overdueCount: refs.filter((r) => isOverdue(r, today)).length,
    league: [],
    inspections: {
      campaignName: campaign.name,
      total: rows.length,
      confirms: count('confirms'),
      disputes: count('disputes'),
      problem: count('problem'),
      unannounced: rows.filter((r) => r.unannounced).length,
      items: rows.map((r) => ({ at: r.inspected_at.toISOString(), number: r.number, title: r.title, unitName: r.unit_name, finding: r.finding, location: r.location, notes: r.notes })),
    },
    matters: refs.map((r) => ({ ...toRef(r, today), tags: ['督查'] })),
  };
  return { figures, name: campaign.name, range };
}

function toRef(r: RefRow, asOf: string): ReportMatter {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    unitName: r.unit_name,
    leaderName: r.leader_name,
    status: r.status,
    colour: r.colour,
    progress: Number(r.progress),
    deadline: r.deadline,
    createdOn: shanghaiDate(r.created_at),
    closedOn: r.closed_at ? shanghaiDate(r.closed_at) : null,
    daysOverdue: isOverdue(r, asOf) ? daysBetween(r.deadline, asOf) : null,
    tags: [],
  };
}

/** A report's figures list at most this many cited matters; the rest are counted (mattersTotal) and kept as ids for the appendix. */
export const REPORT_MATTERS_LISTED = 2_000;
/** The most overdue matters the 周报 names in its body (all of them are always among the listed ones). */
export const REPORT_OVERDUE_NAMED = 30;
/** Why a matter is cited, one bit each in cited_rest_tags. */
export const CITE_TAGS = ['新增', '办结', '预警', '逾期'] as const;

/** The cited matters beyond the listed ones: ids in the report's order, and a tag bitmask each (CITE_TAGS). */
export type CitedRest = { ids: number[]; tags: number[] };

export const tagMask = (tags: readonly string[]) => CITE_TAGS.reduce((mask, t, i) => (tags.includes(t) ? mask | (1 << i) : mask), 0);
export const tagsOfMask = (mask: number) => CITE_TAGS.filter((_, i) => mask & (1 << i));

/**
 * Splits a report's cited matters into the ones its figures list and the rest. Up to `listed` all are
 * listed, unchanged. Beyond that the figures list `listed` of them — the REPORT_OVERDUE_NAMED most overdue
 * (the body names those) and then the first others in the report's order — and count them all in
 * mattersTotal; the rest go to the appendix by id. A whole city week cites tens of thousands: freezing,
 * validating and sending every one of them in the figures took most of the report's time.
 */
export function splitCited(figures: ReportFigures, listed = REPORT_MATTERS_LISTED): { figures: ReportFigures; rest: CitedRest | null } {
  const all = figures.matters;
  if (all.length <= listed) return { figures, rest: null };
  const named = new Set(
    all
      .filter((m) => m.tags.includes('逾期'))
      .sort((a, b) => (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0) || a.id - b.id)
      .slice(0, REPORT_OVERDUE_NAMED)
      .map((m) => m.id),
  );
  let others = listed - named.size;
  const keep = new Set<number>();
  for (const m of all) {
    if (named.has(m.id)) keep.add(m.id);
    else if (others > 0) {
      keep.add(m.id);
      others--;
    }
  }
  const rest: CitedRest = { ids: [], tags: [] };
  for (const m of all) {
    if (keep.has(m.id)) continue;
    rest.ids.push(m.id);
    rest.tags.push(tagMask(m.tags));
  }
  return { figures: { ...figures, matters: all.filter((m) => keep.has(m.id)), mattersTotal: all.length }, rest };
}

/**
 * The rest of a report's cited matters (CitedRest), read from the matters in chunks of `chunk` in the
 * report's order, as they stand now (the listed ones are as they stood when the figures were made); each
 * with why it was cited then and its days overdue at the report's last day.
 */
export async function* citedRestRows(db: Kysely<DB>, tenantId: number, rest: CitedRest, asOf: string, chunk = 2_000): AsyncGenerator<ReportMatter[]> {
  for (let i = 0; i < rest.ids.length; i += chunk) {
    const ids = rest.ids.slice(i, i + chunk);
    const rows = await matterRefs(db, tenantId).where('m.id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const out: ReportMatter[] = [];
    ids.forEach((id, k) => {
      const r = byId.get(id);
      if (r) out.push({ ...toRef(r, asOf), tags: tagsOfMask(rest.tags[i + k] ?? 0) });
    });
    yield out;
  }
}
