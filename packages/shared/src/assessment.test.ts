import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_BOOK, ruleBookSchema } from './assessment-rules';
import { accountability, applyExemptions, periodTotal, scoreMatter, type MatterOutcome, type OutcomeEvent, type Period } from './assessment-score';
import { composite, excellentSeats, proposeGrades, rankWithinGroups } from './assessment-rank';
import { officialCalendar } from './calendar-data';
import { closedOnTime, isOverdue, MATTER_STATUSES } from './matter-facts';
import { addDays, shanghaiInstant, type IsoDate } from './time';

const cal = officialCalendar();
const book = { version: 1, rules: DEFAULT_RULE_BOOK };
const q4: Period = { from: '2026-10-01', to: '2026-12-31' };
/** Closed on a date (10:00 Asia/Shanghai), or open (null). */
const closed = (on: IsoDate | null): Pick<MatterOutcome, 'status' | 'closedAt'> => (on ? { status: 'closed', closedAt: shanghaiInstant(on, 600) } : { status: 'in_progress', closedAt: null });
const matter = (over: Partial<MatterOutcome> = {}): MatterOutcome => ({
  matterId: 7,
  number: '二七督〔2026〕1006号',
  source: 'key_work',
  difficulty: 1.5,
  workload: 2,
  deadline: '2026-11-20',
  ...closed('2026-11-18'),
  events: [],
  ...over,
});

describe('score lines', () => {
  it('earns base × difficulty × workload for an on-time closure, and says why', () => {
    const [line] = scoreMatter(matter(), book, cal, q4);
    expect(line).toMatchObject({ rule: 'on_time', points: 3, on: '2026-11-18', clause: '第 6 条' });
    expect(line!.text).toBe('二七督〔2026〕1006号 按期办结，基础分 1 × 难度 1.5 × 工作量 2 × 1 = 3，依据《督查考核办法（默认）》第 6 条（第 1 版）');
  });

  it('deducts per overdue working day, not per calendar day (2026-11-20 Fri → 11-25 Wed is 3)', () => {
    const lines = scoreMatter(matter({ ...closed('2026-11-25') }), book, cal, q4);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ rule: 'overdue', quantity: 3, unitPoints: -0.5, points: -1.5 });
    expect(lines[0]!.text).toContain('逾期 3 个工作日 × −0.5 = −1.5，依据《督查考核办法（默认）》第 7 条');
  });

  it('caps a matter’s overdue deduction, and says so', () => {
    const [line] = scoreMatter(matter({ deadline: '2026-10-09', ...closed(null) }), book, cal, q4);
    expect(line).toMatchObject({ rule: 'overdue', points: -5, quantity: 10 });
    expect(line!.text).toContain('单项封顶 −5');
  });

  it('counts an open matter’s overdue days once across consecutive periods', () => {
    const m = matter({ deadline: '2026-12-15', ...closed('2027-01-08') });
    const dec = scoreMatter(m, book, cal, { from: '2026-12-01', to: '2026-12-31' });
    const jan = scoreMatter(m, book, cal, { from: '2027-01-01', to: '2027-01-31' });
    const whole = scoreMatter(m, book, cal, { from: '2026-12-01', to: '2027-01-31' });
    const days = (ls: typeof dec) => ls.filter((l) => l.rule === 'overdue').reduce((s, l) => s + l.quantity, 0);
    expect(days(dec) + days(jan)).toBe(Math.min(10, days(whole)));
  });

  it('counts red warnings on the matter’s own account only, returns and ratings', () => {
    const events: OutcomeEvent[] = [
      { seq: 11, kind: 'turned_red', on: '2026-11-10', own: false },
      { seq: 12, kind: 'turned_red', on: '2026-11-12', own: true },
      { seq: 13, kind: 'returned', on: '2026-11-14' },
      { seq: 14, kind: 'rated', on: '2026-11-19', stars: 5 },
      { seq: 15, kind: 'rated', on: '2026-11-19', stars: 3 },
    ];
    const lines = scoreMatter(matter({ events }), book, cal, q4);
    expect(lines.map((l) => [l.rule, l.points, l.eventSeq])).toEqual([
      ['on_time', 3, null],
      ['red_warning', -1, 12],
      ['returned', -2, 13],
      ['rating', 1, 14],
    ]);
  });
});

describe('one definition of on time and overdue (matter-facts)', () => {
  // The cases of the server's agreement test (matter-status.sql.test.ts): every status, deadlines around 2026-11-20,
  // closing instants on either side of the deadline's Asia/Shanghai midnight.
  const asOf = '2026-11-25';
  const closings = [null, shanghaiInstant('2026-11-20', 23 * 60 + 59), shanghaiInstant('2026-11-21', 0), new Date('2026-11-21T07:59:00Z'), shanghaiInstant('2026-11-02', 600)];
  const cases = MATTER_STATUSES.flatMap((status) => ['2026-11-19', '2026-11-20', '2026-11-21'].flatMap((deadline) => closings.map((closedAt) => ({ status, closedAt, deadline }))));

  it('earns 按期办结 exactly when closedOnTime, and loses overdue days exactly when closed late or isOverdue', () => {
    for (const c of cases) {
      const rules = scoreMatter(matter(c), book, cal, { ...q4, asOf }).map((l) => l.rule);
      const closedLate = (c.status === 'closed' || c.status === 'archived') && c.closedAt !== null && !closedOnTime(c);
      expect(rules.includes('on_time'), JSON.stringify(c)).toBe(closedOnTime(c));
      // Overdue days are working days: a matter late on 11-21 (Sat) alone has none.
      const late = closedLate || isOverdue(c, asOf);
      if (!late) expect(rules.includes('overdue'), JSON.stringify(c)).toBe(false);
      if (late && (c.status !== 'closed' && c.status !== 'archived')) expect(rules.includes('overdue'), JSON.stringify(c)).toBe(true);
      if (c.status === 'registered' || c.status === 'cancelled') expect(rules).toEqual([]);
    }
  });

  it('counts an open matter late up to the day read, not to the end of a running period', () => {
    const open = matter({ deadline: '2026-11-20', ...closed(null) });
    const [line] = scoreMatter(open, book, cal, { ...q4, asOf: '2026-11-25' });
    expect(line).toMatchObject({ rule: 'overdue', quantity: 3, on: '2026-11-25' });
    expect(scoreMatter(open, book, cal, { ...q4, asOf: '2026-11-20' })).toEqual([]);
    // A past period is read to its end.
    expect(scoreMatter(open, book, cal, { from: '2026-11-01', to: '2026-11-25', asOf: '2026-12-07' })[0]).toMatchObject({ quantity: 3 });
  });
});

const outcome = fc.record({
  deadline: fc.integer({ min: 0, max: 200 }).map((n) => addDays('2026-07-01', n)),
  close: fc.option(fc.integer({ min: 0, max: 250 }), { nil: null }),
  difficulty: fc.constantFrom(0.5, 1, 1.5, 2),
  workload: fc.constantFrom(0.5, 1, 2),
  events: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('turned_red' as const), n: fc.integer({ min: 0, max: 250 }), own: fc.boolean() }),
      fc.record({ kind: fc.constant('returned' as const), n: fc.integer({ min: 0, max: 250 }) }),
      fc.record({ kind: fc.constant('rated' as const), n: fc.integer({ min: 0, max: 250 }), stars: fc.integer({ min: 1, max: 5 }) }),
    ),
    { maxLength: 6 },
  ),
});

type Generated = typeof outcome extends fc.Arbitrary<infer T> ? T : never;

function build(o: Generated, id: number): MatterOutcome {
  return matter({
    matterId: id,
    deadline: o.deadline,
    ...closed(o.close === null ? null : addDays('2026-07-01', o.close)),
    difficulty: o.difficulty,
    workload: o.workload,
    events: o.events.map((e, i): OutcomeEvent => {
      const on = addDays('2026-07-01', e.n);
      if (e.kind === 'turned_red') return { seq: i + 1, kind: 'turned_red', on, own: e.own };
      if (e.kind === 'returned') return { seq: i + 1, kind: 'returned', on };
      return { seq: i + 1, kind: 'rated', on, stars: e.stars };
    }),
  });
}

describe('properties', () => {
  it('recomputing from the same history gives exactly the same lines, with unique keys', () => {
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 8 }), (os) => {
        const once = os.flatMap((o, i) => scoreMatter(build(o, i + 1), book, cal, q4));
        const again = os.flatMap((o, i) => scoreMatter(build(o, i + 1), book, cal, q4));
        expect(again).toEqual(once);
        expect(new Set(once.map((l) => l.key)).size).toBe(once.length);
      }),
    );
  });

  it('splitting a period in two never changes the points (each overdue day and event counted once)', () => {
    fc.assert(
      fc.property(outcome, fc.integer({ min: 1, max: 300 }), (o, cut) => {
        const whole: Period = { from: '2026-07-01', to: '2027-06-30' };
        const mid = addDays(whole.from, cut);
        const sum = (p: Period) => scoreMatter(build(o, 1), book, cal, p).reduce((s, l) => s + l.points, 0);
        expect(sum({ from: whole.from, to: addDays(mid, -1) }) + sum({ from: mid, to: whole.to })).toBeCloseTo(sum(whole), 6);
      }),
    );
  });

  it('an approved 容错 changes exactly the exempted lines, and the raw total by exactly their points', () => {
    fc.assert(
      fc.property(fc.array(outcome, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 4 }), (os, picks) => {
        const lines = os.flatMap((o, i) => scoreMatter(build(o, i + 1), book, cal, q4));
        const exempt = new Set(lines.length ? picks.map((p) => lines[p % lines.length]!.key) : []);
        const before = applyExemptions(lines, new Set());
        const after = applyExemptions(lines, exempt);
        after.forEach((l, i) => {
          expect({ ...l, exempt: false }).toEqual(before[i]);
          expect(l.exempt).toBe(exempt.has(l.key));
        });
        const removed = lines.filter((l) => exempt.has(l.key)).reduce((s, l) => s + l.points, 0);
        const cap = DEFAULT_RULE_BOOK.periodCap;
        expect(periodTotal(after, cap).raw).toBeCloseTo(periodTotal(before, cap).raw - removed, 6);
      }),
    );
  });
});

describe('totals, 问责, ranking, grades and the composite', () => {
  it('keeps a period total within the caps and flags a unit missing deadlines 3 times', () => {
    const lines = applyExemptions(
      [1, 2, 3].flatMap((id) => scoreMatter(matter({ matterId: id, deadline: '2026-10-09', ...closed(null) }), book, cal, q4)),
      new Set(),
    );
    expect(periodTotal(lines, { max: 20, min: -12 })).toEqual({ raw: -15, total: -12 });
    expect(accountability(lines, 3)).toEqual({ flagged: true, matterIds: [1, 2, 3] });
    expect(accountability(applyExemptions(lines, new Set([lines[0]!.key])), 3).flagged).toBe(false);
  });

  it('ranks within peer groups with competition ranking for ties', () => {
    const ranked = rankWithinGroups([
      { id: 1, group: '街道', score: 95 },
      { id: 2, group: '街道', score: 95 },
      { id: 3, group: '街道', score: 90 },
      { id: 4, group: '区直单位', score: 80 },
    ]);
    expect(ranked.map((r) => [r.id, r.rank, r.groupSize])).toEqual([
      [1, 1, 3],
      [2, 1, 3],
      [3, 3, 3],
      [4, 1, 1],
    ]);
  });

  it('never exceeds the 优秀 quota: ⌊n × 20%⌋ seats, a tie straddling the last seat leaves the tied out', () => {
    expect(excellentSeats(12, 0.2)).toBe(2);
    expect(excellentSeats(10, 0.2)).toBe(2);
    expect(excellentSeats(4, 0.2)).toBe(0);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 60, max: 100 }), { minLength: 1, maxLength: 40 }), (scores) => {
        const ranked = rankWithinGroups(scores.map((score, i) => ({ id: i + 1, group: 'g', score })));
        const grades = proposeGrades(ranked, 0.2);
        const excellent = ranked.filter((r) => grades.get(r.id) === 'excellent');
        expect(excellent.length).toBeLessThanOrEqual(excellentSeats(scores.length, 0.2));
        for (const e of excellent) for (const r of ranked) if (r.score > e.score) expect(grades.get(r.id)).toBe('excellent');
      }),
    );
  });

  it('weighs the quantified index 40% and the organisation department’s part 60%', () => {
    expect(composite(10, [0, 10, 5], 90, 0.4)).toBe(94);
    expect(composite(0, [0, 10, 5], 90, 0.4)).toBe(78);
    expect(composite(3, [3, 3], 80, 0.4)).toBe(88);
  });

  it('validates a rule book with Chinese messages', () => {
    expect(ruleBookSchema.safeParse(DEFAULT_RULE_BOOK).success).toBe(true);
    const bad = ruleBookSchema.safeParse({ ...DEFAULT_RULE_BOOK, periodCap: { max: -1, min: -20 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('扣分上限须 ≤ 0，加分上限须 ≥ 0');
  });
});
