import type { EvaluationAssignment, EvaluationRatingInput, Role } from '@duban/shared';
import { AppError } from '../../errors';
import type { Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';

// The rater's side of 季评: the divisions assigned to the signed-in person, and their marks.

// Business roles that may be named raters; admin, inspector and grid accounts rate nothing.
const RATER_ROLES: readonly Role[] = ['supervisor', 'leader', 'unit_head', 'liaison', 'handler'];

function personOf(actor: Actor): number {
  if (!actor.roles.some((r) => RATER_ROLES.includes(r))) throw new AppError('forbidden', '该账号不能参加季评评议');
  if (actor.personId === null) throw new AppError('forbidden', '账号未关联人员，不能参加季评');
  return actor.personId;
}

/** The divisions the signed-in person rates in open rounds, with the marks they gave so far. */
export async function myAssignments(deps: Deps, actor: Actor): Promise<EvaluationAssignment[]> {
  if (actor.personId === null) return [];
  const rows = await deps.db
    .selectFrom('evaluation_raters as a')
    .innerJoin('evaluation_rounds as r', 'r.id', 'a.round_id')
    .innerJoin('units as d', 'd.id', 'a.division_id')
    .innerJoin('units as u', 'u.id', 'd.parent_id')
    .leftJoin('evaluation_ratings as g', (j) => j.onRef('g.round_id', '=', 'a.round_id').onRef('g.person_id', '=', 'a.person_id').onRef('g.division_id', '=', 'a.division_id'))
    .select(['a.round_id', 'r.title', 'a.rater_kind', 'a.division_id', 'd.name as division_name', 'u.name as unit_name', 'g.scores'])
    .where('a.tenant_id', '=', actor.tenantId)
    .where('a.person_id', '=', actor.personId)
    .where('r.status', '=', 'open')
    .orderBy('r.id', 'desc')
    .orderBy('u.sort')
    .orderBy('u.id')
    .orderBy('d.sort')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({ roundId: r.round_id, roundTitle: r.title, raterKind: r.rater_kind, divisionId: r.division_id, divisionName: r.division_name, unitName: r.unit_name, scores: r.scores }));
}

/**
 * Records (or changes, while the round is open) the signed-in person's marks for one division they
 * were assigned. The trace names the rater and the division, not the marks (评议 stays confidential).
 */
export async function rateDivision(deps: Deps, actor: Actor, roundId: number, input: EvaluationRatingInput): Promise<{ ok: true }> {
  const personId = personOf(actor);
  await inTransaction(deps.db, async (trx) => {
    const round = await trx.selectFrom('evaluation_rounds').select(['id', 'status']).where('tenant_id', '=', actor.tenantId).where('id', '=', roundId).executeTakeFirst();
    if (!round) throw new AppError('not_found', '季评轮次不存在');
    if (round.status !== 'open') throw new AppError('invalid_transition', '季评已结束，不能再评分');
    const assigned = await trx
      .selectFrom('evaluation_raters')
      .select('rater_kind')
      .where('round_id', '=', roundId)
      .where('person_id', '=', personId)
      .where('division_id', '=', input.divisionId)
      .executeTakeFirst();
    if (!assigned) throw new AppError('forbidden', '您未被指定评议该处室');
    const now = deps.clock.now();
    const scores = JSON.stringify(input.scores);
    await trx
      .insertInto('evaluation_ratings')
      .values({ round_id: roundId, tenant_id: actor.tenantId, person_id: personId, division_id: input.divisionId, rater_kind: assigned.rater_kind, scores, rated_at: now })
      .onConflict((oc) => oc.columns(['round_id', 'person_id', 'division_id']).doUpdateSet({ scores, rated_at: now }))
      .execute();
    await recordTrace(trx, deps.clock, actor, { action: 'evaluation.rate', entityType: 'evaluation_round', entityId: roundId, after: { divisionId: input.divisionId, raterKind: assigned.rater_kind } });
  });
  return { ok: true };
}
