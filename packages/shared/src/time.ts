/**
 * Dates people mean as dates (a deadline, a holiday) are calendar dates in Asia/Shanghai,
 * written 'YYYY-MM-DD'. China has kept UTC+8 without daylight saving since 1991, so the
 * conversion is a fixed offset and needs no time-zone database.
 */
export type IsoDate = string;

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date): IsoDate {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes since 00:00 Asia/Shanghai of an instant (0–1439). */
export function shanghaiMinuteOfDay(instant: Date): number {
  const ms = (instant.getTime() + SHANGHAI_OFFSET_MS) % DAY_MS;
  return Math.floor((ms < 0 ? ms + DAY_MS : ms) / 60_000);
}

/** The instant at which a Shanghai date begins, plus `minutes` into that day. */
export function shanghaiInstant(date: IsoDate, minutes = 0): Date {
  return new Date(dayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS + minutes * 60_000);
}

/** True for a well-formed, existing calendar date. */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

// A sweep converts the same few thousand dates back and forth millions of times; parsing and
// formatting through Date was its largest cost after the database. Bounded memo tables.
const MEMO_LIMIT = 100_000;
const dayNumbers = new Map<string, number>();
const isoDates = new Map<number, IsoDate>();

/** Days since 1970-01-01 for a date; the unit of date arithmetic here. */
export function dayNumber(date: IsoDate): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    n = Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
    if (dayNumbers.size >= MEMO_LIMIT) dayNumbers.clear();
    dayNumbers.set(date, n);
  }
  return n;
}

/** The date `n` calendar days after `date` (n may be negative). */
export function addDays(date: IsoDate, n: number): IsoDate {
  return fromDayNumber(dayNumber(date) + n);
}

/** The date of a day number. */
export function fromDayNumber(n: number): IsoDate {
  let date = isoDates.get(n);
  if (date === undefined) {
    date = new Date(n * DAY_MS).toISOString().slice(0, 10);
    if (isoDates.size >= MEMO_LIMIT) isoDates.clear();
    isoDates.set(n, date);
  }
  return date;
}

/** Calendar days from a to b (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return (dayNumber(date) + 4) % 7; // 1970-01-01 was a Thursday
}

/** The Monday of the ISO week that holds `date`. */
export function mondayOf(date: IsoDate): IsoDate {
  return addDays(date, -((weekday(date) + 6) % 7));
}

/** The day number of an instant's Asia/Shanghai date, without building a string (hot paths). */
export function shanghaiDayNumber(instant: Date): number {
  return Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** 2026-11-23 → 2026年11月23日, as 公文 write dates. */
export function chineseDate(date: IsoDate): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/**
 * A period as 公文 write it, repeating only what changes: 2026年11月30日至12月6日,
 * 2026年12月1日至7日, 2026年12月28日至2027年1月3日.
 */
export function chineseDateRange(from: IsoDate, to: IsoDate): string {
  if (from.slice(0, 4) !== to.slice(0, 4)) return `${chineseDate(from)}至${chineseDate(to)}`;
  if (from.slice(5, 7) !== to.slice(5, 7)) return `${chineseDate(from)}至${Number(to.slice(5, 7))}月${Number(to.slice(8, 10))}日`;
  return `${chineseDate(from)}至${Number(to.slice(8, 10))}日`;
}
