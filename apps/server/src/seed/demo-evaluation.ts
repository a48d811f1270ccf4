import { addDays, shanghaiDate, type DimensionScores, type RaterKind, type SatisfactionLevel } from '@duban/shared';
import type { Insertable, Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { systemActor } from '../lib/actor';
import type { Deps } from '../lib/deps';
import { rectifyInTransaction } from '../modules/evaluation/evaluation-rectification.service';
import { activeDivisions } from '../modules/evaluation/evaluation.repository';
import { computeResult } from '../modules/evaluation/evaluation.service';
import type { SatisfactionRatingTable } from '../modules/satisfaction/satisfaction.table';
import type { DemoContext, DemoStep } from './demo.seed';
import { pick } from './random';

type Person = { id: number; unit_id: number; division_id: number | null; is_liaison: boolean };
const clamp = (n: number) => Math.max(40, Math.min(100, Math.round(n)));

/** Opens a round for a quarter with every unit's divisions (as createRound does, inside the seed's transaction). */
async function openRound(trx: Transaction<DB>, deps: Deps, ctx: DemoContext, year: number, quarter: number, title: string) {
  const round = await trx
    .insertInto('evaluation_rounds')
    .values({ tenant_id: ctx.tenantId, year, quarter, title, weights: JSON.stringify({ leader: 40, service_unit: 30, staff: 30 }), rule: JSON.stringify({ mode: 'count', advanced: 1, lagging: 1 }), created_at: deps.clock.now() })
    .returningAll()
    .executeTakeFirstOrThrow();
  const divisions = await activeDivisions(trx, ctx.tenantId);
  await trx.insertInto('evaluation_divisions').values(divisions.map((d) => ({ round_id: round.id, tenant_id: ctx.tenantId, unit_id: d.unitId, division_id: d.divisionId, unit_rule: null }))).execute();
  return { round, divisions };
}

/**
 * The demo 季评: last quarter's round, rated by two district leaders, two liaisons of other units and
 * two staff of the unit per division, closed, with 五里堡街道's 后进 division's 突出问题 and 整改措施
 * recorded (its measures are 整改事项 on the ledger, in progress); this quarter's round open with the
 * demo accounts named as raters; and a quarter of 满意率 votes.
 */
export const demoEvaluationStep: DemoStep = async (deps, trx, ctx) => {
  const rand = ctx.rand;
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const [py, pq] = quarter === 1 ? [year - 1, 4] : [year, quarter - 1];
  const people: Person[] = await trx.selectFrom('people').select(['id', 'unit_id', 'division_id', 'is_liaison']).where('tenant_id', '=', ctx.tenantId).execute();
  const leaders = people.filter((p) => p.unit_id === ctx.unitIds.get('区领导')).slice(0, 2);
  const liaisons = people.filter((p) => p.is_liaison);
  const wulibao = ctx.unitIds.get('五里堡街道办事处');
  const weak = ctx.unitIds.get('五里堡街道办事处/社区建设办');

  const { round: past, divisions } = await openRound(trx, deps, ctx, py, pq, `${py}年第${'一二三四'[pq - 1]}季度处室季评`);
  const raters: { round_id: number; tenant_id: number; person_id: number; division_id: number; rater_kind: RaterKind }[] = [];
  const ratings: (typeof raters[number] & { scores: string; rated_at: Date })[] = [];
  for (const d of divisions) {
    const base = d.divisionId === weak ? 64 : 72 + rand() * 22;
    const staff = people.filter((p) => p.unit_id === d.unitId && p.division_id !== d.divisionId).slice(0, 2);
    const others = liaisons.filter((p) => p.unit_id !== d.unitId);
    const named: [Person, RaterKind][] = [...leaders.map((p): [Person, RaterKind] => [p, 'leader']), ...staff.map((p): [Person, RaterKind] => [p, 'staff']), [pick(rand, others), 'service_unit'], [pick(rand, others), 'service_unit']];
    for (const [p, kind] of named) {
      if (raters.some((r) => r.person_id === p.id && r.division_id === d.divisionId)) continue;
      const row = { round_id: past.id, tenant_id: ctx.tenantId, person_id: p.id, division_id: d.divisionId, rater_kind: kind };
      const mark = base + (rand() - 0.5) * 8;
      const scores: DimensionScores = { duty: clamp(mark + (rand() - 0.5) * 6), law: clamp(mark + (rand() - 0.5) * 6), service: clamp(mark + (rand() - 0.5) * 6), innovation: clamp(mark - 3 + (rand() - 0.5) * 6), integrity: clamp(mark + 3 + (rand() - 0.5) * 4) };
      raters.push(row);
      ratings.push({ ...row, scores: JSON.stringify(scores), rated_at: now });
    }
  }
  await trx.insertInto('evaluation_raters').values(raters).execute();
  await trx.insertInto('evaluation_ratings').values(ratings).execute();
  const closed = await trx.updateTable('evaluation_rounds').set({ status: 'closed', closed_at: now }).where('id', '=', past.id).returningAll().executeTakeFirstOrThrow();

  // 五里堡街道's 后进 division records its problems; its measures become 整改事项, signed for by the street.
  const result = await computeResult(trx, closed);
  const lagging = result.units.find((u) => u.unitId === wulibao)?.divisions.find((d) => d.standing === 'lagging');
  if (lagging) {
    const office = systemActor(ctx.tenantId, '区委区政府督查办公室');
    const matters = await rectifyInTransaction(trx, deps, office, closed, {
      divisionId: lagging.divisionId,
      problems: '服务群众主动性不强，社区事项办理时效偏慢，群众反映的问题跟踪回访不到位',
      measures: [
        { text: '建立社区事项首问负责和限时办结制度，每周通报办理时效', deadline: addDays(today, 10) },
        { text: '对本季度群众反映问题逐件回访，回访结果报街道督查室', deadline: addDays(today, 40) },
      ],
    });
    const ids = matters.map((m) => m.id);
    await trx.updateTable('matters').set({ status: 'in_progress', assigned_at: now, updated_at: now }).where('id', 'in', ids).execute();
    await trx.updateTable('matter_units').set({ status: 'signed', assigned_at: now, signed_at: now }).where('matter_id', 'in', ids).execute();
  }

  // This quarter: open, the demo leader and the street's people named as raters of the street's divisions.
  const { round: current, divisions: currentDivisions } = await openRound(trx, deps, ctx, year, quarter, `${year}年第${'一二三四'[quarter - 1]}季度处室季评`);
  const street = currentDivisions.filter((d) => d.unitId === wulibao);
  const demo = (u: string) => ctx.personByAccount.get(u);
  const named: { person: number | undefined; kind: RaterKind }[] = [
    { person: demo('shuji'), kind: 'leader' },
    { person: demo('handler'), kind: 'staff' },
    { person: demo('liaison'), kind: 'staff' },
  ];
  const rows = named.flatMap(({ person, kind }) => {
    const own = people.find((p) => p.id === person)?.division_id;
    return person === undefined ? [] : street.filter((d) => d.divisionId !== own).map((d) => ({ round_id: current.id, tenant_id: ctx.tenantId, person_id: person, division_id: d.divisionId, rater_kind: kind }));
  });
  if (rows.length) await trx.insertInto('evaluation_raters').values(rows).execute();

  // 满意率: a quarter of votes on the units, mostly 满意 (二七区: 36 units above 95%).
  const units = [...ctx.unitIds].filter(([name]) => !name.includes('/') && name !== '区领导').map(([, id]) => id);
  const qStart = `${year}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
  const votes: Insertable<SatisfactionRatingTable>[] = [];
  for (const unitId of units) {
    const n = 6 + Math.floor(rand() * 10);
    for (let i = 0; i < n; i++) {
      const r = rand();
      const level: SatisfactionLevel = r < 0.8 ? 'satisfied' : r < 0.92 ? 'basic' : r < 0.96 ? 'unsatisfied' : 'unknown';
      const rater = rand() < 0.6 ? 'citizen' : 'unit';
      const on = addDays(qStart, Math.floor(rand() * 60));
      votes.push({ tenant_id: ctx.tenantId, unit_id: unitId, rater, rater_unit_id: rater === 'unit' ? pick(rand, units.filter((u) => u !== unitId)) : null, level, rated_on: on > today ? today : on, channel: 'import', source_ref: null, comment: null, created_by: null });
    }
  }
  await trx.insertInto('satisfaction_ratings').values(votes).execute();
};
