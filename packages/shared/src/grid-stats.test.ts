import { describe, expect, it } from 'vitest';
import { addGridCounts, emptyGridCounts, gridOutcomeCounts, gridRankScore, gridRates, redBlackList, type GridProblemOutcome } from './grid-stats';

const closed = (o: Partial<GridProblemOutcome> = {}): GridProblemOutcome => ({
  closed: true,
  merged: false,
  onTime: true,
  rework: false,
  extended: false,
  resolvedLevel: 'community',
  rating: null,
  holds: [{ level: 'cell', minutes: 60 }],
  ...o,
});

describe('grid statistics', () => {
  it('counts a closed problem, and nothing for an open one or a merged duplicate', () => {
    expect(gridOutcomeCounts(closed({ closed: false })).closed).toBe(0);
    expect(gridOutcomeCounts(closed({ merged: true })).closed).toBe(0);
    const c = gridOutcomeCounts(closed({ rating: 'basic', rework: true, resolvedLevel: 'street', holds: [{ level: 'cell', minutes: 30 }, { level: 'street', minutes: 90 }] }));
    expect(c).toMatchObject({ closed: 1, onTime: 1, rework: 1, lowLevel: 0, rated: 1, basic: 1 });
    expect(c.holdMinutes).toMatchObject({ cell: 30, street: 90 });
  });

  it('turns counts into the published rates', () => {
    const total = emptyGridCounts();
    addGridCounts(total, gridOutcomeCounts(closed({ rating: 'satisfied' })));
    addGridCounts(total, gridOutcomeCounts(closed({ onTime: false, extended: true, resolvedLevel: 'district', rating: 'unsatisfied' })));
    addGridCounts(total, gridOutcomeCounts(closed({ rework: true, holds: [{ level: 'cell', minutes: 120 }] })));
    const r = gridRates(total);
    expect(r).toMatchObject({ closed: 3, lowLevelRate: 66.7, onTimeRate: 66.7, reworkRate: 33.3, extensionRate: 33.3, satisfactionRate: 50, rated: 2 });
    expect(r.meanMinutes.cell).toBe(80);
    expect(r.meanMinutes.street).toBeNull();
    expect(gridRates(emptyGridCounts()).onTimeRate).toBeNull();
  });

  it('ranks streets and departments into 红榜 and 黑榜, not both, and skips the too small', () => {
    const rates = (onTime: number, closedN = 10) => ({ ...gridRates(emptyGridCounts()), closed: closedN, onTimeRate: onTime, lowLevelRate: 90, satisfactionRate: 90, reworkRate: 0, extensionRate: 0 });
    expect(gridRankScore(rates(100, 2), 'street')).toBeNull();
    expect(gridRankScore(rates(100), 'street')).toBe(95);
    expect(gridRankScore(rates(100), 'unit')).toBe(97);
    const rows = [60, 95, 80, 70, 99].map((v, i) => ({ key: i, name: `街道${i}`, score: gridRankScore(rates(v), 'street') ?? 0, rates: rates(v) }));
    const { red, black } = redBlackList(rows, 3);
    expect(red.map((r) => r.key)).toEqual([4, 1]);
    expect(black.map((r) => r.key)).toEqual([0, 3, 2]);
  });
});
