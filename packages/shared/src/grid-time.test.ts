import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { officialCalendar } from './calendar-data';
import { addWorkingMinutes, deadlineAfter, DEFAULT_WORK_PERIODS, formatWorkingMinutes, parseWorkPeriods, workClock, workIndex, workingMinutesBetween, type WorkPeriod } from './grid-time';

const periodsOf = (texts: readonly string[]): WorkPeriod[] => {
  const r = parseWorkPeriods(texts);
  if ('error' in r) throw new Error(r.error);
  return r.periods;
};
const clock = workClock(officialCalendar(), periodsOf(DEFAULT_WORK_PERIODS));
const at = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('working periods', () => {
  it('parses HH:MM-HH:MM periods and names what is wrong', () => {
    expect(periodsOf(['08:30-12:00', '14:30-18:00'])).toEqual([
      { start: 510, end: 720 },
      { start: 870, end: 1080 },
    ]);
    expect(parseWorkPeriods(['8:30-12:00'])).toEqual({ error: '工作时段“8:30-12:00”格式应为 08:30-12:00' });
    expect(parseWorkPeriods(['12:00-08:30'])).toEqual({ error: '工作时段“12:00-08:30”的结束时间应晚于开始时间' });
    expect(parseWorkPeriods(['08:30-12:00', '11:00-18:00'])).toMatchObject({ error: expect.stringContaining('重叠') });
    expect(parseWorkPeriods([])).toEqual({ error: '至少设置一个工作时段' });
  });

  it('makes a working day 7 hours by default', () => {
    expect(clock.dayMinutes).toBe(420);
  });
});

describe('deadlines in working time', () => {
  it('counts 4 工作时 from 10:00 across the lunch break to 16:30', () => {
    expect(iso(deadlineAfter(clock, at('2026-11-18T10:00'), { amount: 4, unit: 'hour' }))).toBe('2026-11-18 16:30');
  });

  it('ends a limit that uses up the day at 18:00, not the next morning', () => {
    expect(iso(deadlineAfter(clock, at('2026-11-18T08:30'), { amount: 1, unit: 'day' }))).toBe('2026-11-18 18:00');
  });

  it('ends 1 工作日 from Friday 17:00 at the same time on Monday', () => {
    expect(iso(deadlineAfter(clock, at('2026-11-20T17:00'), { amount: 1, unit: 'day' }))).toBe('2026-11-23 17:00');
  });

  it('starts the clock at the next period when reported in the evening, at night or at lunch', () => {
    expect(iso(deadlineAfter(clock, at('2026-11-18T21:00'), { amount: 1, unit: 'hour' }))).toBe('2026-11-19 09:30');
    expect(iso(deadlineAfter(clock, at('2026-11-18T12:30'), { amount: 1, unit: 'hour' }))).toBe('2026-11-18 15:30');
  });

  it('skips 国庆 and works the make-up Saturday 2026-10-10', () => {
    // 09-30 is a Wednesday, the last working day before the holiday (10-01…10-07 off; 10-10 Saturday worked).
    expect(iso(deadlineAfter(clock, at('2026-09-30T17:00'), { amount: 2, unit: 'hour' }))).toBe('2026-10-08 09:30');
    expect(iso(deadlineAfter(clock, at('2026-10-09T17:00'), { amount: 2, unit: 'hour' }))).toBe('2026-10-10 09:30');
  });

  it('counts working minutes between instants (who held the clock)', () => {
    expect(workingMinutesBetween(clock, at('2026-11-20T17:00'), at('2026-11-23T09:00'))).toBe(90);
    expect(workingMinutesBetween(clock, at('2026-11-21T10:00'), at('2026-11-22T10:00'))).toBe(0); // a weekend
    expect(workingMinutesBetween(clock, at('2026-11-23T09:00'), at('2026-11-20T17:00'))).toBe(-90);
  });

  it('shows working time left as people read it', () => {
    expect(formatWorkingMinutes(200)).toBe('3 小时 20 分');
    expect(formatWorkingMinutes(-65)).toBe('逾期 1 小时 5 分');
    expect(formatWorkingMinutes(45)).toBe('45 分钟');
  });
});

describe('working-time properties', () => {
  // Instants over 2025–2027 (two covered years and one guessed), to the second.
  const instant = fc.integer({ min: Date.UTC(2025, 0, 1) / 1000, max: Date.UTC(2027, 11, 31) / 1000 }).map((s) => new Date(s * 1000));
  const minutes = fc.integer({ min: 1, max: 60 * 420 });

  it('spends exactly the working time it was given', () => {
    fc.assert(
      fc.property(instant, minutes, (start, m) => {
        const end = addWorkingMinutes(clock, start, m);
        expect(workingMinutesBetween(clock, start, end)).toBeCloseTo(m, 6);
        expect(end.getTime()).toBeGreaterThan(start.getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('ends a deadline inside a working period of a working day (never in the evening or on a holiday)', () => {
    fc.assert(
      fc.property(instant, minutes, (start, m) => {
        const end = addWorkingMinutes(clock, start, m);
        // A moment earlier, less working time had passed: the deadline is the first instant it is reached.
        expect(workIndex(clock, new Date(end.getTime() - 60_000))).toBeLessThan(workIndex(clock, end));
      }),
      { numRuns: 500 },
    );
  });

  it('adds up: a then b working minutes end where a + b do', () => {
    fc.assert(
      fc.property(instant, minutes, minutes, (start, a, b) => {
        expect(addWorkingMinutes(clock, addWorkingMinutes(clock, start, a), b).getTime()).toBe(addWorkingMinutes(clock, start, a + b).getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('counts the working time between two instants exactly (no float error past the time elapsed)', () => {
    // fast-check's counterexample (seed -1582696626): 29 min 38 s within one working period read 29.63333333376795.
    const a = new Date('2025-06-18T06:30:00.000Z');
    const b = new Date('2025-06-18T06:59:38.000Z');
    expect(workingMinutesBetween(clock, a, b)).toBe((b.getTime() - a.getTime()) / 60_000);
  });

  it('never counts backwards: the running count is monotone', () => {
    fc.assert(
      fc.property(instant, instant, (x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        expect(workingMinutesBetween(clock, a, b)).toBeGreaterThanOrEqual(0);
        expect(workingMinutesBetween(clock, a, b)).toBeLessThanOrEqual((b.getTime() - a.getTime()) / 60_000);
      }),
      { numRuns: 500 },
    );
  });
});
