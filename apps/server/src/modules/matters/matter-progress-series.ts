import { parentProgress, plannedProgressAt, shanghaiDate, unitsProgress, type MatterDetail } from '@duban/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

type Report = { unit_id: number; progress: number; created_at: Date | string };

/** A parent's sub-matters as the chart replays them: weight, unit count, closing day, reports. */
export type ChildHistory = { id: number; weight: number; cancelled: boolean; closedOn: string | null; unitCount: number; reports: (Report & { matter_id: number })[] };

/** The sub-matters of `parentId` with what the chart needs to replay their progress day by day. */
export async function childrenHistory(db: Kysely<DB>, tenantId: number, parentId: number): Promise<ChildHistory[]> {
  const kids = await db.selectFrom('matters').select(['id', 'weight', 'status', 'closed_at']).where('tenant_id', '=', tenantId).where('parent_id', '=', parentId).execute();
  if (!kids.length) return [];
  const ids = kids.map((k) => k.id);
  const [units, reports] = await Promise.all([
    db.selectFrom('matter_units').select(['matter_id']).select((eb) => eb.fn.countAll<number>().as('n')).where('matter_id', 'in', ids).groupBy('matter_id').execute(),
    db.selectFrom('progress_reports').select(['matter_id', 'unit_id', 'progress', 'created_at']).where('matter_id', 'in', ids).orderBy('created_at').orderBy('id').execute(),
  ]);
  return kids.map((k) => ({
    id: k.id,
    weight: Number(k.weight),
    cancelled: k.status === 'cancelled',
    closedOn: k.closed_at ? shanghaiDate(new Date(k.closed_at)) : null,
    unitCount: Number(units.find((u) => u.matter_id === k.id)?.n ?? 1),
    reports: reports.filter((r) => r.matter_id === k.id).map((r) => ({ ...r, progress: Number(r.progress) })),
  }));
}

/** A matter's % after the reports so far: its units' average, units not yet heard from at 0. */
function averageOf(perUnit: Map<number, number>, unitCount: number): number {
  const all = [...perUnit.values()];
  while (all.length < unitCount) all.push(0);
  return unitsProgress(all.map((progress) => ({ progress })));
}

/**
 * Planned vs actual for the chart: planned from the milestones (linear between), actual replayed
 * from the units' reports (a matter's % is its units' average); for a parent, its own reports and
 * its children's combined as parentProgress does. No actual for days still to come.
 */
export function progressSeries(
  m: { start_date: string; deadline: string; progress: number; status: string },
  milestones: { date: string; plannedProgress: number }[],
  reports: Report[],
  unitCount: number,
  today: string,
  children: ChildHistory[] | null = null,
): MatterDetail['progressSeries'] {
  const plan = { startDate: m.start_date, deadline: m.deadline, milestones };
  const actualOn = new Map<string, number>();
  type Event = { day: string; at: number; apply: () => void };
  const own = new Map<number, number>();
  const events: Event[] = reports.map((r) => ({ day: shanghaiDate(new Date(r.created_at)), at: new Date(r.created_at).getTime(), apply: () => own.set(r.unit_id, Number(r.progress)) }));
  const kidState = new Map<number, { perUnit: Map<number, number>; closed: boolean }>();
  for (const c of children ?? []) {
    const st = { perUnit: new Map<number, number>(), closed: false };
    kidState.set(c.id, st);
    for (const r of c.reports) events.push({ day: shanghaiDate(new Date(r.created_at)), at: new Date(r.created_at).getTime(), apply: () => st.perUnit.set(r.unit_id, r.progress) });
    if (c.closedOn) events.push({ day: c.closedOn, at: Date.parse(`${c.closedOn}T23:59:59+08:00`), apply: () => (st.closed = true) });
  }
  events.sort((a, b) => a.at - b.at);
  for (const e of events) {
    e.apply();
    const ownNow = own.size ? averageOf(own, unitCount) : null;
    const value = children?.length
      ? parentProgress(
          ownNow,
          children.map((c) => {
            const st = kidState.get(c.id);
            return { progress: st?.closed ? 100 : averageOf(st?.perUnit ?? new Map(), c.unitCount), weight: c.weight, cancelled: c.cancelled };
          }),
        ).progress
      : (ownNow ?? 0);
    actualOn.set(e.day, value);
  }
  const dates = new Set<string>([m.start_date, m.deadline, ...milestones.map((x) => x.date), ...actualOn.keys()]);
  if (today > m.start_date && today < m.deadline) dates.add(today);
  let last = 0;
  return [...dates]
    .sort()
    .map((date) => {
      const reported = actualOn.get(date);
      if (reported !== undefined) last = reported;
      const actual = date > today ? null : date === today ? Number(m.progress) : last;
      return { date, planned: Math.round(plannedProgressAt(plan, date) * 10) / 10, actual };
    });
}
