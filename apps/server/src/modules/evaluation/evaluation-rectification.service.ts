import type { Transaction } from 'kysely';
import { matterCreateSchema, shanghaiDate, type RectificationInput } from '@duban/shared';
import type { DB } from '../../db/schema';
import { AppError, validationError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { assignMatter } from '../matters/matter-flow.service';
import { createMatter } from '../matters/matter.service';
import type { Matter } from '../matters/matter.table';
import { recordTrace } from '../trace/trace.service';
import { computeResult, requireRound } from './evaluation.service';
import type { EvaluationRound } from './evaluation.table';

const TITLE_MAX = 200;

/**
 * Records a 后进 division's 突出问题 and 整改措施. Each measure becomes a supervised matter through the
 * matters module's own createMatter (source 整改事项, lead unit the division's unit, the measure's
 * deadline) and is then 交办 like any other, so the sweep colours it and reminds its people.
 */
export async function recordRectification(deps: Deps, actor: Actor, roundId: number, input: RectificationInput): Promise<{ matterIds: number[] }> {
  requirePermission(actor, 'matter.manage');
  requirePermission(actor, 'matter.create');
  const round = await requireRound(deps, actor, roundId);
  const created = await inTransaction(deps.db, (trx) => rectifyInTransaction(trx, deps, actor, round, input));
  // 交办 each in its own lifecycle step, as the office would: the unit's liaisons are told and the clock runs.
  for (const m of created) await assignMatter(deps, actor, m.id, { version: m.version, note: `${round.title}后进处室整改` });
  return { matterIds: created.map((m) => m.id) };
}

/**
 * The checks and writes of recordRectification inside the caller's transaction (the demo seed uses it
 * as is): the division must be 后进 in the round and not yet recorded; the matters are registered (立项).
 */
export async function rectifyInTransaction(trx: Transaction<DB>, deps: Deps, actor: Actor, round: EvaluationRound, input: RectificationInput): Promise<Matter[]> {
  const result = await computeResult(trx, round);
  const unit = result.units.find((u) => u.divisions.some((d) => d.divisionId === input.divisionId));
  const division = unit?.divisions.find((d) => d.divisionId === input.divisionId);
  if (!unit || !division) throw validationError([{ field: 'divisionId', message: `处室（编号 ${input.divisionId}）不在本轮季评中` }]);
  if (division.standing !== 'lagging') throw validationError([{ field: 'divisionId', message: `${unit.unitName}${division.divisionName}不是本轮后进处室，无需登记整改` }]);
  if (division.problems !== null) throw new AppError('invalid_transition', `${unit.unitName}${division.divisionName}的突出问题和整改措施已经登记`);
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const late = input.measures.flatMap((m, i) => (m.deadline < today ? [{ field: `measures.${i}.deadline`, message: `整改时限不能早于今天（${today}）` }] : []));
  if (late.length) throw validationError(late);

  await trx.insertInto('evaluation_rectifications').values({ round_id: round.id, tenant_id: actor.tenantId, division_id: input.divisionId, problems: input.problems, recorded_by: actor.accountId, recorded_at: now }).execute();
  const out: Matter[] = [];
  for (const [i, m] of input.measures.entries()) {
    const title = `${division.divisionName}整改：${m.text}`;
    const matter = await createMatter(
      trx,
      deps,
      actor,
      matterCreateSchema.parse({
        title: title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title,
        content: `${round.title}后进处室：${unit.unitName}${division.divisionName}（本单位第 ${division.rank} 名，共 ${unit.divisions.length} 个处室）。\n突出问题：${input.problems}\n整改措施：${m.text}`,
        source: 'rectification',
        sourceDoc: `${round.title}排序结果`,
        leadUnitId: unit.unitId,
        startDate: today,
        deadline: m.deadline,
      }),
    );
    await trx.insertInto('evaluation_measures').values({ round_id: round.id, tenant_id: actor.tenantId, division_id: input.divisionId, seq: i + 1, text: m.text, deadline: m.deadline, matter_id: matter.id }).execute();
    out.push(matter);
  }
  await recordTrace(trx, deps.clock, actor, {
    action: 'evaluation.rectify',
    entityType: 'evaluation_round',
    entityId: round.id,
    after: { divisionId: input.divisionId, problems: input.problems, measures: input.measures, matterIds: out.map((m) => m.id) },
  });
  return out;
}
