import { describe, expect, it } from 'vitest';
import { carriersOf, parsePeriod, periodOf, previousPeriod, shareLines, unitPeerGroup, withAndWithout } from './assessment-period';
import { DEFAULT_RULE_BOOK, ruleBookSchema } from './assessment-rules';
import { applyExemptions, type ScoreLine } from './assessment-score';

const line = (key: string, points: number): ScoreLine => ({ key, matterId: 1, rule: 'overdue', on: '2026-11-02', quantity: 1, unitPoints: points, points, clause: '第 7 条', eventSeq: null, text: `x = ${points}` });

describe('periods', () => {
  it('reads quarters and years, and refuses anything else', () => {
    expect(parsePeriod('2026Q4')).toMatchObject({ from: '2026-10-01', to: '2026-12-31', kind: 'quarter', label: '2026年第四季度' });
    expect(parsePeriod('2026')).toMatchObject({ from: '2026-01-01', to: '2026-12-31', kind: 'year' });
    expect(parsePeriod('2026Q5')).toBeNull();
    expect(parsePeriod('26Q1')).toBeNull();
  });
  it('knows the period before and the period of a date', () => {
    expect(previousPeriod('2027Q1')).toBe('2026Q4');
    expect(previousPeriod('2026Q3')).toBe('2026Q2');
    expect(previousPeriod('2026')).toBe('2025');
    expect(periodOf('2026-11-20', 'quarter')).toBe('2026Q4');
  });
});

describe('peer groups and carriers', () => {
  it('puts 街道 with 乡镇, divisions with their parent, everyone else with 区直单位', () => {
    expect(unitPeerGroup('street')).toBe('street');
    expect(unitPeerGroup('town')).toBe('street');
    expect(unitPeerGroup('division', 'street')).toBe('street');
    expect(unitPeerGroup('government')).toBe('district');
  });
  it('shares a matter between lead and co-units, their heads and handlers, and the lead leader', () => {
    const c = carriersOf({ units: [{ unitId: 1, role: 'lead', headIds: [10], handlerIds: [11] }, { unitId: 2, role: 'co', headIds: [20], handlerIds: [] }], leaderId: 99 }, DEFAULT_RULE_BOOK.split);
    expect(c.map((x) => [x.type, x.id, x.share])).toEqual([
      ['unit', 1, 1],
      ['person', 10, 1],
      ['person', 11, 1],
      ['unit', 2, 0.5],
      ['person', 20, 0.5],
      ['person', 99, 0.5],
    ]);
  });
  it('says the share in the line text and scales the points', () => {
    const [l] = shareLines([line('1:overdue:x', -1.5)], 0.5);
    expect(l).toMatchObject({ points: -0.75 });
    expect(l!.text).toContain('按 50% 计 −0.75');
  });
  it('reads an old rule book without split or 容错 lists with the defaults', () => {
    const { split: _s, tolerance: _t, ...old } = DEFAULT_RULE_BOOK;
    const parsed = ruleBookSchema.parse(old);
    expect(parsed.split).toEqual(DEFAULT_RULE_BOOK.split);
    expect(parsed.tolerance.situations).toHaveLength(8);
  });
  it('refuses a share over 1 with a Chinese message naming it', () => {
    const r = ruleBookSchema.safeParse({ ...DEFAULT_RULE_BOOK, split: { ...DEFAULT_RULE_BOOK.split, co: 2 } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('配合单位分成不能大于 1');
  });
});

describe('what-if', () => {
  it('gives the total with and without exempting exactly the named lines', () => {
    const lines = applyExemptions([line('a', -2), line('b', -1), line('c', 3)], new Set());
    expect(withAndWithout(lines, new Set(['a']), DEFAULT_RULE_BOOK.periodCap)).toEqual({ without: 0, with: 2 });
  });
});
