import {
  addDays,
  COLOUR_ORDER,
  cockpitQuerySchema,
  daysBetween,
  isUnfinishedMatter,
  MATTER_SOURCE_LABELS,
  MATTER_SOURCES,
  MATTER_STATUSES,
  mondayOf,
  periodRange,
  shanghaiDate,
  weeksOf,
  type CockpitQuery,
  type CockpitView,
  type DateRange,
  type MatterStatus,
} from '@duban/shared';
import { requirePermission, type Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { DONE_FILTER, linkTo, OPEN_FILTER } from './cockpit.links';
import * as repo from './cockpit.repository';
import { cockpitScope, type CockpitScope } from './cockpit.scope';

const MAX_TREND_WEEKS = 53;
const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);
const avg = (sum: number, n: number) => (n > 0 ? Math.round((sum / n) * 10) / 10 : null);
const isOpen = (s: string) => isUnfinishedMatter(s as MatterStatus);

/** The period a query asks for, in Asia/Shanghai dates as of `now`. */
export function resolvePeriod(query: CockpitQuery, now: Date): DateRange & { period: CockpitView['period']; today: string } {
  const q = cockpitQuerySchema.parse(query);
  const today = shanghaiDate(now);
  return { period: q.period, today, ...periodRange(q.period, today, { from: q.from, to: q.to }) };
}

/** Every cockpit figure for the actor's scope and period; each count links to its ledger query. */
export async function cockpitFigures(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, query: CockpitQuery): Promise<CockpitView> {
  requirePermission(actor, 'cockpit.read');
  const started = performance.now();
  const p = resolvePeriod(query, deps.clock.now());
  const scope = cockpitScope(actor);
  const range = { from: p.from, to: p.to };
  const t = actor.tenantId;
  const weeks = weeksOf(range).slice(-MAX_TREND_WEEKS);
  const [{ state, category, source, units: unitTotals }, overdue, overdueList, major, weekly, names] = await Promise.all([
    repo.periodStats(deps.db, t, range, scope),
    repo.overdueByUnit(deps.db, t, p.today, range, scope),
    repo.overdueMatters(deps.db, t, p.today, range, scope, 20),
    repo.majorProjects(deps.db, t, range, scope, 10),
    repo.weeklyCounts(deps.db, t, weeks[0] ?? mondayOf(range.from), weeks.at(-1) ?? mondayOf(range.to), scope),
    repo.names(deps.db, t),
  ]);
  const link = (filter: Record<string, string> = {}) => linkTo(range, scope, filter);
  const counted = (n: number, filter: Record<string, string> = {}) => ({ n, link: link(filter) });

  const byStatus = new Map<string, number>();
  const byColour = new Map<string, number>();
  const units = new Map<number, { all: number; done: number; onTime: number; daysSum: number }>();
  let all = 0;
  let done = 0;
  let onTime = 0;
  let daysSum = 0;
  for (const r of state) {
    const [status = '', colour = 'none'] = r.key.split(':');
    byStatus.set(status, (byStatus.get(status) ?? 0) + r.n);
    byColour.set(colour, (byColour.get(colour) ?? 0) + r.n);
    all += r.n;
    done += r.done;
    onTime += r.onTime;
    daysSum += r.daysSum;
  }
  for (const r of unitTotals) units.set(r.unitId, { all: r.n, done: r.done, onTime: r.onTime, daysSum: r.daysSum });
  const cancelled = byStatus.get('cancelled') ?? 0;
  const open = [...byStatus].filter(([s]) => isOpen(s)).reduce((a, [, n]) => a + n, 0);
  const overdueTotal = [...overdue.values()].reduce((a, n) => a + n, 0);
  const unitName = (id: number) => names.units.get(id)?.short_name ?? names.units.get(id)?.name ?? `#${id}`;
  const majorTotals = source.filter((r) => r.key === 'major_project');

  return {
    period: p.period,
    from: p.from,
    to: p.to,
    today: p.today,
    scope: {
      kind: scope.kind,
      label: scopeLabel(scope, actor),
      basis: scope.kind === 'tenant' ? null : scope.leaderId !== null ? 'leader' : 'unit',
      name: scope.kind === 'tenant' ? null : actor.name,
    },
    totals: {
      all: counted(all),
      open: counted(open, OPEN_FILTER),
      done: counted(done, DONE_FILTER),
      onTime: counted(onTime, { ...DONE_FILTER, closedOnTime: 'true' }),
      late: counted(done - onTime, { ...DONE_FILTER, closedOnTime: 'false' }),
      overdue: counted(overdueTotal, { overdue: 'true' }),
      cancelled: counted(cancelled, { status: 'cancelled' }),
      completionRate: rate(done, all - cancelled),
      onTimeRate: rate(onTime, done),
      avgDays: avg(daysSum, done),
    },
    byColour: [...COLOUR_ORDER, 'none' as const].map((colour) => ({ colour, ...counted(byColour.get(colour) ?? 0, { colour }) })),
    byStatus: MATTER_STATUSES.map((status: MatterStatus) => ({ status, ...counted(byStatus.get(status) ?? 0, { status }) })),
    units: [...units]
      .filter(([, u]) => u.all > 0)
      .map(([unitId, u]) => {
        const lead = { leadUnitId: String(unitId) };
        return {
          unitId,
          unitName: unitName(unitId),
          all: counted(u.all, lead),
          done: counted(u.done, { ...lead, ...DONE_FILTER }),
          onTime: counted(u.onTime, { ...lead, ...DONE_FILTER, closedOnTime: 'true' }),
          overdue: counted(overdue.get(unitId) ?? 0, { ...lead, overdue: 'true' }),
          completionRate: rate(u.done, u.all),
          avgDays: avg(u.daysSum, u.done),
        };
      })
      .sort((a, b) => b.completionRate - a.completionRate || a.overdue.n - b.overdue.n || b.all.n - a.all.n || a.unitId - b.unitId),
    byCategory: sumByKey(category)
      .map(([key, v]) => {
        const id = key === 'none' ? null : Number(key);
        const name = id === null ? '未分类' : (names.categories.get(id)?.name ?? `#${id}`);
        // Uncategorised matters have no ledger filter of their own: no link rather than a wrong one.
        return { categoryId: id, name, done: v.done, n: v.n, link: id === null ? '' : link({ categoryId: String(id) }) };
      })
      .sort((a, b) => b.n - a.n),
    bySource: MATTER_SOURCES.map((s) => {
      const v = sumByKey(source).find(([k]) => k === s)?.[1] ?? { n: 0, done: 0 };
      return { source: s, name: MATTER_SOURCE_LABELS[s], done: v.done, ...counted(v.n, { source: s }) };
    }).filter((s) => s.n > 0),
    trend: weeks.map((week) => {
      const w = weekly.get(week) ?? { new: 0, closed: 0, warned: 0 };
      const wr = { from: week, to: addDays(week, 6) };
      return {
        week,
        new: { n: w.new, link: linkTo(wr, scope) },
        closed: { n: w.closed, link: linkTo(null, scope, { closedFrom: wr.from, closedTo: wr.to }) },
        warned: { n: w.warned, link: linkTo(null, scope, { warnedFrom: wr.from, warnedTo: wr.to }) },
      };
    }),
    overdueList: overdueList.map((m) => ({
      id: m.id,
      number: m.number,
      title: m.title,
      unitName: m.unit_name,
      leaderName: m.leader_name,
      deadline: m.deadline,
      daysOverdue: daysBetween(m.deadline, p.today),
      progress: Number(m.progress),
    })),
    majorProjects: {
      all: counted(
        majorTotals.reduce((a, r) => a + r.n, 0),
        { source: 'major_project' },
      ),
      investmentPlan: round2(majorTotals.reduce((a, r) => a + r.invPlan, 0)),
      investmentDone: round2(majorTotals.reduce((a, r) => a + r.invDone, 0)),
      items: major.map((m) => ({
        id: m.id,
        number: m.number,
        title: m.title,
        unitName: m.unit_name,
        progress: Number(m.progress),
        colour: m.colour,
        investmentPlan: m.investment_plan === null ? null : Number(m.investment_plan),
        investmentDone: m.investment_done === null ? null : Number(m.investment_done),
      })),
    },
    generatedMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function sumByKey(rows: repo.StatsRow[]): [string, { n: number; done: number }][] {
  const out = new Map<string, { n: number; done: number }>();
  for (const r of rows) {
    const v = out.get(r.key) ?? { n: 0, done: 0 };
    v.n += r.n;
    v.done += r.done;
    out.set(r.key, v);
  }
  return [...out].filter(([, v]) => v.n !== 0);
}

function scopeLabel(scope: CockpitScope, actor: Actor): string {
  if (scope.kind === 'tenant') return '全区';
  return scope.leaderId !== null ? `${actor.name}分管及牵头` : `${actor.name}所在单位`;
}
