import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plannedProgressAt, type PlanFacts } from './planned-progress';
import { addDays, fromDayNumber, dayNumber } from './time';

const plan = (milestones: PlanFacts['milestones'] = []): PlanFacts => ({ startDate: '2026-10-01', deadline: '2026-11-10', milestones });

describe('plannedProgressAt', () => {
  it('runs straight from 0% at the start to 100% at the deadline without milestones', () => {
    expect(plannedProgressAt(plan(), '2026-09-20')).toBe(0);
    expect(plannedProgressAt(plan(), '2026-10-01')).toBe(0);
    expect(plannedProgressAt(plan(), '2026-10-11')).toBe(25);
    expect(plannedProgressAt(plan(), '2026-10-25')).toBe(60);
    expect(plannedProgressAt(plan(), '2026-11-10')).toBe(100);
    expect(plannedProgressAt(plan(), '2027-01-01')).toBe(100);
  });

  it('passes through each milestone, in date order whatever the input order', () => {
    const p = plan([
      { date: '2026-10-31', plannedProgress: 80 },
      { date: '2026-10-11', plannedProgress: 20, description: '完成招标' },
    ]);
    expect(plannedProgressAt(p, '2026-10-06')).toBe(10);
    expect(plannedProgressAt(p, '2026-10-11')).toBe(20);
    expect(plannedProgressAt(p, '2026-10-21')).toBe(50);
    expect(plannedProgressAt(p, '2026-10-31')).toBe(80);
    expect(plannedProgressAt(p, '2026-11-05')).toBe(90);
  });

  it('never plans backwards: a later, lower milestone is held at the earlier %', () => {
    const p = plan([
      { date: '2026-10-11', plannedProgress: 60 },
      { date: '2026-10-21', plannedProgress: 40 },
    ]);
    expect(plannedProgressAt(p, '2026-10-16')).toBe(60);
    expect(plannedProgressAt(p, '2026-10-21')).toBe(60);
    expect(plannedProgressAt(p, '2026-10-31')).toBe(80);
  });

  it('takes the highest of two milestones on one date, and clamps to 0–100', () => {
    const p = plan([
      { date: '2026-10-11', plannedProgress: 10 },
      { date: '2026-10-11', plannedProgress: 30 },
      { date: '2026-10-21', plannedProgress: 140 },
    ]);
    expect(plannedProgressAt(p, '2026-10-11')).toBe(30);
    expect(plannedProgressAt(p, '2026-10-16')).toBe(65);
    expect(plannedProgressAt(p, '2026-10-21')).toBe(100);
  });

  it('leaves out milestones on or outside the start–deadline span', () => {
    const p = plan([
      { date: '2026-09-01', plannedProgress: 50 },
      { date: '2026-10-01', plannedProgress: 50 },
      { date: '2026-11-10', plannedProgress: 50 },
      { date: '2026-12-01', plannedProgress: 50 },
    ]);
    expect(plannedProgressAt(p, '2026-10-25')).toBe(60);
  });

  it('jumps to 100% at a deadline on or before the start', () => {
    const p: PlanFacts = { startDate: '2026-10-10', deadline: '2026-10-05', milestones: [] };
    expect(plannedProgressAt(p, '2026-10-04')).toBe(0);
    expect(plannedProgressAt(p, '2026-10-05')).toBe(100);
  });

  it('stays within 0–100 and never decreases over time', () => {
    const day = (from: number, to: number) => fc.integer({ min: from, max: to }).map((d) => fromDayNumber(dayNumber('2026-01-01') + d));
    const planArb = fc.record({
      startDate: day(0, 100),
      deadline: day(-20, 300),
      milestones: fc.array(fc.record({ date: day(-20, 320), plannedProgress: fc.integer({ min: -10, max: 110 }) }), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(planArb, day(-30, 330), fc.integer({ min: 0, max: 60 }), (p, d, later) => {
        const now = plannedProgressAt(p, d);
        expect(now).toBeGreaterThanOrEqual(0);
        expect(now).toBeLessThanOrEqual(100);
        expect(plannedProgressAt(p, addDays(d, later))).toBeGreaterThanOrEqual(now);
      }),
    );
  }, 60_000);
});
