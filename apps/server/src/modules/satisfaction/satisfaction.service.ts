import type { Kysely, Transaction } from 'kysely';
import {
  DEFAULT_SATISFACTION_SETTINGS,
  satisfactionRate,
  shanghaiDate,
  type SatisfactionChannel,
  type SatisfactionLevel,
  type SatisfactionRater,
  type SatisfactionRatingInput,
  type SatisfactionResult,
  type SatisfactionSettings,
  type SatisfactionVoteView,
  type UnitSatisfaction,
} from '@duban/shared';
import type { DB } from '../../db/schema';
import { AppError, validationError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';

type Db = Kysely<DB> | Transaction<DB>;
/** A period of rating dates, both ends included (e.g. a quarter: 2026-10-01 … 2026-12-31). */
export type SatisfactionPeriod = { from: string; to: string };

/** The tenant's points and weights (the defaults until 督查办 edits them). */
export async function satisfactionSettings(db: Db, tenantId: number): Promise<SatisfactionSettings> {
  const row = await db.selectFrom('satisfaction_settings').select('settings').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row?.settings ?? DEFAULT_SATISFACTION_SETTINGS;
}

/**
 * The seam for the assessment module: a unit's 满意率 over a period (votes dated inside it), under the
 * tenant's current points and weights. `rate` is null when nobody gave a counted vote.
 */
export async function unitSatisfaction(db: Db, tenantId: number, unitId: number, period: SatisfactionPeriod): Promise<SatisfactionResult> {
  const votes = await db
    .selectFrom('satisfaction_ratings')
    .select(['rater', 'level'])
    .where('tenant_id', '=', tenantId)
    .where('unit_id', '=', unitId)
    .where('rated_on', '>=', period.from)
    .where('rated_on', '<=', period.to)
    .execute();
  return satisfactionRate(votes, await satisfactionSettings(db, tenantId));
}

/** A vote as any source records it. */
export type SatisfactionVoteInput = {
  unitId: number;
  rater: SatisfactionRater;
  raterUnitId?: number | null;
  level: SatisfactionLevel;
  ratedOn: string;
  channel: SatisfactionChannel;
  /** The source record (e.g. a grid follow-up visit's id): the same reference is stored once. */
  sourceRef?: string | null;
  comment?: string | null;
  createdBy?: number | null;
};

/**
 * The seam for other modules (the grid module's follow-up visits): stores one vote inside the caller's
 * transaction; a vote whose channel and sourceRef were already stored is ignored (returns false).
 */
export async function recordSatisfactionVote(trx: Transaction<DB>, tenantId: number, v: SatisfactionVoteInput): Promise<boolean> {
  const row = await trx
    .insertInto('satisfaction_ratings')
    .values({
      tenant_id: tenantId,
      unit_id: v.unitId,
      rater: v.rater,
      rater_unit_id: v.raterUnitId ?? null,
      level: v.level,
      rated_on: v.ratedOn,
      channel: v.channel,
      source_ref: v.sourceRef ?? null,
      comment: v.comment ?? null,
      created_by: v.createdBy ?? null,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'channel', 'source_ref']).where('source_ref', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Who gives a vote: a citizens' vote is entered by 督查办 (no rater unit); a unit's vote is given by its head or
 * liaison for their own unit, or entered by 督查办 from the unit's form naming `raterUnitId`.
 */
async function raterUnitOf(deps: Deps, actor: Actor, input: SatisfactionRatingInput): Promise<number | null> {
  if (input.rater === 'citizen') {
    requirePermission(actor, 'matter.manage');
    if (input.raterUnitId !== undefined) throw validationError([{ field: 'raterUnitId', message: '群众评价不填评价单位' }]);
    return null;
  }
  const ownUnit = actor.roles.some((r) => r === 'unit_head' || r === 'liaison') ? actor.unitId : null;
  if (input.raterUnitId === undefined || input.raterUnitId === ownUnit) {
    if (ownUnit === null) {
      if (actor.permissions.has('matter.manage')) throw validationError([{ field: 'raterUnitId', message: '请选择评价单位' }]);
      throw new AppError('forbidden', '单位互评须由单位负责人或联络员代表本单位填写');
    }
    return ownUnit;
  }
  if (!actor.permissions.has('matter.manage')) throw new AppError('forbidden', '只能代表本单位评价其他单位');
  const unit = await deps.db.selectFrom('units').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', input.raterUnitId).where('kind', '!=', 'division').executeTakeFirst();
  if (!unit) throw validationError([{ field: 'raterUnitId', message: `评价单位（编号 ${input.raterUnitId}）不存在` }]);
  return unit.id;
}

/**
 * Records a vote through the API: 督查办 enters citizens' votes (surveys, hotline call-backs); a unit's
 * head or liaison rates another unit on behalf of their own.
 */
export async function recordRating(deps: Deps, actor: Actor, input: SatisfactionRatingInput): Promise<{ ok: true }> {
  const raterUnitId = await raterUnitOf(deps, actor, input);
  if (input.rater === 'unit' && input.unitId === raterUnitId) throw validationError([{ field: 'unitId', message: '不能评价本单位' }]);
  if (input.ratedOn > shanghaiDate(deps.clock.now())) throw validationError([{ field: 'ratedOn', message: '评价日期不能晚于今天' }]);
  const unit = await deps.db.selectFrom('units').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).where('id', '=', input.unitId).where('kind', '!=', 'division').executeTakeFirst();
  if (!unit) throw validationError([{ field: 'unitId', message: `单位（编号 ${input.unitId}）不存在` }]);
  await inTransaction(deps.db, async (trx) => {
    await recordSatisfactionVote(trx, actor.tenantId, { ...input, raterUnitId, channel: 'form', createdBy: actor.accountId });
    await recordTrace(trx, deps.clock, actor, { action: 'satisfaction.rate', entityType: 'unit', entityId: input.unitId, after: { rater: input.rater, raterUnitId, level: input.level, ratedOn: input.ratedOn } });
  });
  return { ok: true };
}

/** Every unit rated in the period with its 满意率, highest first (units without a counted vote last). */
export async function listSatisfaction(deps: Deps, actor: Actor, period: SatisfactionPeriod): Promise<UnitSatisfaction[]> {
  requirePermission(actor, 'cockpit.read');
  const settings = await satisfactionSettings(deps.db, actor.tenantId);
  const rows = await deps.db
    .selectFrom('satisfaction_ratings as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.unit_id', 'u.name', 's.rater', 's.level'])
    .where('s.tenant_id', '=', actor.tenantId)
    .where('s.rated_on', '>=', period.from)
    .where('s.rated_on', '<=', period.to)
    .execute();
  const byUnit = new Map<number, { name: string; votes: { rater: SatisfactionRater; level: SatisfactionLevel }[] }>();
  for (const r of rows) {
    const u = byUnit.get(r.unit_id) ?? { name: r.name, votes: [] };
    u.votes.push({ rater: r.rater, level: r.level });
    byUnit.set(r.unit_id, u);
  }
  return [...byUnit]
    .map(([unitId, u]) => ({ unitId, unitName: u.name, ...satisfactionRate(u.votes, settings) }))
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || a.unitId - b.unitId);
}

/** 督查办 edits the points and weights; the change applies to every period computed from now on. */
export async function updateSatisfactionSettings(deps: Deps, actor: Actor, settings: SatisfactionSettings): Promise<SatisfactionSettings> {
  requirePermission(actor, 'matter.manage');
  await inTransaction(deps.db, async (trx) => {
    const before = await satisfactionSettings(trx, actor.tenantId);
    const json = JSON.stringify(settings);
    await trx
      .insertInto('satisfaction_settings')
      .values({ tenant_id: actor.tenantId, settings: json, updated_at: deps.clock.now() })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ settings: json, updated_at: deps.clock.now() }))
      .execute();
    await recordTrace(trx, deps.clock, actor, { action: 'satisfaction.settings', entityType: 'tenant', entityId: actor.tenantId, before, after: settings });
  });
  return settings;
}

/** The settings for the admin page. */
export async function readSatisfactionSettings(deps: Deps, actor: Actor): Promise<SatisfactionSettings> {
  requirePermission(actor, 'cockpit.read');
  return satisfactionSettings(deps.db, actor.tenantId);
}

/** The votes on one unit in a period, newest first, with their points under the current settings (不了解: none). */
export async function listSatisfactionVotes(deps: Deps, actor: Actor, q: SatisfactionPeriod & { unitId: number }): Promise<SatisfactionVoteView[]> {
  requirePermission(actor, 'cockpit.read');
  const settings = await satisfactionSettings(deps.db, actor.tenantId);
  const rows = await deps.db
    .selectFrom('satisfaction_ratings as s')
    .leftJoin('units as r', 'r.id', 's.rater_unit_id')
    .leftJoin('accounts as a', 'a.id', 's.created_by')
    .select(['s.id', 's.rater', 'r.name as rater_unit_name', 's.level', 's.rated_on', 's.channel', 's.comment', 'a.display_name'])
    .where('s.tenant_id', '=', actor.tenantId)
    .where('s.unit_id', '=', q.unitId)
    .where('s.rated_on', '>=', q.from)
    .where('s.rated_on', '<=', q.to)
    .orderBy('s.rated_on', 'desc')
    .orderBy('s.id', 'desc')
    .limit(2000)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    rater: r.rater,
    raterUnitName: r.rater_unit_name,
    level: r.level,
    points: r.level === 'unknown' ? null : settings.points[r.level],
    ratedOn: r.rated_on,
    channel: r.channel,
    comment: r.comment,
    recordedBy: r.display_name,
  }));
}
