import { periodOf, type PeriodCode } from './assessment-period';
import type { IsoDate } from './time';

/**
 * The assessment periods (quarters and years) a matter event can change, from the Asia/Shanghai dates it
 * spans: an event on one day touches that day's quarter and year; an approved extension also touches every
 * period back to the earlier of the two deadlines (the overdue working days there are counted again).
 * Dates after `on` change nothing computed yet. Ordered quarters first, oldest first.
 */
export function periodsTouched(on: IsoDate, ...also: (IsoDate | null | undefined)[]): PeriodCode[] {
  const from = also.reduce<IsoDate>((a, d) => (d && d < a ? d : a), on);
  const quarters: PeriodCode[] = [];
  const years: PeriodCode[] = [];
  let y = Number(from.slice(0, 4));
  let q = Math.floor((Number(from.slice(5, 7)) - 1) / 3) + 1;
  const last = periodOf(on, 'quarter');
  for (let guard = 0; guard < 400; guard++) {
    const code = `${y}Q${q}`;
    quarters.push(code);
    if (!years.includes(String(y))) years.push(String(y));
    if (code === last) break;
    q = q === 4 ? 1 : q + 1;
    if (q === 1) y++;
  }
  return [...quarters, ...years];
}
