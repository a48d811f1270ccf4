import {
  DEFAULT_LAGGING_RULE,
  DEFAULT_RATER_WEIGHTS,
  evaluateDivisions,
  quarterLabel,
  type EvaluationResult,
  type EvaluationRoundCreate,
  type EvaluationRoundView,
  type EvaluationRatersInput,
  type LaggingRule,
} from '@duban/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, validationError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import * as repo from './evaluation.repository';
import type { EvaluationRound } from './evaluation.table';

// 季评 rounds: the office opens one per quarter, names who rates which divisions, and closes it.

/** The round or 404 (another tenant's round does not exist for the caller). */
export async function requireRound(deps: Deps, actor: Actor, id: number): Promise<EvaluationRound> {
  const round = await repo.findRound(deps.db, actor.tenantId, id);
  if (!round) throw new AppError('not_found', '季评轮次不存在');
  return round;
}

function presentRound(r: EvaluationRound, counts: { divisions: number; units: number; ratings: number }): EvaluationRoundView {
  return {
    id: r.id,
    year: r.year,
    quarter: r.quarter,
    title: r.title,
    status: r.status,
    weights: r.weights,
    rule: r.rule,
    divisions: Number(counts.divisions),
    units: Number(counts.units),
    ratings: Number(counts.ratings),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Opens a round for a quarter: the active divisions of the named units (or of all units) are fixed in it. */
export async function createRound(deps: Deps, actor: Actor, input: EvaluationRoundCreate): Promise<EvaluationRoundView> {
  requirePermission(actor, 'matter.manage');
  return inTransaction(deps.db, async (trx) => {
    const taken = await trx.selectFrom('evaluation_rounds').select('id').where('tenant_id', '=', actor.tenantId).where('year', '=', input.year).where('quarter', '=', input.quarter).executeTakeFirst();
    if (taken) throw validationError([{ field: 'quarter', message: `${quarterLabel(input.year, input.quarter)}的季评已经开始` }]);
    const divisions = await repo.activeDivisions(trx, actor.tenantId, input.unitIds);
    if (!divisions.length) throw validationError([{ field: 'unitIds', message: '所选单位没有在用的处室/科室，请先在组织机构中添加处室' }]);
    const unitRules = new Map((input.unitRules ?? []).map((r) => [r.unitId, r.rule]));
    const stray = [...unitRules.keys()].filter((u) => !divisions.some((d) => d.unitId === u));
    if (stray.length) throw validationError([{ field: 'unitRules', message: `单位（编号 ${stray.join('、')}）不参加本轮季评` }]);
    const now = deps.clock.now();
    const round = await trx
      .insertInto('evaluation_rounds')
      .values({
        tenant_id: actor.tenantId,
        year: input.year,
        quarter: input.quarter,
        title: `${quarterLabel(input.year, input.quarter)}处室季评`,
        weights: JSON.stringify(input.weights ?? DEFAULT_RATER_WEIGHTS),
        rule: JSON.stringify(input.rule ?? DEFAULT_LAGGING_RULE),
        created_by: actor.accountId,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('evaluation_divisions')
      .values(divisions.map((d) => ({ round_id: round.id, tenant_id: actor.tenantId, unit_id: d.unitId, division_id: d.divisionId, unit_rule: unitRules.has(d.unitId) ? JSON.stringify(unitRules.get(d.unitId)) : null })))
      .execute();
    await recordTrace(trx, deps.clock, actor, { action: 'evaluation.open', entityType: 'evaluation_round', entityId: round.id, after: { title: round.title, weights: round.weights, rule: round.rule, divisions: divisions.length } });
    return presentRound(round, { divisions: divisions.length, units: new Set(divisions.map((d) => d.unitId)).size, ratings: 0 });
  });
}

/** Every round of the tenant, newest first. */
export async function listRounds(deps: Deps, actor: Actor): Promise<EvaluationRoundView[]> {
  requirePermission(actor, 'cockpit.read');
  return (await repo.listRounds(deps.db, actor.tenantId)).map((r) => presentRound(r, { divisions: r.divisions ?? 0, units: r.units ?? 0, ratings: r.ratings ?? 0 }));
}

/**
 * Names who rates which divisions of an open round (replacing that person's earlier assignment):
 * each must be an active person of the tenant, each division one of the round's; staff rate only
 * their own unit's divisions, and nobody rates their own division.
 */
export async function assignRaters(deps: Deps, actor: Actor, roundId: number, input: EvaluationRatersInput): Promise<{ raters: number; assignments: number }> {
  requirePermission(actor, 'matter.manage');
  const round = await requireRound(deps, actor, roundId);
  if (round.status !== 'open') throw new AppError('invalid_transition', '季评已结束，不能再调整评议人');
  const divisions = new Map((await repo.roundDivisions(deps.db, roundId)).map((d) => [d.divisionId, d]));
  const people = new Map(
    (await deps.db.selectFrom('people').select(['id', 'unit_id', 'division_id', 'name']).where('tenant_id', '=', actor.tenantId).where('active', '=', true).where('id', 'in', input.raters.map((r) => r.personId)).execute()).map((p) => [p.id, p]),
  );
  const issues = input.raters.flatMap((r, i) => {
    if (input.raters.findIndex((o) => o.personId === r.personId) < i) return [{ field: `raters.${i}.personId`, message: '同一评议人只能列一次，请把其评议的处室合并到一行' }];
    const p = people.get(r.personId);
    if (!p) return [{ field: `raters.${i}.personId`, message: `人员（编号 ${r.personId}）不存在或已离岗` }];
    return r.divisionIds.flatMap((d, j) => {
      const div = divisions.get(d);
      if (!div) return [{ field: `raters.${i}.divisionIds.${j}`, message: `处室（编号 ${d}）不在本轮季评中` }];
      if (p.division_id === d) return [{ field: `raters.${i}.divisionIds.${j}`, message: `${p.name}不能评议本人所在处室` }];
      if (r.raterKind === 'staff' && p.unit_id !== div.unitId) return [{ field: `raters.${i}.divisionIds.${j}`, message: `${p.name}只能作为干部职工评议本单位的处室` }];
      return [];
    });
  });
  if (issues.length) throw validationError(issues);
  const rows = input.raters.flatMap((r) => [...new Set(r.divisionIds)].map((d) => ({ round_id: roundId, tenant_id: actor.tenantId, person_id: r.personId, division_id: d, rater_kind: r.raterKind })));
  await inTransaction(deps.db, async (trx) => {
    await trx.deleteFrom('evaluation_raters').where('round_id', '=', roundId).where('person_id', 'in', [...people.keys()]).execute();
    await trx.insertInto('evaluation_raters').values(rows).execute();
    await recordTrace(trx, deps.clock, actor, { action: 'evaluation.raters', entityType: 'evaluation_round', entityId: roundId, after: { raters: input.raters } });
  });
  return { raters: people.size, assignments: rows.length };
}

/** 结束评议: no more ratings; the result stands as computed from the ratings given. */
export async function closeRound(deps: Deps, actor: Actor, roundId: number): Promise<EvaluationRoundView> {
  requirePermission(actor, 'matter.manage');
  const round = await requireRound(deps, actor, roundId);
  if (round.status !== 'open') throw new AppError('invalid_transition', '季评已经结束');
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    await trx.updateTable('evaluation_rounds').set({ status: 'closed', closed_at: now }).where('id', '=', roundId).where('status', '=', 'open').execute();
    await recordTrace(trx, deps.clock, actor, { action: 'evaluation.close', entityType: 'evaluation_round', entityId: roundId, before: { status: 'open' }, after: { status: 'closed' } });
  });
  return (await computeResult(deps.db, { ...round, status: 'closed', closed_at: now })).round;
}

/** The result table: every unit's divisions ranked, 先进 / 后进, and each 后进 division's 突出问题 and 整改措施. */
export async function roundResult(deps: Deps, actor: Actor, roundId: number): Promise<EvaluationResult> {
  requirePermission(actor, 'cockpit.read');
  const round = await requireRound(deps, actor, roundId);
  return computeResult(deps.db, round);
}

/** The result of a round, for the API, the exports and the rectification check alike. */
export async function computeResult(db: Kysely<DB> | Transaction<DB>, round: EvaluationRound): Promise<EvaluationResult> {
  const divisions = await repo.roundDivisions(db, round.id);
  const ratings = await repo.roundRatings(db, round.id);
  const rules = new Map<number, LaggingRule>(divisions.filter((d) => d.unitRule).map((d) => [d.unitId, d.unitRule!]));
  const results = new Map(
    evaluateDivisions(
      divisions,
      ratings.map((r) => ({ divisionId: r.division_id, raterKind: r.rater_kind, scores: r.scores })),
      round.weights,
      (u) => rules.get(u) ?? round.rule,
    ).map((r) => [r.divisionId, r]),
  );
  const rect = await repo.roundRectifications(db, round.id);
  const units: EvaluationResult['units'] = [];
  for (const d of divisions) {
    let unit = units.find((u) => u.unitId === d.unitId);
    if (!unit) units.push((unit = { unitId: d.unitId, unitName: d.unitName, divisions: [] }));
    const r = results.get(d.divisionId)!;
    unit.divisions.push({
      divisionId: d.divisionId,
      divisionName: d.divisionName,
      score: r.score,
      byKind: r.byKind,
      ratings: r.ratings,
      rank: r.rank,
      standing: r.standing,
      problems: rect.problems.find((p) => p.division_id === d.divisionId)?.problems ?? null,
      measures: rect.measures
        .filter((m) => m.division_id === d.divisionId)
        .map((m) => ({ text: m.text, deadline: m.deadline, matterId: m.matter_id, matterNumber: m.number, colour: m.colour, status: m.status })),
    });
  }
  for (const u of units) u.divisions.sort((a, b) => a.rank - b.rank || a.divisionId - b.divisionId);
  const counts = { divisions: divisions.length, units: units.length, ratings: ratings.length };
  return { round: presentRound(round, counts), units };
}
