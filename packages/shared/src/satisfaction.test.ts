import { describe, expect, it } from 'vitest';
import { satisfactionRate, satisfactionSettingsSchema, type SatisfactionVote } from './satisfaction';

const votes = (rater: SatisfactionVote['rater'], ...levels: SatisfactionVote['level'][]): SatisfactionVote[] => levels.map((level) => ({ rater, level }));

describe('满意率', () => {
  it('scores 满意 100 / 基本满意 70 / 不满意 30 and leaves 不了解 out', () => {
    const r = satisfactionRate(votes('citizen', 'satisfied', 'basic', 'unsatisfied', 'unknown', 'unknown'));
    expect(r.citizen).toEqual({ votes: 5, counted: 3, excluded: 2, rate: 66.7 });
    expect(r.rate).toBe(66.7); // no unit votes: citizens count 100 %
  });

  it('weights citizens and units (50/50 by default, editable)', () => {
    const v = [...votes('citizen', 'satisfied', 'satisfied'), ...votes('unit', 'basic')];
    expect(satisfactionRate(v).rate).toBe(85);
    expect(satisfactionRate(v, { points: { satisfied: 100, basic: 70, unsatisfied: 30 }, weights: { citizen: 70, unit: 30 } }).rate).toBe(91);
    expect(satisfactionRate(v, { points: { satisfied: 100, basic: 60, unsatisfied: 0 }, weights: { citizen: 50, unit: 50 } }).rate).toBe(80);
  });

  it('has no rate when every vote is 不了解 or there are none', () => {
    expect(satisfactionRate(votes('unit', 'unknown')).rate).toBeNull();
    expect(satisfactionRate([]).rate).toBeNull();
  });

  it('refuses settings whose weights do not add up or whose points are upside down', () => {
    const bad = satisfactionSettingsSchema.safeParse({ points: { satisfied: 60, basic: 70, unsatisfied: 30 }, weights: { citizen: 60, unit: 60 } });
    expect(bad.error?.issues.map((i) => i.message)).toEqual(['分值应为 满意 ≥ 基本满意 ≥ 不满意', '群众评价与单位互评的权重之和应为 100']);
  });
});
