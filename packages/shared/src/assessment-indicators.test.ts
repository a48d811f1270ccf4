import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INDICATORS, evaluateIndicator, evaluateIndicators, indicatorQuarters, indicatorSettingsSchema, indicatorWindow, type CadreQuarter, type Indicator } from './assessment-indicators';

const q = (o: Partial<CadreQuarter> = {}): CadreQuarter => ({ rank: 3, groupSize: 6, total: 0, composite: null, grade: null, accountability: [], overdue: [], ...o });
const ind = (id: string) => DEFAULT_INDICATORS.find((i) => i.id === id)!;
const m = (id: number) => ({ id, number: `M${id}`, title: `事项${id}` });

describe('能上能下 indicators', () => {
  it('windows run back across a year end and refuse a year code', () => {
    expect(indicatorWindow('2027Q1', 3)).toEqual(['2026Q3', '2026Q4', '2027Q1']);
    expect(indicatorWindow('2026', 2)).toEqual([]);
    expect(indicatorQuarters(DEFAULT_INDICATORS, '2026Q4')).toEqual(['2026Q1', '2026Q2', '2026Q3', '2026Q4']);
  });

  it('last in the peer group two quarters running: both quarters, with the standings as evidence', () => {
    const last = q({ rank: 6, total: -4.5 });
    expect(evaluateIndicator(ind('last_two_quarters'), '2026Q4', { personId: 1, quarters: { '2026Q3': last, '2026Q4': last } })).toEqual([
      { period: '2026Q3', text: '2026Q3 得分 -4.5，同类 6 人中第 6 名', matters: [] },
      { period: '2026Q4', text: '2026Q4 得分 -4.5，同类 6 人中第 6 名', matters: [] },
    ]);
    // One quarter not last, a missing quarter, or a group of one: no flag.
    expect(evaluateIndicator(ind('last_two_quarters'), '2026Q4', { personId: 1, quarters: { '2026Q3': q(), '2026Q4': last } })).toBeNull();
    expect(evaluateIndicator(ind('last_two_quarters'), '2026Q4', { personId: 1, quarters: { '2026Q4': last } })).toBeNull();
    expect(evaluateIndicator(ind('last_two_quarters'), '2026Q4', { personId: 1, quarters: { '2026Q3': q({ rank: 1, groupSize: 1 }), '2026Q4': q({ rank: 1, groupSize: 1 }) } })).toBeNull();
  });

  it('repeated 问责 counts quarters with accountable matters within the window and lists them', () => {
    const hist = { personId: 2, quarters: { '2026Q1': q({ accountability: [m(1)] }), '2026Q2': q(), '2026Q3': q({ accountability: [m(2), m(3)] }), '2026Q4': q() } };
    const ev = evaluateIndicator(ind('repeated_accountability'), '2026Q4', hist);
    expect(ev?.map((e) => e.period)).toEqual(['2026Q1', '2026Q3']);
    expect(ev?.[1]?.matters.map((x) => x.id)).toEqual([2, 3]);
    // Out of the window (2025Q4 is five quarters back) does not count.
    expect(evaluateIndicator(ind('repeated_accountability'), '2027Q1', hist)).toBeNull();
  });

  it('overdue matters count each matter once across the window', () => {
    const hist = { personId: 3, quarters: { '2026Q3': q({ overdue: [m(1), m(2)] }), '2026Q4': q({ overdue: [m(2)] }) } };
    const three = { ...ind('many_overdue'), threshold: 3 };
    expect(evaluateIndicator(three, '2026Q4', hist)).toBeNull();
    const more = { personId: 3, quarters: { ...hist.quarters, '2026Q4': q({ overdue: [m(2), m(5)] }) } };
    expect(evaluateIndicator(three, '2026Q4', more)?.flatMap((e) => e.matters.map((x) => x.id))).toEqual([1, 2, 5]);
  });

  it('composite thresholds need the composite (no org part: no flag); the upper bound is inclusive', () => {
    expect(evaluateIndicator(ind('composite_low'), '2026Q4', { personId: 4, quarters: { '2026Q4': q({ composite: 69.99 }) } })?.[0]?.text).toBe('2026Q4 综合得分 69.99（低于 70）');
    expect(evaluateIndicator(ind('composite_low'), '2026Q4', { personId: 4, quarters: { '2026Q4': q({ composite: null }) } })).toBeNull();
    expect(evaluateIndicator(ind('composite_high'), '2026Q4', { personId: 4, quarters: { '2026Q3': q({ composite: 90 }), '2026Q4': q({ composite: 95 }) } })).not.toBeNull();
  });

  it('disabled indicators raise nothing; 能下 flags come first', () => {
    const hist = { personId: 5, quarters: { '2026Q3': q({ rank: 1, groupSize: 4, composite: 60 }), '2026Q4': q({ rank: 1, groupSize: 4, composite: 60 }) } };
    const flags = evaluateIndicators(DEFAULT_INDICATORS, '2026Q4', [hist]);
    expect(flags.map((f) => f.indicatorId)).toEqual(['composite_low', 'top_two_quarters']);
    const off: Indicator[] = DEFAULT_INDICATORS.map((i) => ({ ...i, enabled: false }));
    expect(evaluateIndicators(off, '2026Q4', [hist])).toEqual([]);
  });

  it('a flag is monotone in the threshold for rank_bottom (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 29 }), (size, rank0, n) => {
        const rank = Math.min(rank0, size);
        const hist = { personId: 1, quarters: { '2026Q4': q({ rank, groupSize: size }) } };
        const at = (t: number) => evaluateIndicator({ ...ind('last_two_quarters'), window: 1, threshold: t }, '2026Q4', hist) !== null;
        // Widening the bottom band never removes a flag.
        return !at(n) || at(n + 1);
      }),
    );
  });

  it('settings are validated with Chinese messages', () => {
    const r = indicatorSettingsSchema.safeParse({ indicators: [{ ...DEFAULT_INDICATORS[0], window: 9 }, { ...DEFAULT_INDICATORS[0], window: 9 }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toContain('窗口最多 8 个季度');
    expect(r.error?.issues.map((i) => i.message)).toContain('指标编号不能重复');
    expect(indicatorSettingsSchema.safeParse({ indicators: DEFAULT_INDICATORS }).success).toBe(true);
  });
});
