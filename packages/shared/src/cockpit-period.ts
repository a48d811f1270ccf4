import { addDays, dayNumber, mondayOf, type IsoDate } from './time';

/** The cockpit's period selector: this week, month, quarter, year, or custom dates. */
export const COCKPIT_PERIODS = ['week', 'month', 'quarter', 'year', 'custom'] as const;
export type CockpitPeriod = (typeof COCKPIT_PERIODS)[number];

/** An inclusive range of Asia/Shanghai calendar dates. */
export type DateRange = { from: IsoDate; to: IsoDate };

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (y: number, m: number): IsoDate => addDays(`${m === 12 ? y + 1 : y}-${pad(m === 12 ? 1 : m + 1)}-01`, -1);

/** The period containing `today` (custom takes the given dates). */
export function periodRange(period: CockpitPeriod, today: IsoDate, custom?: Partial<DateRange>): DateRange {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  switch (period) {
    case 'week': {
      const from = mondayOf(today);
      return { from, to: addDays(from, 6) };
    }
    case 'month':
      return { from: `${y}-${pad(m)}-01`, to: lastDayOfMonth(y, m) };
    case 'quarter': {
      const q = Math.floor((m - 1) / 3) * 3 + 1;
      return { from: `${y}-${pad(q)}-01`, to: lastDayOfMonth(y, q + 2) };
    }
    case 'year':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
    case 'custom': {
      const from = custom?.from ?? `${y}-01-01`;
      const to = custom?.to ?? today;
      return from <= to ? { from, to } : { from: to, to: from };
    }
  }
}

/**
 * Splits a range into whole months (read from monthly totals) and the loose days at either
 * end (read from daily totals): a year is 12 monthly buckets, a week at most 7 daily ones.
 */
export function splitByMonths(range: DateRange): { months: DateRange | null; days: DateRange[] } {
  const firstFull = range.from.endsWith('-01') ? range.from : addDays(`${range.from.slice(0, 7)}-01`, 40).slice(0, 7) + '-01';
  const afterTo = addDays(range.to, 1);
  const endFull = afterTo.endsWith('-01') ? afterTo : `${range.to.slice(0, 7)}-01`; // exclusive
  if (dayNumber(firstFull) >= dayNumber(endFull)) return { months: null, days: [range] };
  const days: DateRange[] = [];
  if (range.from < firstFull) days.push({ from: range.from, to: addDays(firstFull, -1) });
  if (endFull <= range.to) days.push({ from: endFull, to: range.to });
  return { months: { from: firstFull, to: addDays(endFull, -1) }, days };
}

/** Mondays of the weeks overlapping the range, oldest first. */
export function weeksOf(range: DateRange): IsoDate[] {
  const out: IsoDate[] = [];
  for (let w = mondayOf(range.from); w <= range.to; w = addDays(w, 7)) out.push(w);
  return out;
}
