import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { officialCalendar } from './calendar-data';
import { holdDeadline, type LimitOf } from './grid-deadlines';
import { dueEscalations, type EscalationProblem } from './grid-escalation';
import { GRID_ACTIVE_STATUSES, GRID_STATUSES, HOLD_LEVELS, holdStage, type HoldLevel } from './grid-flow';
import { defaultLimitRows, pickLimit } from './grid-limits';
import { DEFAULT_WORK_PERIODS, limitMinutes, parseWorkPeriods, workClock, workingMinutesBetween, type WorkPeriod } from './grid-time';

const periods = parseWorkPeriods(DEFAULT_WORK_PERIODS) as { periods: WorkPeriod[] };
const clock = workClock(officialCalendar(), periods.periods);
const rows = defaultLimitRows();
const normal: LimitOf = (stage) => pickLimit(rows, stage, 1, null, 'normal');
const at = (local: string) => new Date(`${local}+08:00`);
const above = (level: HoldLevel): HoldLevel[] => HOLD_LEVELS.slice(HOLD_LEVELS.indexOf(level) + 1);

const problem = (over: Partial<EscalationProblem> = {}): EscalationProblem => ({
  id: '1',
  status: 'registered',
  holdLevel: 'community',
  holdSince: at('2026-11-18T10:00'),
  stageDeadline: null,
  levelsAbove: above('community'),
  ...over,
});

describe('dueEscalations', () => {
  it('a community holds a problem 2 working days: Wednesday 10:00 to Friday 10:00, then it goes to the street', () => {
    const p = problem();
    expect(dueEscalations([p], () => normal, clock, at('2026-11-20T09:59'))).toEqual([]);
    const [e] = dueEscalations([p], () => normal, clock, at('2026-11-20T10:30'));
    expect(e).toMatchObject({ id: '1', from: 'community', to: 'street', heldMinutes: 870, overdueMinutes: 30, supervise: false });
    expect(e?.reason).toBe('社区办理超过时限（已办理 14 小时 30 分，超时 30 分钟），自动上报街道');
    // The street gets its own 3 working days from now.
    expect(e?.nextDeadline?.toISOString()).toBe(at('2026-11-25T10:30').toISOString());
  });

  it('skips a level the cell has no ancestor at, and a district problem past its limit is supervised at the top', () => {
    const [skip] = dueEscalations([problem({ holdLevel: 'cell', levelsAbove: ['street', 'district', 'city'] })], () => normal, clock, at('2026-11-30T10:00'));
    expect(skip).toMatchObject({ from: 'cell', to: 'street' });
    const [top] = dueEscalations([problem({ holdLevel: 'district', levelsAbove: ['city'] })], () => normal, clock, at('2026-11-30T10:00'));
    expect(top).toMatchObject({ from: 'district', to: 'city', supervise: true, nextDeadline: null });
    expect(dueEscalations([problem({ holdLevel: 'city', levelsAbove: [] })], () => normal, clock, at('2027-06-30T10:00'))).toEqual([]);
  });

  it('does not overtake a unit inside its handling time, nor move a problem waiting for 核查 or parked', () => {
    const handling = problem({ status: 'handling', stageDeadline: at('2026-11-24T10:00') });
    expect(dueEscalations([handling], () => normal, clock, at('2026-11-23T10:00'))).toEqual([]);
    expect(dueEscalations([handling], () => normal, clock, at('2026-11-24T10:00'))).toHaveLength(1);
    for (const status of ['handled', 'parked', 'closed'] as const) expect(dueEscalations([problem({ status })], () => normal, clock, at('2027-01-30T10:00'))).toEqual([]);
  });

  const level = fc.constantFrom(...HOLD_LEVELS);
  const gen = fc.record({
    status: fc.constantFrom(...GRID_STATUSES),
    holdLevel: level,
    sinceMin: fc.integer({ min: 0, max: 60 * 24 * 60 }),
    stageMin: fc.option(fc.integer({ min: 0, max: 60 * 24 * 60 }), { nil: null }),
    nowMin: fc.integer({ min: 0, max: 60 * 24 * 90 }),
    later: fc.integer({ min: 0, max: 60 * 24 * 30 }),
    keep: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    urgency: fc.constantFrom('normal' as const, 'urgent' as const, 'critical' as const),
  });
  type Gen = typeof gen extends fc.Arbitrary<infer T> ? T : never;
  const base = at('2026-11-02T00:00').getTime();
  const build = (g: Gen) => {
    const p: EscalationProblem = {
      id: 'p',
      status: g.status,
      holdLevel: g.holdLevel,
      holdSince: new Date(base + g.sinceMin * 60_000),
      stageDeadline: g.stageMin === null ? null : new Date(base + g.stageMin * 60_000),
      levelsAbove: above(g.holdLevel).filter((l, i) => l === 'district' || l === 'city' || g.keep[i]),
    };
    const limitOf: LimitOf = (stage) => pickLimit(rows, stage, 1, null, g.urgency);
    return { p, limitOf, now: new Date(p.holdSince.getTime() + g.nowMin * 60_000) };
  };

  it('climbs exactly when the level’s deadline has passed, to the nearest level present above, never past the top', () => {
    fc.assert(
      fc.property(gen, (g) => {
        const { p, limitOf, now } = build(g);
        const out = dueEscalations([p], () => limitOf, clock, now);
        const deadline = holdDeadline(clock, limitOf, p.status, p.holdLevel, p.holdSince, p.stageDeadline);
        const expected = GRID_ACTIVE_STATUSES.includes(p.status) && deadline !== null && deadline <= now && p.levelsAbove.length > 0;
        expect(out.length).toBe(expected ? 1 : 0);
        const e = out[0];
        if (!e) return;
        expect(e.to).toBe(p.levelsAbove[0]);
        expect(HOLD_LEVELS.indexOf(e.to)).toBeGreaterThan(HOLD_LEVELS.indexOf(e.from));
        // Who held the clock: at least the level's own limit, and exactly the working time since it took it.
        const limit = limitOf(holdStage(p.holdLevel));
        if (limit) expect(e.heldMinutes).toBeGreaterThanOrEqual(Math.floor(limitMinutes(clock, limit)));
        expect(e.heldMinutes).toBe(Math.max(0, Math.round(workingMinutesBetween(clock, p.holdSince, now))));
        expect(e.supervise).toBe(e.from === 'district' || e.to === 'city');
      }),
      { numRuns: 300 },
    );
  });

  it('stays due as time passes, and running it again at the same moment after the climb moves nothing (idempotent)', () => {
    fc.assert(
      fc.property(gen, (g) => {
        const { p, limitOf, now } = build(g);
        const first = dueEscalations([p], () => limitOf, clock, now);
        const later = dueEscalations([p], () => limitOf, clock, new Date(now.getTime() + g.later * 60_000));
        if (first.length) expect(later.map((e) => e.to)).toEqual(first.map((e) => e.to));
        for (const e of first) {
          const moved: EscalationProblem = { ...p, holdLevel: e.to, holdSince: now, levelsAbove: p.levelsAbove.slice(1) };
          expect(dueEscalations([moved], () => limitOf, clock, now)).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
