import {
  DEFAULT_REPEAT_INTERVALS,
  DEFAULT_THRESHOLDS,
  mergeThresholds,
  readTenantWarningSettings,
  WARNING_SETTINGS_KEYS,
  warningThresholdOverridesSchema,
  type WarningSettingsInput,
  type WarningSettingsView,
  type WarningThresholdOverrides,
} from '@duban/shared';
import { validationError } from '../../errors';
import { requireAnyPermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';

// Only the fields that are set: a null or missing field inherits from the level above.
function compact(o: WarningThresholdOverrides): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(warningThresholdOverridesSchema.parse(o))) if (typeof v === 'number') out[k] = v;
  return out;
}

/** The tenant's warning thresholds, repeat intervals and per-category overrides (system admin and 督查办). */
export async function getWarningSettings(deps: Deps, actor: Actor): Promise<WarningSettingsView> {
  requireAnyPermission(actor, 'calendar.manage', 'matter.manage');
  const tenant = await deps.db.selectFrom('tenants').select('settings').where('id', '=', actor.tenantId).executeTakeFirstOrThrow();
  const { thresholds, repeat } = readTenantWarningSettings(tenant.settings);
  const categories = await deps.db.selectFrom('categories').select(['id', 'name', 'thresholds']).where('tenant_id', '=', actor.tenantId).orderBy('sort').orderBy('id').execute();
  const effective = mergeThresholds(thresholds, null);
  return {
    thresholds,
    effective,
    defaults: { ...DEFAULT_THRESHOLDS },
    repeat,
    defaultRepeat: { ...DEFAULT_REPEAT_INTERVALS },
    categories: categories.map((c) => {
      const own = warningThresholdOverridesSchema.safeParse(c.thresholds ?? {});
      const overrides = own.success ? own.data : {};
      return { id: c.id, name: c.name, thresholds: overrides, effective: mergeThresholds(thresholds, overrides) };
    }),
  };
}

/** Saves the settings; the next sweep sees the rules changed and reclassifies the tenant's matters. */
export async function putWarningSettings(deps: Deps, actor: Actor, input: WarningSettingsInput & { categories: { categoryId: number; thresholds: WarningThresholdOverrides }[] }): Promise<WarningSettingsView> {
  requireAnyPermission(actor, 'calendar.manage', 'matter.manage');
  const known = new Set(
    (await deps.db.selectFrom('categories').select('id').where('tenant_id', '=', actor.tenantId).execute()).map((c) => c.id),
  );
  const unknown = input.categories.findIndex((c) => !known.has(c.categoryId));
  if (unknown >= 0) throw validationError([{ field: `categories.${unknown}.categoryId`, message: `类别（编号 ${input.categories[unknown]?.categoryId}）不存在` }]);
  const before = await getWarningSettings(deps, actor);
  await inTransaction(deps.db, async (trx) => {
    const tenant = await trx.selectFrom('tenants').select('settings').where('id', '=', actor.tenantId).forUpdate().executeTakeFirstOrThrow();
    const stored = { thresholds: compact(input.thresholds), repeat: input.repeat };
    const settings = { ...tenant.settings, [WARNING_SETTINGS_KEYS.thresholds]: stored.thresholds, [WARNING_SETTINGS_KEYS.repeat]: stored.repeat };
    await trx.updateTable('tenants').set({ settings: JSON.stringify(settings) }).where('id', '=', actor.tenantId).execute();
    for (const c of input.categories) {
      const t = compact(c.thresholds);
      await trx.updateTable('categories').set({ thresholds: Object.keys(t).length ? JSON.stringify(t) : null }).where('tenant_id', '=', actor.tenantId).where('id', '=', c.categoryId).execute();
    }
    await recordTrace(trx, deps.clock, actor, {
      action: 'settings.warning',
      entityType: 'settings',
      entityId: 'warning',
      before: { thresholds: before.thresholds, repeat: before.repeat, categories: before.categories.map((c) => ({ id: c.id, thresholds: c.thresholds })) },
      after: { ...stored, categories: input.categories },
    });
  });
  return getWarningSettings(deps, actor);
}
