import { plannedProgressAt, type Milestone } from '@duban/shared';
import dayjs from 'dayjs';

export type ProgressSeries = { dates: string[]; planned: number[]; actual: (number | null)[] };

/**
 * The planned line (start → milestones → deadline) and the actual progress by day (the last report
 * of each day, carried forward until today), on one date axis from start to the later of the
 * deadline and today (at most ~2 years of days).
 */
export function progressSeries(plan: { startDate: string; deadline: string; milestones: readonly Milestone[] }, reports: readonly { createdAt: string; progress: number }[], today: string): ProgressSeries {
  const start = dayjs(plan.startDate);
  const end = dayjs(plan.deadline > today ? plan.deadline : today);
  const days = Math.min(Math.max(end.diff(start, 'day'), 1), 800);
  const byDay = new Map<string, number>();
  for (const r of [...reports].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) byDay.set(dayjs(r.createdAt).format('YYYY-MM-DD'), r.progress);
  const dates: string[] = [];
  const planned: number[] = [];
  const actual: (number | null)[] = [];
  let last = 0;
  for (let i = 0; i <= days; i++) {
    const d = start.add(i, 'day').format('YYYY-MM-DD');
    dates.push(d);
    planned.push(Math.round(plannedProgressAt(plan, d) * 10) / 10);
    const r = byDay.get(d);
    if (r !== undefined) last = r;
    actual.push(d <= today ? last : null);
  }
  return { dates, planned, actual };
}
