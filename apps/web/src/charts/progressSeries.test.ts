import { describe, expect, it } from 'vitest';
import { progressSeries } from './progressSeries';

describe('planned vs actual progress series', () => {
  const plan = { startDate: '2026-11-01', deadline: '2026-11-11', milestones: [{ date: '2026-11-06', plannedProgress: 80 }] };

  it('plans through the milestone to 100% on the deadline, and carries each report forward until today', () => {
    const s = progressSeries(plan, [{ createdAt: '2026-11-03T02:00:00Z', progress: 30 }, { createdAt: '2026-11-05T09:00:00Z', progress: 45 }], '2026-11-07');
    expect(s.dates[0]).toBe('2026-11-01');
    expect(s.dates.at(-1)).toBe('2026-11-11');
    expect(s.planned[5]).toBe(80); // 11-06, the milestone
    expect(s.planned.at(-1)).toBe(100);
    expect(s.actual.slice(0, 7)).toEqual([0, 0, 30, 30, 45, 45, 45]);
    expect(s.actual.slice(7).every((v) => v === null)).toBe(true); // the future is unknown
  });

  it('runs the axis past the deadline to today when the matter is overdue', () => {
    const s = progressSeries(plan, [], '2026-11-20');
    expect(s.dates.at(-1)).toBe('2026-11-20');
    expect(s.planned.at(-1)).toBe(100);
  });
});
