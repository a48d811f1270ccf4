import { describe, expect, it } from 'vitest';
import { DEFAULT_RATER_WEIGHTS, divisionScore, evaluateDivisions, quarterLabel, standingSeats, type DimensionScores, type DivisionRating, type LaggingRule } from './evaluation';
import { evaluationRoundCreateSchema, rectificationSchema } from './evaluation-schemas';

const all = (n: number): DimensionScores => ({ duty: n, law: n, service: n, innovation: n, integrity: n });
const rate = (divisionId: number, raterKind: DivisionRating['raterKind'], n: number): DivisionRating => ({ divisionId, raterKind, scores: all(n) });
const one: LaggingRule = { mode: 'count', advanced: 1, lagging: 1 };

describe('季评 division score', () => {
  it('weights the mean mark of each rater kind (40/30/30 by default)', () => {
    const r = divisionScore([rate(1, 'leader', 90), rate(1, 'leader', 80), rate(1, 'service_unit', 70), rate(1, 'staff', 100)], DEFAULT_RATER_WEIGHTS);
    expect(r.byKind).toEqual({ leader: 85, service_unit: 70, staff: 100 });
    expect(r.score).toBe(85); // 85×0.4 + 70×0.3 + 100×0.3
  });

  it('averages the five dimensions equally', () => {
    const r = divisionScore([{ divisionId: 1, raterKind: 'staff', scores: { duty: 100, law: 90, service: 80, innovation: 70, integrity: 60 } }], DEFAULT_RATER_WEIGHTS);
    expect(r.score).toBe(80);
  });

  it('drops a kind nobody of which rated and scales the others up', () => {
    expect(divisionScore([rate(1, 'leader', 90), rate(1, 'staff', 60)], { leader: 40, service_unit: 30, staff: 30 }).score).toBeCloseTo((90 * 40 + 60 * 30) / 70, 2);
    expect(divisionScore([], DEFAULT_RATER_WEIGHTS).score).toBeNull();
  });
});

describe('季评 先进 / 后进', () => {
  it('never gives more than half each, so no division is both', () => {
    expect(standingSeats(1, one)).toEqual({ advanced: 0, lagging: 0 });
    expect(standingSeats(3, { mode: 'count', advanced: 2, lagging: 2 })).toEqual({ advanced: 1, lagging: 1 });
    expect(standingSeats(10, { mode: 'share', advanced: 15, lagging: 20 })).toEqual({ advanced: 1, lagging: 2 });
  });

  it('ranks within each unit and marks top and bottom by the unit’s rule', () => {
    const divisions = [1, 2, 3, 4].map((d) => ({ divisionId: d, unitId: 10 })).concat([5, 6, 7].map((d) => ({ divisionId: d, unitId: 20 })));
    const ratings = [rate(1, 'staff', 80), rate(2, 'staff', 95), rate(3, 'staff', 70), rate(4, 'staff', 85), rate(5, 'staff', 60), rate(6, 'staff', 90), rate(7, 'staff', 75)];
    const out = evaluateDivisions(divisions, ratings, DEFAULT_RATER_WEIGHTS, (u) => (u === 10 ? { mode: 'count', advanced: 2, lagging: 1 } : one));
    const unit10 = out.filter((r) => r.unitId === 10).map((r) => [r.divisionId, r.rank, r.standing]);
    expect(unit10).toEqual([
      [2, 1, 'advanced'],
      [4, 2, 'advanced'],
      [1, 3, 'middle'],
      [3, 4, 'lagging'],
    ]);
    expect(out.filter((r) => r.unitId === 20).map((r) => r.standing)).toEqual(['advanced', 'middle', 'lagging']);
  });

  it('leaves a tie straddling the last seat out, and never makes an unrated division 后进', () => {
    const divisions = [1, 2, 3, 4].map((d) => ({ divisionId: d, unitId: 1 }));
    const out = evaluateDivisions(divisions, [rate(1, 'staff', 90), rate(2, 'staff', 70), rate(3, 'staff', 70)], DEFAULT_RATER_WEIGHTS, () => one);
    expect(out.map((r) => [r.divisionId, r.rank, r.standing])).toEqual([
      [1, 1, 'advanced'],
      [2, 2, 'middle'], // tied with 3 for the only 后进 seat: people decide
      [3, 2, 'middle'],
      [4, 4, 'middle'], // nobody rated it
    ]);
  });

  it('names the quarter in Chinese', () => {
    expect(quarterLabel(2012, 4)).toBe('2012年第四季度');
  });
});

describe('季评 input', () => {
  it('refuses weights that do not add up to 100, in Chinese', () => {
    const r = evaluationRoundCreateSchema.safeParse({ year: 2026, quarter: 4, weights: { leader: 50, service_unit: 30, staff: 30 } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('三类评议主体的权重之和应为 100');
    expect(evaluationRoundCreateSchema.safeParse({ year: 2026, quarter: 5 }).error?.issues[0]?.message).toBe('季度应为 1–4');
  });

  it('asks for 突出问题 and at least one 整改措施 with a deadline', () => {
    const r = rectificationSchema.safeParse({ divisionId: 1, problems: '  ', measures: [] });
    expect(r.error?.issues.map((i) => i.message)).toEqual(['请填写突出问题', '请至少填写一条整改措施']);
    expect(rectificationSchema.safeParse({ divisionId: 1, problems: '服务意识不强', measures: [{ text: '建立首问负责制', deadline: '2026-13-01' }] }).success).toBe(false);
  });
});

describe('季评 result table', () => {
  it('has the seed’s columns and reads one row per unit', async () => {
    const { EVALUATION_TABLE_COLUMNS, evaluationTableRows } = await import('./evaluation-table');
    expect(EVALUATION_TABLE_COLUMNS).toEqual(['序号', '单位', '参加评议的处室（个）', '本机关处室排名情况', '排名后处室存在的突出问题', '整改措施']);
    const d = (divisionId: number, divisionName: string, rank: number, standing: 'advanced' | 'lagging' | 'middle', extra = {}) => ({
      divisionId, divisionName, rank, standing, score: 90 - rank, byKind: { leader: null, service_unit: null, staff: null }, ratings: 3, problems: null, measures: [], ...extra,
    });
    const round = { id: 1, year: 2026, quarter: 4, title: 't', status: 'open' as const, weights: { leader: 40, service_unit: 30, staff: 30 }, rule: { mode: 'count' as const, advanced: 1, lagging: 1 }, divisions: 3, units: 1, ratings: 9, createdAt: '' };
    const rows = evaluationTableRows({
      round,
      units: [{ unitId: 1, unitName: '市发改委', divisions: [d(1, '办公室', 1, 'advanced'), d(2, '法规处', 2, 'middle'), d(3, '投资处', 3, 'lagging', { problems: '服务意识不强', measures: [{ text: '建立首问负责制', deadline: '2027-01-31', matterId: 9, matterNumber: 'x', colour: 'green', status: 'assigned' }] })] }],
    });
    expect(rows).toEqual([{ seq: 1, unit: '市发改委', divisions: 3, ranking: '1.办公室（先进）\n2.法规处\n3.投资处（后进）', problems: '服务意识不强', measures: '1.建立首问负责制（2027-01-31前）' }]);
  });
});
