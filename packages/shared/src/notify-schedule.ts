import { isWorkday, type WorkCalendar } from './calendar';
import { addDays, shanghaiDate, shanghaiInstant, shanghaiMinuteOfDay } from './time';

/** Quiet hours in minutes after midnight Asia/Shanghai; start > end spans midnight (21:00–07:00). */
export type QuietRule = { enabled: boolean; start: number; end: number; holdRestDays: boolean };

export const DEFAULT_QUIET: QuietRule = { enabled: true, start: 21 * 60, end: 7 * 60, holdRestDays: true };

/** True when the minute of day falls inside the quiet window. */
export function inQuietWindow(rule: QuietRule, minute: number): boolean {
  if (!rule.enabled || rule.start === rule.end) return false;
  return rule.start > rule.end ? minute >= rule.start || minute < rule.end : minute >= rule.start && minute < rule.end;
}

// The first date from `date` on that is a working day (rest days are skipped only when the rule says so).
function nextMorningDate(rule: QuietRule, cal: WorkCalendar, date: string): string {
  let d = date;
  for (let i = 0; i < 60 && rule.holdRestDays && !isWorkday(cal, d); i++) d = addDays(d, 1);
  return d;
}

/**
 * When a non-urgent message due at `now` may go out: `now` itself, or — inside quiet hours, or on
 * a rest day when the tenant holds those — the end of quiet hours on the next working morning.
 */
export function quietRelease(now: Date, rule: QuietRule, cal: WorkCalendar): Date {
  if (!rule.enabled) return now;
  const today = shanghaiDate(now);
  const minute = shanghaiMinuteOfDay(now);
  const quiet = inQuietWindow(rule, minute);
  if (!quiet && !(rule.holdRestDays && !isWorkday(cal, today))) return now;
  // Inside the window, the morning is today unless the window started this evening; a rest day's is later.
  const first = quiet && !(rule.start > rule.end && minute >= rule.start) ? today : addDays(today, 1);
  return shanghaiInstant(nextMorningDate(rule, cal, first), rule.end);
}

/** The next daily-digest instant strictly after `now`: `minute` on the next working day (today if still ahead). */
export function nextDigestAt(now: Date, minute: number, cal: WorkCalendar): Date {
  const today = shanghaiDate(now);
  let d = shanghaiMinuteOfDay(now) < minute ? today : addDays(today, 1);
  for (let i = 0; i < 60 && !isWorkday(cal, d); i++) d = addDays(d, 1);
  return shanghaiInstant(d, minute);
}

/** Retry delay after the n-th failed attempt (1-based): 30 s doubling, capped at an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

/**
 * Urgent messages are marked 【紧急】, skip the daily digest and pass channels set to "urgent only": red
 * warnings, or what the sender marked urgent. Being urgent does not break quiet hours (see breaksQuietHours).
 */
export function isUrgentMessage(kind: string, payload: Record<string, unknown> | null | undefined): boolean {
  return payload?.urgent === true || /(^|[._-])red($|[._-])/.test(kind);
}

/** What decides whether a message may go out inside quiet hours. */
export type QuietExemption = {
  kind: string;
  payload: Record<string, unknown> | null | undefined;
  /** Priority of the matter the message is about (null when it is about none). */
  matterPriority: string | null;
  /** The tenant's explicit setting (off by default): urgent reminders of matters marked 紧急 go out at night. */
  urgentMattersExempt: boolean;
};

/**
 * True when a message goes out at once even inside quiet hours (SPEC §2 holds everything else until the
 * morning): a security alert to the account's own person (a lock-out), or — only when the tenant turned the
 * exemption on — an urgent (red) reminder of a matter whose priority is 紧急.
 */
export function breaksQuietHours(m: QuietExemption): boolean {
  if (m.kind.startsWith('security.')) return true;
  return m.urgentMattersExempt && m.matterPriority === 'urgent' && isUrgentMessage(m.kind, m.payload);
}
