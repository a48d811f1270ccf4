import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkdaysChecked, createCalendar, type CalendarException } from './calendar';
import { officialCoveredYears, officialExceptions } from './calendar-data';
import { recountDeadlines, isHolidayDeadline, type CountedDeadline } from './deadline-recount';
import { dayNumber, fromDayNumber } from './time';

const official = officialExceptions();
const covered = officialCoveredYears();
const last = Math.max(...covered);
const next = last + 1;

describe('recountDeadlines', () => {
  it('the issue\'s case: 5 个工作日 from 2026-12-28 is 2027-01-04 暂定, then 2027-01-05 once 元旦 is entered', () => {
    const before = createCalendar({ exceptions: official, coveredYears: covered });
    const guessed = addWorkdaysChecked(before, '2026-12-28', 5);
    expect(guessed).toEqual({ date: '2027-01-04', provisional: true });
    const after = createCalendar({ exceptions: [...official, { date: '2027-01-01', kind: 'holiday', name: '元旦' }], coveredYears: [...covered, 2027] });
    const m = { id: 1, startDate: '2026-12-28', deadline: guessed.date, deadlineWorkdays: 5, provisional: true };
    expect(recountDeadlines(after, [m])).toEqual([{ id: 1, from: '2027-01-04', to: '2027-01-05', provisional: false }]);
    // A fixed date is not moved; it is shown as falling on a holiday.
    expect(recountDeadlines(after, [{ ...m, deadlineWorkdays: null, deadline: '2027-01-01' }])).toEqual([]);
    expect(isHolidayDeadline(after, '2027-01-01')).toBe(true);
  });

  it('importing a year and recounting equals counting with it from the start', () => {
    const yearDay = fc.integer({ min: 0, max: 364 }).map((i) => fromDayNumber(dayNumber(`${next}-01-01`) + i));
    const exception = fc.record({ date: yearDay, kind: fc.constantFrom('holiday' as const, 'workday' as const, 'closure' as const), name: fc.constant('安排') });
    const matter = fc.record({
      start: fc.integer({ min: -40, max: 200 }).map((i) => fromDayNumber(dayNumber(`${next}-01-01`) + i)),
      n: fc.integer({ min: 1, max: 60 }),
    });
    fc.assert(
      fc.property(fc.array(exception, { maxLength: 30 }), fc.array(matter, { minLength: 1, maxLength: 10 }), (imported: CalendarException[], ms) => {
        const before = createCalendar({ exceptions: official, coveredYears: covered });
        const full = createCalendar({ exceptions: [...official, ...imported], coveredYears: [...covered, next] });
        // Registered while the year was missing: counted through the guessing calendar.
        const stored: CountedDeadline[] = ms.map((m, id) => {
          const r = addWorkdaysChecked(before, m.start, m.n);
          return { id, startDate: m.start, deadline: r.date, deadlineWorkdays: m.n, provisional: r.provisional };
        });
        const changes = new Map(recountDeadlines(full, stored).map((c) => [c.id, c]));
        for (const s of stored) {
          const after = changes.get(s.id);
          const truth = addWorkdaysChecked(full, s.startDate, s.deadlineWorkdays ?? 0);
          expect({ date: after?.to ?? s.deadline, provisional: after?.provisional ?? s.provisional }).toEqual(truth);
        }
        // Recounting again changes nothing.
        const settled = stored.map((s) => ({ ...s, deadline: changes.get(s.id)?.to ?? s.deadline, provisional: changes.get(s.id)?.provisional ?? s.provisional }));
        expect(recountDeadlines(full, settled)).toEqual([]);
      }),
    );
  });
});
