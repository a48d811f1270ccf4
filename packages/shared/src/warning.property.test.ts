import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWorkday, type WorkCalendar } from './calendar';
import { officialCalendar } from './calendar-data';
import { MATTER_STATUSES, REPORT_CADENCES, REPORT_CADENCE_WORKDAYS, type MatterFacts } from './matter-facts';
import { dayNumber, fromDayNumber, shanghaiDayNumber, shanghaiInstant } from './time';
import { evaluateColour } from './warning';
import { COLOUR_ORDER, colourRank, worstColour, type WarningColour } from './warning-colours';
import type { WarningThresholds } from './warning-thresholds';

const cal: WorkCalendar = officialCalendar();
const BASE = dayNumber('2026-06-01');
const DAY_MS = 86_400_000;

// Instants at minute resolution, days counted from BASE, so Shanghai midnight edges come up.
const instantArb = (fromDay: number, toDay: number) =>
  fc.integer({ min: fromDay * 1440, max: toDay * 1440 }).map((m) => shanghaiInstant(fromDayNumber(BASE), m));
const dayArb = (from: number, to: number) => fc.integer({ min: from, max: to }).map((d) => fromDayNumber(BASE + d));

const thresholdsArb: fc.Arbitrary<WarningThresholds> = fc.record({
  stallDays: fc.integer({ min: 1, max: 30 }),
  lagTolerance: fc.integer({ min: 0, max: 40 }),
  dueSoonWorkdays: fc.integer({ min: 0, max: 10 }),
  dueSoonProgress: fc.integer({ min: 0, max: 100 }),
});

const progressArb = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }));

// Dates around 2026 (covered), reaching into 2025 and 2027 (uncovered), degenerate plans included.
const factsArb: fc.Arbitrary<MatterFacts> = fc.record({
  status: fc.constantFrom(...MATTER_STATUSES),
  startDate: dayArb(-200, 200),
  deadline: dayArb(-150, 500),
  progress: progressArb,
  milestones: fc.array(
    fc.record({
      date: dayArb(-200, 500),
      plannedProgress: fc.integer({ min: 0, max: 100 }),
      description: fc.option(fc.constantFrom('主体封顶', '完成招标'), { nil: undefined }),
    }),
    { maxLength: 4 },
  ),
  lastReportAt: fc.option(instantArb(-220, 500), { nil: null }),
  lastProgressIncreaseAt: fc.option(instantArb(-220, 500), { nil: null }),
  assignedAt: fc.option(instantArb(-210, 210), { nil: null }),
  reportCadence: fc.constantFrom(...REPORT_CADENCES),
});
const nowArb = instantArb(-150, 560);

const rank = (c: WarningColour | null): number => colourRank(c);
const open = (f: MatterFacts): boolean => ['assigned', 'in_progress', 'completion_requested'].includes(f.status);

/** The blue rules restated from SPEC §2 and docs/warning-rules.md, counting working days one by one. */
function stalled(f: MatterFacts, now: Date, t: WarningThresholds): boolean {
  if (f.progress >= 100 || f.status === 'completion_requested') return false;
  const today = shanghaiDayNumber(now);
  const clock = f.assignedAt ? shanghaiDayNumber(f.assignedAt) : dayNumber(f.startDate);
  const since = (at: Date | null): number => (at ? Math.max(shanghaiDayNumber(at), clock) : clock);
  const reported = since(f.lastReportAt);
  if (today - reported > t.stallDays || today - since(f.lastProgressIncreaseAt) > t.stallDays) return true;
  const every = REPORT_CADENCE_WORKDAYS[f.reportCadence];
  if (every === 0) return false;
  let workdays = 0; // strictly between the report day and today
  for (let d = reported + 1; d < today; d++) if (isWorkday(cal, fromDayNumber(d))) workdays++;
  return workdays >= every;
}

describe('evaluateColour properties', () => {
  it('(1) precedence: overdue is red; otherwise stalled is blue; otherwise yellow or green', () => {
    fc.assert(
      fc.property(factsArb, nowArb, thresholdsArb, (f, now, t) => {
        fc.pre(open(f));
        const { colour } = evaluateColour(f, now, cal, t);
        if (shanghaiDayNumber(now) > dayNumber(f.deadline)) expect(colour).toBe('red');
        else if (stalled(f, now, t)) expect(colour).toBe('blue');
        else expect(['yellow', 'green']).toContain(colour);
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('(2a) more progress, all else equal, never gives a worse colour', () => {
    fc.assert(
      fc.property(factsArb, nowArb, thresholdsArb, progressArb, progressArb, (f, now, t, p, q) => {
        const less = evaluateColour({ ...f, progress: Math.min(p, q) }, now, cal, t).colour;
        const more = evaluateColour({ ...f, progress: Math.max(p, q) }, now, cal, t).colour;
        expect(rank(more)).toBeLessThanOrEqual(rank(less));
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  // Holds because the report clock is max(report day, assignment day), a missing report counting
  // as the oldest possible one; nothing else reads lastReportAt.
  it('(2b) a more recent lastReportAt never gives a worse colour', () => {
    fc.assert(
      fc.property(factsArb, nowArb, thresholdsArb, fc.integer({ min: 0, max: 400 * 1440 }), (f, now, t, laterMinutes) => {
        const earlier = f.lastReportAt;
        const later = new Date((earlier ? earlier.getTime() : (BASE - 220) * DAY_MS) + laterMinutes * 60_000);
        const before = evaluateColour(f, now, cal, t).colour;
        const after = evaluateColour({ ...f, lastReportAt: later }, now, cal, t).colour;
        expect(rank(after)).toBeLessThanOrEqual(rank(before));
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  // Holds because: red needs today > deadline; remaining working days only grow with the deadline;
  // the blue rules and missed milestones ignore it; and the planned line with a later deadline
  // lies on or below the earlier one (it reaches 100% later, and any milestone it newly takes in
  // is at most 100%), so lagging can only go away. Red can turn yellow, never the reverse.
  it('(2c) a later deadline never gives a worse colour', () => {
    fc.assert(
      fc.property(factsArb, nowArb, thresholdsArb, fc.integer({ min: 0, max: 400 }), (f, now, t, extension) => {
        const extended = fromDayNumber(dayNumber(f.deadline) + extension);
        const before = evaluateColour(f, now, cal, t).colour;
        const after = evaluateColour({ ...f, deadline: extended }, now, cal, t).colour;
        expect(rank(after)).toBeLessThanOrEqual(rank(before));
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('(3) closed, archived, cancelled and registered matters have no colour and no reasons', () => {
    fc.assert(
      fc.property(factsArb, nowArb, thresholdsArb, fc.constantFrom('closed', 'archived', 'cancelled', 'registered' as const), (f, now, t, status) => {
        const result = evaluateColour({ ...f, status }, now, cal, t);
        expect(result.colour).toBeNull();
        expect(result.reasons).toEqual([]);
      }),
    );
  }, 60_000);

  it('(4) the colour is the worst reason: one reason carries it, green has none', () => {
    fc.assert(
      fc.property(factsArb, nowArb, thresholdsArb, (f, now, t) => {
        fc.pre(open(f));
        const { colour, reasons } = evaluateColour(f, now, cal, t);
        expect(colour).not.toBeNull();
        if (colour === 'green') expect(reasons).toEqual([]);
        else expect(reasons.some((r) => r.colour === colour)).toBe(true);
        for (const r of reasons) expect(rank(r.colour)).toBeLessThanOrEqual(rank(colour));
        const ranks = reasons.map((r) => rank(r.colour));
        expect(ranks).toEqual([...ranks].sort((a, b) => b - a)); // worst first
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('answers the same whatever was evaluated before (the remembered date is per instant)', () => {
    fc.assert(
      fc.property(factsArb, nowArb, nowArb, thresholdsArb, (f, now, other, t) => {
        const first = evaluateColour(f, now, cal, t);
        evaluateColour(f, other, cal, t);
        expect(evaluateColour(f, now, cal, t)).toEqual(first);
      }),
    );
  }, 60_000);

  it('is never provisional for a matter that lives inside the covered years', () => {
    const inside = (f: MatterFacts, now: Date): boolean => {
      const lo = dayNumber('2025-01-01');
      const hi = dayNumber('2026-12-15'); // leaves room for the due-soon look-ahead
      const days = [dayNumber(f.startDate), dayNumber(f.deadline), shanghaiDayNumber(now)];
      if (f.assignedAt) days.push(shanghaiDayNumber(f.assignedAt));
      return days.every((d) => d >= lo && d <= hi);
    };
    fc.assert(
      fc.property(factsArb, nowArb, thresholdsArb, (f, now, t) => {
        fc.pre(inside(f, now));
        expect(evaluateColour(f, now, cal, t).provisional).toBe(false);
      }),
    );
  }, 60_000);
});

describe('worstColour properties', () => {
  const colourArb = fc.option(fc.constantFrom(...COLOUR_ORDER), { nil: null });

  it('(5) is order-independent, idempotent, and the highest rank', () => {
    fc.assert(
      fc.property(fc.array(colourArb, { maxLength: 12 }), fc.infiniteStream(fc.nat()), (colours, seeds) => {
        const shuffled = colours.map((c) => ({ c, k: seeds.next().value })).sort((a, b) => a.k - b.k).map((x) => x.c);
        const worst = worstColour(colours);
        expect(worstColour(shuffled)).toBe(worst);
        expect(worstColour([worst, ...colours])).toBe(worst);
        expect(worstColour([worst])).toBe(worst);
        expect(rank(worst)).toBe(Math.max(-1, ...colours.map(rank)));
      }),
    );
  }, 60_000);
});
