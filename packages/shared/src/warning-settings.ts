import { z } from 'zod';
import './zod-zh';
import { MAX_ID } from './schemas';
import { DEFAULT_REPEAT_INTERVALS, type RepeatIntervals } from './reminder-schedule';
import { warningThresholdOverridesSchema, type WarningThresholdOverrides, type WarningThresholds } from './warning-thresholds';

const interval = (label: string) => {
  const message = `${label}应为 1–30 之间的整数（个工作日）`;
  return z.number({ error: message }).int({ error: message }).min(1, { error: message }).max(30, { error: message });
};

export const repeatIntervalsSchema = z.object({
  yellow: interval('黄色预警重复提醒间隔'),
  blue: interval('蓝色预警重复提醒间隔'),
  red: interval('红色预警重复提醒间隔'),
});

/** PUT /api/settings/warning: the tenant's thresholds, repeat intervals and per-category overrides. */
export const warningSettingsInputSchema = z.object({
  thresholds: warningThresholdOverridesSchema,
  repeat: repeatIntervalsSchema,
  categories: z
    .array(z.object({ categoryId: z.number().int().positive().max(MAX_ID, { error: '编号超出范围' }), thresholds: warningThresholdOverridesSchema }))
    .max(500)
    .default([]),
});
export type WarningSettingsInput = z.input<typeof warningSettingsInputSchema>;

/** What GET /api/settings/warning returns: the overrides as stored, and the values in effect. */
export type WarningSettingsView = {
  thresholds: WarningThresholdOverrides;
  effective: WarningThresholds;
  defaults: WarningThresholds;
  repeat: RepeatIntervals;
  defaultRepeat: RepeatIntervals;
  categories: { id: number; name: string; thresholds: WarningThresholdOverrides; effective: WarningThresholds }[];
};

/**
 * Where a tenant's warning settings live in tenants.settings: the thresholds under `warningThresholds`
 * (also read by the matters API for the live colour), the repeat intervals under `warningRepeat`.
 */
export const WARNING_SETTINGS_KEYS = { thresholds: 'warningThresholds', repeat: 'warningRepeat' } as const;

const storedSchema = z.object({ warningThresholds: z.unknown(), warningRepeat: z.unknown() }).partial();

/** The tenant-level warning settings out of tenants.settings, read leniently: a bad stored value falls back to the default. */
export function readTenantWarningSettings(settings: unknown): { thresholds: WarningThresholdOverrides; repeat: RepeatIntervals } {
  const stored = storedSchema.safeParse(settings ?? {});
  const obj = stored.success ? stored.data : {};
  const t = warningThresholdOverridesSchema.safeParse(obj.warningThresholds ?? {});
  const r = repeatIntervalsSchema.partial().safeParse(obj.warningRepeat ?? {});
  const repeat = r.success ? r.data : {};
  return {
    thresholds: t.success ? t.data : {},
    repeat: {
      yellow: repeat.yellow ?? DEFAULT_REPEAT_INTERVALS.yellow,
      blue: repeat.blue ?? DEFAULT_REPEAT_INTERVALS.blue,
      red: repeat.red ?? DEFAULT_REPEAT_INTERVALS.red,
    },
  };
}
