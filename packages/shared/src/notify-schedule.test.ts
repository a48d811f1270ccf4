import { describe, expect, it } from 'vitest';
import { officialCalendar } from './calendar-data';
import { breaksQuietHours, DEFAULT_QUIET, isUrgentMessage, nextDigestAt, quietRelease, retryDelayMs } from './notify-schedule';

const cal = officialCalendar();
const at = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  it('sends at once during working hours of a working day', () => {
    const now = at('2026-11-20T10:00:00+08:00'); // Friday
    expect(quietRelease(now, DEFAULT_QUIET, cal)).toEqual(now);
  });

  it('holds a Tuesday-night message until 07:00 on Wednesday', () => {
    expect(quietRelease(at('2026-11-17T22:30:00+08:00'), DEFAULT_QUIET, cal).toISOString()).toBe(at('2026-11-18T07:00:00+08:00').toISOString());
  });

  it('holds an early-morning message until 07:00 the same working day', () => {
    expect(quietRelease(at('2026-11-18T05:00:00+08:00'), DEFAULT_QUIET, cal).toISOString()).toBe(at('2026-11-18T07:00:00+08:00').toISOString());
  });

  it('holds a Friday-night message over the weekend until Monday morning', () => {
    expect(quietRelease(at('2026-11-20T21:00:00+08:00'), DEFAULT_QUIET, cal).toISOString()).toBe(at('2026-11-23T07:00:00+08:00').toISOString());
  });

  it('skips the National Day holiday and uses the make-up working Sunday', () => {
    // 2026-09-30 evening → the holiday runs 10-01..10-07; the next working day is 10-08.
    expect(quietRelease(at('2026-09-30T23:00:00+08:00'), DEFAULT_QUIET, cal).toISOString()).toBe(at('2026-10-08T07:00:00+08:00').toISOString());
    // 2026-09-19 (Saturday) night → 2026-09-20 is a make-up working Sunday.
    expect(quietRelease(at('2026-09-19T22:00:00+08:00'), DEFAULT_QUIET, cal).toISOString()).toBe(at('2026-09-20T07:00:00+08:00').toISOString());
  });

  it('sends weekend messages by day when rest days are not held, and everything when quiet hours are off', () => {
    const saturday = at('2026-11-21T10:00:00+08:00');
    expect(quietRelease(saturday, { ...DEFAULT_QUIET, holdRestDays: false }, cal)).toEqual(saturday);
    expect(quietRelease(saturday, DEFAULT_QUIET, cal).toISOString()).toBe(at('2026-11-23T07:00:00+08:00').toISOString());
    const night = at('2026-11-17T23:00:00+08:00');
    expect(quietRelease(night, { ...DEFAULT_QUIET, enabled: false }, cal)).toEqual(night);
  });

  it('supports a window that does not span midnight', () => {
    const rule = { enabled: true, start: 12 * 60, end: 14 * 60, holdRestDays: false };
    expect(quietRelease(at('2026-11-18T12:30:00+08:00'), rule, cal).toISOString()).toBe(at('2026-11-18T14:00:00+08:00').toISOString());
  });
});

describe('digest and retries', () => {
  it('puts the digest on the next working day at the chosen minute', () => {
    expect(nextDigestAt(at('2026-11-18T08:00:00+08:00'), 510, cal).toISOString()).toBe(at('2026-11-18T08:30:00+08:00').toISOString());
    expect(nextDigestAt(at('2026-11-20T09:00:00+08:00'), 510, cal).toISOString()).toBe(at('2026-11-23T08:30:00+08:00').toISOString());
  });

  it('backs off exponentially up to an hour', () => {
    expect([1, 2, 3, 8, 20].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 3_600_000, 3_600_000]);
  });

  it('treats red warnings and marked messages as urgent', () => {
    expect(isUrgentMessage('warning.red', null)).toBe(true);
    expect(isUrgentMessage('warning.yellow', null)).toBe(false);
    expect(isUrgentMessage('matter.urged', { urgent: true })).toBe(true);
    expect(isUrgentMessage('reminder.reported', null)).toBe(false);
  });
});

describe('who may break quiet hours', () => {
  const red = { kind: 'warning.red', payload: null, matterPriority: 'normal', urgentMattersExempt: false };

  it('holds red reminders like any other by default, even for a matter marked 紧急', () => {
    expect(breaksQuietHours(red)).toBe(false);
    expect(breaksQuietHours({ ...red, kind: 'reminder.red' })).toBe(false);
    expect(breaksQuietHours({ ...red, matterPriority: 'urgent' })).toBe(false);
    expect(breaksQuietHours({ ...red, kind: 'matter.urged', payload: { urgent: true } })).toBe(false);
  });

  it('lets a red reminder of a 紧急 matter through only when the tenant turned the exemption on', () => {
    expect(breaksQuietHours({ ...red, matterPriority: 'urgent', urgentMattersExempt: true })).toBe(true);
    expect(breaksQuietHours({ ...red, matterPriority: 'high', urgentMattersExempt: true })).toBe(false);
    expect(breaksQuietHours({ ...red, matterPriority: null, urgentMattersExempt: true })).toBe(false);
    expect(breaksQuietHours({ ...red, kind: 'warning.yellow', matterPriority: 'urgent', urgentMattersExempt: true })).toBe(false);
  });

  it('always lets a security alert to the account owner through', () => {
    expect(breaksQuietHours({ kind: 'security.locked', payload: { urgent: true }, matterPriority: null, urgentMattersExempt: false })).toBe(true);
  });
});
