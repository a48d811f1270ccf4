import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkdays,
  addWorkdaysChecked,
  coverage,
  createCalendar,
  isCovered,
  isWorkday,
  nextWorkday,
  previousWorkday,
  workdaysBetween,
  workdaysBetweenChecked,
  type CalendarException,
  type WorkCalendar,
} from './calendar';
import { officialCalendar, officialCoveredYears, officialExceptions } from './calendar-data';
import { addDays, dayNumber, fromDayNumber, weekday, type IsoDate } from './time';

const cal = officialCalendar();

function range(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

describe('the official 2025–2026 arrangement', () => {
  it('ends 5 个工作日 from 2026-09-30 on 2026-10-13 (国庆 off, 10-10 Saturday worked)', () => {
    expect(addWorkdays(cal, '2026-09-30', 5)).toBe('2026-10-13');
  });

  it('ends 3 个工作日 from 2026-02-12 on 2026-02-24 (2-14 Saturday worked, 春节 2-15…23 off)', () => {
    expect(addWorkdays(cal, '2026-02-12', 3)).toBe('2026-02-24');
  });

  it('makes the make-up Sundays 2026-09-20 and 2026-01-04 working days', () => {
    expect(weekday('2026-09-20')).toBe(0);
    expect(isWorkday(cal, '2026-09-20')).toBe(true);
    expect(weekday('2026-01-04')).toBe(0);
    expect(isWorkday(cal, '2026-01-04')).toBe(true);
  });

  it('gives 2026-10-01…07 off, weekdays included', () => {
    for (const d of range('2026-10-01', '2026-10-07')) expect(isWorkday(cal, d), d).toBe(false);
    expect(isWorkday(cal, '2026-10-08')).toBe(true);
  });

  it('keeps ordinary weekdays and weekends', () => {
    expect(isWorkday(cal, '2026-03-10')).toBe(true); // Tuesday
    expect(isWorkday(cal, '2026-03-14')).toBe(false); // Saturday
  });

  // An independent transcription of the two State Council notices (国办发明电〔2024〕12号 and the
  // 2026 notice of 2025-11-04): the seed file must hold exactly these days.
  const notices: { off: [IsoDate, IsoDate][]; work: IsoDate[] } = {
    off: [
      ['2025-01-01', '2025-01-01'],
      ['2025-01-28', '2025-02-04'],
      ['2025-04-04', '2025-04-06'],
      ['2025-05-01', '2025-05-05'],
      ['2025-05-31', '2025-06-02'],
      ['2025-10-01', '2025-10-08'],
      ['2026-01-01', '2026-01-03'],
      ['2026-02-15', '2026-02-23'],
      ['2026-04-04', '2026-04-06'],
      ['2026-05-01', '2026-05-05'],
      ['2026-06-19', '2026-06-21'],
      ['2026-09-25', '2026-09-27'],
      ['2026-10-01', '2026-10-07'],
    ],
    work: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11', '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  };

  it('matches the notices day for day', () => {
    const exceptions = officialExceptions();
    const off = exceptions.filter((e) => e.kind === 'holiday').map((e) => e.date);
    const work = exceptions.filter((e) => e.kind === 'workday').map((e) => e.date);
    expect(off).toEqual(notices.off.flatMap(([a, b]) => range(a, b)));
    expect(work).toEqual(notices.work);
    expect(officialCoveredYears()).toEqual([2025, 2026]);
  });

  it('counts 2025 and 2026 the way the notices imply (248 working days each)', () => {
    // 261 weekdays − holiday weekdays + make-up weekends: 2025 261 − 18 + 5, 2026 261 − 19 + 6.
    expect(workdaysBetween(cal, '2024-12-31', '2025-12-31')).toBe(248);
    expect(workdaysBetween(cal, '2025-12-31', '2026-12-31')).toBe(248);
  });
});

describe('counting working days', () => {
  it('counts the day arrived at, not the day left', () => {
    expect(workdaysBetween(cal, '2026-12-01', '2026-12-03')).toBe(2);
    expect(workdaysBetween(cal, '2026-12-01', '2026-12-01')).toBe(0);
    expect(workdaysBetween(cal, '2026-12-04', '2026-12-06')).toBe(0); // Friday → Sunday
    expect(workdaysBetween(cal, '2026-09-30', '2026-10-13')).toBe(5);
  });

  it('counts backwards as minus the working days in [b, a)', () => {
    expect(workdaysBetween(cal, '2026-10-13', '2026-09-30')).toBe(-5);
    expect(workdaysBetween(cal, '2026-12-06', '2026-12-04')).toBe(-1); // Sunday back to Friday
  });

  it('walks forwards, backwards and stays put for n = 0', () => {
    expect(addWorkdays(cal, '2026-10-13', -5)).toBe('2026-09-30');
    expect(addWorkdays(cal, '2026-10-02', 0)).toBe('2026-10-08');
    expect(addWorkdays(cal, '2026-10-08', 0)).toBe('2026-10-08');
    expect(nextWorkday(cal, '2026-09-30')).toBe('2026-10-08');
    expect(previousWorkday(cal, '2026-10-08')).toBe('2026-09-30');
    expect(nextWorkday(cal, '2026-09-19')).toBe('2026-09-20'); // Saturday → the make-up Sunday
  });

  it('refuses a fractional count', () => {
    expect(() => addWorkdays(cal, '2026-10-08', 1.5)).toThrow(RangeError);
  });

  it('handles long spans in both directions', () => {
    expect(addWorkdays(cal, '2025-01-01', 500)).toBe(naiveAdd(cal, '2025-01-01', 500));
    expect(addWorkdays(cal, '2026-12-31', -500)).toBe(naiveAdd(cal, '2026-12-31', -500));
    expect(workdaysBetween(cal, '2000-01-01', '2040-01-01')).toBe(naiveBetween(cal, '2000-01-01', '2040-01-01'));
  });

  it('answers a 50-year count as fast as a one-day count', () => {
    // Timed against each other in alternating batches so a busy machine slows both alike;
    // a day-by-day walk would make the long spans ~18,000 times slower.
    const time = (to: IsoDate): number => {
      const started = performance.now();
      for (let i = 0; i < 20_000; i++) workdaysBetween(cal, '1990-01-01', to);
      return performance.now() - started;
    };
    let short = 0;
    let long = 0;
    for (let round = 0; round < 5; round++) {
      short += time('1990-01-02');
      long += time('2040-01-01');
    }
    expect(long).toBeLessThan(short * 10 + 50);
  }, 60_000);
});

describe('uncovered years', () => {
  it('flags 2027-01-04 computed without 2027 data as provisional', () => {
    const result = addWorkdaysChecked(cal, '2026-12-30', 3);
    expect(result).toEqual({ date: '2027-01-04', provisional: true });
    expect(isCovered(cal, '2027-01-04')).toBe(false);
    expect(coverage(cal, '2026-12-30', '2027-01-04')).toEqual({ provisional: true, uncoveredYears: [2027] });
  });

  it('does not flag a computation that stays inside 2025–2026', () => {
    expect(addWorkdaysChecked(cal, '2026-09-30', 5)).toEqual({ date: '2026-10-13', provisional: false });
    expect(workdaysBetweenChecked(cal, '2025-01-02', '2026-12-31').provisional).toBe(false);
    expect(coverage(cal, '2026-06-01', '2025-03-01')).toEqual({ provisional: false, uncoveredYears: [] });
    expect(coverage(cal)).toEqual({ provisional: false, uncoveredYears: [] });
  });

  it('flags a count that crosses into an uncovered year, before or after', () => {
    expect(workdaysBetweenChecked(cal, '2024-12-31', '2025-01-02')).toEqual({ count: 1, provisional: true });
    expect(coverage(cal, '2023-05-01', '2027-02-01').uncoveredYears).toEqual([2023, 2024, 2027]);
  });

  it('guesses Monday–Friday outside the data (and says so)', () => {
    expect(isWorkday(cal, '2027-01-01')).toBe(true); // really 元旦: exactly why it is provisional
    expect(isWorkday(cal, '2027-01-02')).toBe(false);
  });

  it('treats a gap between covered years as uncovered', () => {
    const gappy = createCalendar({ exceptions: [], coveredYears: [2025, 2027] });
    expect(isCovered(gappy, '2026-06-01')).toBe(false);
    expect(coverage(gappy, '2025-12-01', '2027-01-10').uncoveredYears).toEqual([2026]);
    expect(coverage(gappy, '2027-01-01', '2027-12-31').provisional).toBe(false);
  });
});

describe('closures and conflicts', () => {
  const closure: CalendarException = { date: '2026-10-10', kind: 'closure', name: '区机关搬迁' };

  it('lets a local closure take a make-up working day off', () => {
    const local = officialCalendar([closure, { date: '2026-03-10', kind: 'closure', name: '停电检修' }]);
    expect(isWorkday(local, '2026-10-10')).toBe(false);
    expect(isWorkday(local, '2026-03-10')).toBe(false);
    expect(addWorkdays(local, '2026-09-30', 5)).toBe('2026-10-14');
  });

  it('applies a closure in an uncovered year and still flags the year', () => {
    const local = officialCalendar([{ date: '2027-03-10', kind: 'closure', name: '停电检修' }]);
    expect(isWorkday(local, '2027-03-10')).toBe(false);
    expect(isCovered(local, '2027-03-10')).toBe(false);
    expect(addWorkdaysChecked(local, '2027-03-09', 1)).toEqual({ date: '2027-03-11', provisional: true });
  });

  it('keeps the day off when one date is given both ways, whatever the order', () => {
    const a = createCalendar({ exceptions: [{ date: '2026-10-10', kind: 'workday', name: '' }, closure], coveredYears: [2026] });
    const b = createCalendar({ exceptions: [closure, { date: '2026-10-10', kind: 'workday', name: '' }], coveredYears: [2026] });
    expect(isWorkday(a, '2026-10-10')).toBe(false);
    expect(isWorkday(b, '2026-10-10')).toBe(false);
  });

  it('rejects a malformed date or year', () => {
    expect(() => createCalendar({ exceptions: [{ date: '2026-02-30', kind: 'holiday', name: '' }], coveredYears: [] })).toThrow(RangeError);
    expect(() => createCalendar({ exceptions: [], coveredYears: [2026.5] })).toThrow(RangeError);
  });

  it('works with no data at all (everything provisional)', () => {
    const empty = createCalendar({ exceptions: [], coveredYears: [] });
    expect(addWorkdays(empty, '2026-10-01', 5)).toBe('2026-10-08');
    expect(workdaysBetweenChecked(empty, '2026-10-01', '2026-10-08')).toEqual({ count: 5, provisional: true });
  });
});

// Day-by-day reference implementations the fast paths must agree with.
function naiveAdd(c: WorkCalendar, date: IsoDate, n: number): IsoDate {
  if (n === 0) return isWorkday(c, date) ? date : naiveAdd(c, date, 1);
  let d = date;
  for (let seen = 0; seen < Math.abs(n); ) {
    d = addDays(d, Math.sign(n));
    if (isWorkday(c, d)) seen++;
  }
  return d;
}

function naiveBetween(c: WorkCalendar, a: IsoDate, b: IsoDate): number {
  let count = 0;
  if (b >= a) for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) count += isWorkday(c, d) ? 1 : 0;
  else for (let d = b; d < a; d = addDays(d, 1)) count -= isWorkday(c, d) ? 1 : 0;
  return count;
}

function naiveIsWorkday(exceptions: CalendarException[], date: IsoDate): boolean {
  const kinds = exceptions.filter((e) => e.date === date).map((e) => e.kind);
  if (kinds.includes('closure') || kinds.includes('holiday')) return false;
  if (kinds.includes('workday')) return true;
  const dow = weekday(date);
  return dow !== 0 && dow !== 6;
}

describe('properties', () => {
  const base = dayNumber('2025-09-01'); // ± 900 days: 2023 to 2028, around data in 2025–2027
  const dateArb = fc.integer({ min: -900, max: 900 }).map((i) => fromDayNumber(base + i));
  const exceptionArb = fc.record({
    date: fc.integer({ min: 0, max: 1000 }).map((i) => fromDayNumber(dayNumber('2025-01-01') + i)),
    kind: fc.constantFrom('holiday' as const, 'workday' as const, 'closure' as const),
    name: fc.constant('x'),
  });
  const calArb = fc
    .record({ exceptions: fc.array(exceptionArb, { maxLength: 120 }), coveredYears: fc.subarray([2024, 2025, 2026, 2027]) })
    .map((input) => ({ input, cal: createCalendar(input) }));

  it('isWorkday follows the exceptions, then Monday–Friday', () => {
    fc.assert(
      fc.property(calArb, dateArb, ({ input, cal: c }, d) => {
        expect(isWorkday(c, d)).toBe(naiveIsWorkday(input.exceptions, d));
      }),
    );
  }, 60_000);

  it('addWorkdays and workdaysBetween agree with a day-by-day walk', () => {
    fc.assert(
      fc.property(calArb, dateArb, dateArb, fc.integer({ min: -300, max: 300 }), ({ cal: c }, a, b, n) => {
        expect(addWorkdays(c, a, n)).toBe(naiveAdd(c, a, n));
        expect(workdaysBetween(c, a, b)).toBe(naiveBetween(c, a, b));
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('round-trips: workdaysBetween(a, addWorkdays(a, n)) = n (n ≠ 0), and back to any working day b', () => {
    fc.assert(
      fc.property(calArb, dateArb, dateArb, fc.integer({ min: -400, max: 400 }), ({ cal: c }, a, b, n) => {
        const target = addWorkdays(c, a, n);
        expect(isWorkday(c, target)).toBe(true);
        if (n !== 0) expect(workdaysBetween(c, a, target)).toBe(n);
        if (isWorkday(c, b)) expect(addWorkdays(c, a, workdaysBetween(c, a, b))).toBe(b);
      }),
    );
  }, 60_000);

  it('flags provisional exactly when the span touches an uncovered year', () => {
    fc.assert(
      fc.property(calArb, dateArb, fc.integer({ min: -400, max: 400 }), ({ input, cal: c }, a, n) => {
        const { date, provisional } = addWorkdaysChecked(c, a, n);
        const [lo, hi] = a <= date ? [a, date] : [date, a];
        let touches = false;
        for (let y = Number(lo.slice(0, 4)); y <= Number(hi.slice(0, 4)); y++) touches ||= !input.coveredYears.includes(y);
        expect(provisional).toBe(touches);
      }),
    );
  }, 60_000);
});
