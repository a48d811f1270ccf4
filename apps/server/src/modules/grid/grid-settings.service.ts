import { readGridSettings, type GridSettingsView, type GridSuperviseInput, type LimitVersionDetail, type LimitVersionInput, type LimitVersionView } from '@duban/shared';
import { sql } from 'kysely';
import { AppError, validationError } from '../../errors';
import { requireAnyPermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import { insertLimitVersion, invalidateLimitVersions, limitRows } from './grid-limits.service';
import { invalidateGridSettings } from './grid-settings';

/**
 * The grid's settings page (网格设置, 督查办 or the system administrator): the 转入督办 settings, edited in place and
 * traced, and the time-limit table, which is never edited: a change is a new version in force from a moment not in
 * the past, so every problem already reported keeps the version it was judged by (grid_problems.limit_version_id).
 */

/** Who edits the grid's rules: the district platform (督查办) and the system administrator. */
function requireGridSettings(actor: Actor): void {
  requireAnyPermission(actor, 'grid.manage', 'calendar.manage');
}

const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString();

export async function getGridSettings(deps: Deps, actor: Actor): Promise<GridSettingsView> {
  requireGridSettings(actor);
  const row = await deps.db.selectFrom('grid_settings').select(['settings', 'updated_at']).where('tenant_id', '=', actor.tenantId).executeTakeFirst();
  const s = readGridSettings(row?.settings);
  const unit =
    s.superviseLeadUnitId === null ? undefined : await deps.db.selectFrom('units').select('name').where('tenant_id', '=', actor.tenantId).where('id', '=', s.superviseLeadUnitId).executeTakeFirst();
  return {
    superviseEnabled: s.superviseEnabled,
    superviseWorkdays: s.superviseWorkdays,
    superviseLeadUnitId: s.superviseLeadUnitId,
    superviseLeadUnitName: unit?.name ?? null,
    workPeriods: s.workPeriods,
    updatedAt: row ? iso(row.updated_at) : null,
  };
}

/** Changes the 转入督办 settings (the other settings stay as they are); traced with before and after. */
export async function putGridSettings(deps: Deps, actor: Actor, input: GridSuperviseInput): Promise<GridSettingsView> {
  requireGridSettings(actor);
  const t = actor.tenantId;
  await inTransaction(deps.db, async (trx) => {
    if (input.superviseLeadUnitId !== null) {
      const u = await trx.selectFrom('units').select(['id', 'active']).where('tenant_id', '=', t).where('id', '=', input.superviseLeadUnitId).executeTakeFirst();
      if (!u || !u.active) throw validationError([{ field: 'superviseLeadUnitId', message: '所选单位不存在或已停用，请重新选择' }]);
    }
    const row = await trx.selectFrom('grid_settings').select('settings').where('tenant_id', '=', t).forUpdate().executeTakeFirst();
    const before = readGridSettings(row?.settings);
    const raw = (row?.settings ?? {}) as Record<string, unknown>;
    const next = { ...raw, superviseEnabled: input.superviseEnabled, superviseWorkdays: input.superviseWorkdays, superviseLeadUnitId: input.superviseLeadUnitId };
    const now = deps.clock.now();
    await trx
      .insertInto('grid_settings')
      .values({ tenant_id: t, settings: JSON.stringify(next), updated_at: now })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ settings: JSON.stringify(next), updated_at: now }))
      .execute();
    await recordTrace(trx, deps.clock, actor, {
      action: 'grid.settings',
      entityType: 'grid',
      entityId: t,
      before: { superviseEnabled: before.superviseEnabled, superviseWorkdays: before.superviseWorkdays, superviseLeadUnitId: before.superviseLeadUnitId },
      after: input,
    });
  });
  invalidateGridSettings(deps.db, t);
  return getGridSettings(deps, actor);
}

/** Every version of the tenant's time-limit table, newest first, with which is in force now. */
export async function listLimitVersions(deps: Deps, actor: Actor): Promise<LimitVersionView[]> {
  requireGridSettings(actor);
  const rows = await deps.db
    .selectFrom('grid_limit_versions as v')
    .leftJoin('accounts as a', 'a.id', 'v.created_by')
    .select(['v.id', 'v.effective_from', 'v.note', 'v.created_at', 'a.display_name', sql<number>`(select count(*) from grid_time_limits l where l.version_id = v.id)::int`.as('row_count')])
    .where('v.tenant_id', '=', actor.tenantId)
    .orderBy('v.effective_from', 'desc')
    .orderBy('v.id', 'desc')
    .execute();
  const now = deps.clock.now().getTime();
  // The same rule as versionInForce: the latest in force at or before now, else the oldest.
  const inForce = rows.find((r) => new Date(r.effective_from).getTime() <= now)?.id ?? rows.at(-1)?.id;
  let passed = false;
  return rows.map((r) => {
    const state = r.id === inForce ? 'in_force' : passed || new Date(r.effective_from).getTime() <= now ? 'replaced' : 'pending';
    if (r.id === inForce) passed = true;
    return { id: r.id, effectiveFrom: iso(r.effective_from), note: r.note, createdAt: iso(r.created_at), createdByName: r.display_name ?? null, state, rowCount: r.row_count };
  });
}

/** One version with its rows and the tenant's categories (to name them). */
export async function getLimitVersion(deps: Deps, actor: Actor, id: number): Promise<LimitVersionDetail> {
  const list = await listLimitVersions(deps, actor);
  const v = list.find((x) => x.id === id);
  if (!v) throw new AppError('not_found', '时限表版本不存在');
  const [rows, categories] = await Promise.all([
    limitRows(deps.db, id),
    deps.db.selectFrom('grid_categories').select(['id', 'name', 'parent_id']).where('tenant_id', '=', actor.tenantId).orderBy('code').execute(),
  ]);
  return { ...v, rows, categories: categories.map((c) => ({ id: c.id, name: c.name, parentId: c.parent_id })) };
}

/** How far back "now" may be given, for the clocks of browser and server not quite agreeing. */
const SLACK_MS = 5 * 60_000;

/**
 * Publishes a new version of the time-limit table in force from `effectiveFrom` (now or later: problems already
 * reported keep theirs, so history is never rewritten). Categories must be the tenant's.
 */
export async function createLimitVersion(deps: Deps, actor: Actor, input: LimitVersionInput): Promise<LimitVersionDetail> {
  requireGridSettings(actor);
  const t = actor.tenantId;
  const now = deps.clock.now();
  const from = new Date(input.effectiveFrom);
  if (from.getTime() < now.getTime() - SLACK_MS) {
    throw validationError([{ field: 'effectiveFrom', message: '生效时间不能早于现在：已上报的问题按上报时的时限表计时，历史不能改写' }]);
  }
  const effective = from.getTime() < now.getTime() ? now : from;
  const id = await inTransaction(deps.db, async (trx) => {
    const catIds = [...new Set(input.rows.flatMap((r) => (r.categoryId === null ? [] : [r.categoryId])))];
    const known = new Set(catIds.length ? (await trx.selectFrom('grid_categories').select('id').where('tenant_id', '=', t).where('id', 'in', catIds).execute()).map((c) => c.id) : []);
    const issues = input.rows.flatMap((r, i) => (r.categoryId !== null && !known.has(r.categoryId) ? [{ field: `rows.${i}.categoryId`, message: '本区没有这个问题类别，请重新选择' }] : []));
    if (issues.length) throw validationError(issues);
    const clash = await trx.selectFrom('grid_limit_versions').select('id').where('tenant_id', '=', t).where('effective_from', '=', effective).executeTakeFirst();
    if (clash) throw validationError([{ field: 'effectiveFrom', message: '该时间已有一个版本生效，请换一个生效时间' }]);
    const versionId = await insertLimitVersion(trx, t, { effectiveFrom: effective, note: input.note, rows: input.rows, createdBy: actor.accountId ?? null, now });
    await recordTrace(trx, deps.clock, actor, {
      action: 'grid.limit_version',
      entityType: 'grid',
      entityId: t,
      after: { versionId, effectiveFrom: effective.toISOString(), note: input.note, rows: input.rows.length },
    });
    return versionId;
  });
  invalidateLimitVersions(deps.db, t);
  return getLimitVersion(deps, actor, id);
}
