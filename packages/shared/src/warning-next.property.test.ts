import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { officialCalendar } from './calendar-data';
import { MATTER_STATUSES, REPORT_CADENCES, type MatterFacts } from './matter-facts';
import { dayNumber, fromDayNumber, shanghaiDayNumber, shanghaiInstant } from './time';
import { evaluateColour } from './warning';
import { colourRank } from './warning-colours';
import { nextColourChangeDay } from './warning-next';
import { mergeThresholds, type WarningThresholds } from './warning-thresholds';

const cal = officialCalendar();
const BASE = dayNumber('2026-06-01');
const instantArb = (from: number, to: number) => fc.integer({ min: from * 1440, max: to * 1440 }).map((m) => shanghaiInstant(fromDayNumber(BASE), m));
const dayArb = (from: number, to: number) => fc.integer({ min: from, max: to }).map((d) => fromDayNumber(BASE + d));
const thresholdsArb: fc.Arbitrary<WarningThresholds> = fc.record({
  stallDays: fc.integer({ min: 1, max: 30 }),
  lagTolerance: fc.integer({ min: 0, max: 40 }),
  dueSoonWorkdays: fc.integer({ min: 0, max: 10 }),
  dueSoonProgress: fc.integer({ min: 0, max: 100 }),
});
const factsArb: fc.Arbitrary<MatterFacts> = fc.record({
  status: fc.constantFrom(...MATTER_STATUSES),
  startDate: dayArb(-100, 100),
  deadline: dayArb(-50, 200),
  progress: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true })),
  milestones: fc.array(fc.record({ date: dayArb(-100, 200), plannedProgress: fc.integer({ min: 0, max: 100 }) }), { maxLength: 3 }),
  lastReportAt: fc.option(instantArb(-120, 200), { nil: null }),
  lastProgressIncreaseAt: fc.option(instantArb(-120, 200), { nil: null }),
  assignedAt: fc.option(instantArb(-110, 110), { nil: null }),
  reportCadence: fc.constantFrom(...REPORT_CADENCES),
});
const DAY_MS = 86_400_000;

describe('nextColourChangeDay', () => {
  it('without a write the colour only worsens, and never changes before the day it names', () => {
    fc.assert(
      fc.property(factsArb, instantArb(-60, 220), thresholdsArb, (f, now, t) => {
        const { colour } = evaluateColour(f, now, cal, t);
        const next = nextColourChangeDay(f, colour, now, cal, t);
        const today = shanghaiDayNumber(now);
        const horizon = next ?? today + 260;
        let previous = colour;
        for (let d = today + 1; d <= Math.min(horizon + 30, today + 260); d++) {
          const later = evaluateColour(f, new Date(now.getTime() + (d - today) * DAY_MS), cal, t).colour;
          expect(colourRank(later)).toBeGreaterThanOrEqual(colourRank(previous));
          if (d < horizon) expect(later).toBe(colour);
          previous = later;
        }
      }),
      { numRuns: 250 },
    );
  }, 120_000);

  // Found by the property above (seed 1932846599): green on Thursday 18 June 2026, due soon from Monday the
  // 22nd (the 端午 holiday 19–21 June in between); the lower bound for the due-soon day fell on today itself.
  it('names a day no later than a due-soon warning that starts after a holiday', () => {
    const f: MatterFacts = { status: 'completion_requested', startDate: '2026-06-01', deadline: '2026-07-03', progress: 63, milestones: [], lastReportAt: null, lastProgressIncreaseAt: null, assignedAt: null, reportCadence: 'none' };
    const t = { stallDays: 1, lagTolerance: 3, dueSoonWorkdays: 9, dueSoonProgress: 64 };
    const now = new Date('2026-06-17T16:00:00.000Z');
    expect(evaluateColour(f, now, cal, t).colour).toBe('green');
    expect(evaluateColour(f, shanghaiInstant('2026-06-22'), cal, t).colour).toBe('yellow');
    const next = nextColourChangeDay(f, 'green', now, cal, t);
    expect(next).not.toBeNull();
    expect(next ?? Infinity).toBeLessThanOrEqual(dayNumber('2026-06-22'));
  });

  it('a category override of a threshold wins over the tenant, and a laxer category never gives a worse colour', () => {
    fc.assert(
      fc.property(factsArb, instantArb(-60, 220), thresholdsArb, fc.integer({ min: 0, max: 30 }), (f, now, tenant, extra) => {
        const strict = mergeThresholds(tenant, null);
        const lax = mergeThresholds(tenant, { stallDays: Math.min(365, tenant.stallDays + extra), lagTolerance: Math.min(100, tenant.lagTolerance + extra) });
        expect(lax.dueSoonWorkdays).toBe(tenant.dueSoonWorkdays);
        expect(lax.stallDays).toBe(Math.min(365, tenant.stallDays + extra));
        const a = evaluateColour(f, now, cal, strict).colour;
        const b = evaluateColour(f, now, cal, lax).colour;
        expect(colourRank(b)).toBeLessThanOrEqual(colourRank(a));
      }),
      { numRuns: 400 },
    );
  });
});
