import { isClosedMatter, isOverdue, isUnfinishedMatter, shanghaiDate, type DateRange, type ReportFigures } from '@duban/shared';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { systemActor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { instantsOf } from '../cockpit/cockpit.scope';
import { openMatter } from '../matters/matter-status.sql';
import { citedMatters, REPORT_LISTED_PER_SECTION, type CitedRest } from './report.cited';
import { matterRefs, toRef } from './report.refs';
import { cockpitFigures } from '../cockpit/cockpit.service';
import { meetingFigures } from '../meetings/meeting.report';

const WARN_COLOURS = ['yellow', 'blue', 'red'] as const;

/** A weekly report's figures, and the cited matters they count but do not list (null when they list them all). */
export type WeeklyData = { figures: ReportFigures; rest: CitedRest | null };

/** Everything a 督查周报 for the range reports, as of `now`: new, closed, warned and overdue matters, the league table. */
export async function weeklyFigures(deps: Deps, tenantId: number, range: DateRange): Promise<ReportFigures> {
  return (await weeklyData(deps, tenantId, range)).figures;
}

/**
 * The figures of a 督查周报 for the range, with the first REPORT_LISTED_PER_SECTION cited matters of each
 * section listed and all of them counted (mattersTotal when some are not listed), and the unlisted ones'
 * ids for the appendix.
 */
export async function weeklyData(deps: Deps, tenantId: number, range: DateRange, perSection = REPORT_LISTED_PER_SECTION): Promise<WeeklyData> {
  const db = deps.db;
  const { start, end } = instantsOf(range);
  const [cited, warnings, warningsAtEnd, year, meetings] = await Promise.all([
    citedMatters(db, tenantId, range, perSection),
    warnedIn(db, tenantId, start, end),
    warningsAt(db, tenantId, end),
    cockpitFigures(deps, systemActor(tenantId), { period: 'custom', from: `${range.to.slice(0, 4)}-01-01`, to: range.to }),
    meetingFigures(db, tenantId, range),
  ]);
  const figures: ReportFigures = {
    from: range.from,
    to: range.to,
    generatedAt: deps.clock.now().toISOString(),
    newCount: cited.newCount,
    closedCount: cited.closedCount,
    closedOnTime: cited.closedOnTime,
    yearCompletionRate: year.totals.completionRate,
    yearOnTimeRate: year.totals.onTimeRate,
    yearAll: year.totals.all.n,
    openCount: year.totals.open.n,
    warnings,
    warningsAtEnd,
    overdueCount: cited.overdueCount,
    league: year.units.map((u) => ({ unitName: u.unitName, all: u.all.n, done: u.done.n, onTime: u.onTime.n, overdue: u.overdue.n, completionRate: u.completionRate })),
    inspections: null,
    matters: cited.listed,
    ...(cited.rest.ids.length ? { mattersTotal: cited.total } : {}),
    meetings,
  };
  return { figures, rest: cited.rest.ids.length ? cited.rest : null };
}

const byColour = (rows: { colour: string | null; n: string | number | bigint }[]): ReportFigures['warnings'] => {
  const out = { yellow: 0, blue: 0, red: 0 };
  for (const r of rows) if (r.colour === 'yellow' || r.colour === 'blue' || r.colour === 'red') out[r.colour] += Number(r.n);
  return out;
};

/** Matters that turned yellow/blue/red within [start, end), each counted once by the last colour it turned to then. */
async function warnedIn(db: Kysely<DB>, tenantId: number, start: Date, end: Date): Promise<ReportFigures['warnings']> {
  const last = db
    .selectFrom('colour_history')
    .where('tenant_id', '=', tenantId)
    .where('at', '>=', start)
    .where('at', '<', end)
    .where('to_colour', 'in', WARN_COLOURS)
    .distinctOn('matter_id')
    .select(['matter_id', 'to_colour as colour'])
    .orderBy('matter_id')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc');
  return byColour(await db.selectFrom(last.as('w')).groupBy('w.colour').select((eb) => ['w.colour', eb.fn.countAll<number>().as('n')]).execute());
}

/**
 * How many matters were in warning at `end`, by colour: each open matter's last colour change before
 * `end` (the colour history the sweep writes), or its current colour when it has no history. A matter
 * open now whose colour has not changed since `end` still has that colour (the sweep records every change
 * of an open matter's colour; closing or cancelling clears it without one), so only the few changed since,
 * and those closed or cancelled after `end`, are looked up in the history: a city has hundreds of thousands
 * of open matters.
 */
async function warningsAt(db: Kysely<DB>, tenantId: number, end: Date): Promise<ReportFigures['warnings']> {
  const { rows } = await sql<{ colour: string | null; n: string }>`
    with changed as (select distinct matter_id from colour_history where tenant_id = ${tenantId} and at >= ${end})
    select x.colour, count(*) as n from (
      select case when ${openMatter('m')} and c.matter_id is null then m.colour
                  else coalesce(
                    (select h.to_colour from colour_history h where h.matter_id = m.id and h.at < ${end} order by h.at desc, h.id desc limit 1),
                    case when exists (select 1 from colour_history h2 where h2.matter_id = m.id) then null else m.colour end)
             end as colour
        from matters m left join changed c on c.matter_id = m.id
       where m.tenant_id = ${tenantId} and m.created_at < ${end}
         -- Open on the last day: open now, or closed / cancelled only after the period.
         and (${openMatter('m')} or m.closed_at >= ${end} or m.cancelled_at >= ${end})
    ) x group by x.colour`.execute(db);
  return byColour(rows);
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
    matters: refs.map((r) => toRef(r, today, ['督查'])),
  };
  return { figures, name: campaign.name, range };
}
