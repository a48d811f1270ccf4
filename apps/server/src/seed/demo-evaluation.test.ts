import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../test/runtime';
import { loadActor } from '../modules/auth/actor.loader';
import { myAssignments } from '../modules/evaluation/evaluation-rating.service';
import { computeResult } from '../modules/evaluation/evaluation.service';
import { unitSatisfaction } from '../modules/satisfaction/satisfaction.service';
import { seedDemo } from './demo.seed';
import { DEMO_STEPS } from './demo-steps';

let rt: TestRuntime;
let tenantId: number;

describe('demo 季评 and 满意率', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-11-20T02:00:00Z' });
    tenantId = await seedDemo(rt, DEMO_STEPS);
  });
  afterAll(async () => {
    await rt.close();
  });

  it('has last quarter’s round rated and closed, with 五里堡街道’s 后进 division’s measures as 整改事项', async () => {
    const rounds = await rt.db.selectFrom('evaluation_rounds').selectAll().where('tenant_id', '=', tenantId).orderBy('quarter').execute();
    expect(rounds.map((r) => [r.title, r.status])).toEqual([
      ['2026年第三季度处室季评', 'closed'],
      ['2026年第四季度处室季评', 'open'],
    ]);
    const result = await computeResult(rt.db, rounds[0]!);
    expect(result.round.ratings).toBeGreaterThan(result.round.divisions * 3);
    const all = result.units.flatMap((u) => u.divisions);
    expect(all.filter((d) => d.standing === 'lagging').length).toBe(result.units.filter((u) => u.divisions.length > 1).length);
    const street = result.units.find((u) => u.unitName === '五里堡街道办事处')!;
    const lagging = street.divisions.find((d) => d.standing === 'lagging')!;
    expect(lagging.divisionName).toBe('社区建设办');
    expect(lagging.problems).toContain('服务群众主动性不强');
    expect(lagging.measures).toHaveLength(2);
    const matters = await rt.db.selectFrom('matters').select(['source', 'status', 'lead_unit_id']).where('id', 'in', lagging.measures.map((m) => m.matterId!)).execute();
    expect(matters.every((m) => m.source === 'rectification' && m.status === 'in_progress' && m.lead_unit_id === street.unitId)).toBe(true);
  });

  it('names the demo handler a rater of this quarter’s round, and has a 满意率 for the street', async () => {
    const account = await rt.db.selectFrom('accounts').select('id').where('username', '=', 'handler').executeTakeFirstOrThrow();
    const actor = (await loadActor(rt.db, account.id, { ip: null, requestId: null }))!;
    const mine = await myAssignments(rt, actor);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(mine.every((m) => m.unitName === '五里堡街道办事处' && m.roundTitle === '2026年第四季度处室季评')).toBe(true);
    const unit = await rt.db.selectFrom('units').select('id').where('tenant_id', '=', tenantId).where('name', '=', '五里堡街道办事处').executeTakeFirstOrThrow();
    const rate = await unitSatisfaction(rt.db, tenantId, unit.id, { from: '2026-10-01', to: '2026-12-31' });
    expect(rate.rate).toBeGreaterThan(60);
  });
});
