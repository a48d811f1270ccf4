import { z } from 'zod';
import { DEFAULT_WORK_PERIODS, workPeriodsSchema } from './grid-time';

/**
 * A tenant's grid settings (grid_settings.settings): the working periods of a day, and how a problem stuck at the
 * district level becomes a supervised matter (转入督办): whether it does, how many working days the matter gets,
 * and which unit leads it when the problem was dispatched to none.
 */
export const gridSettingsSchema = z.object({
  workPeriods: workPeriodsSchema.default([...DEFAULT_WORK_PERIODS]),
  superviseEnabled: z.boolean().default(true),
  superviseWorkdays: z.number().int().min(1, { error: '督办时限至少 1 个工作日' }).max(60, { error: '督办时限不超过 60 个工作日' }).default(10),
  superviseLeadUnitId: z.number().int().positive().nullable().default(null),
  /** How far beyond the outermost cells a report is still taken as the tenant's (metres); farther is refused. */
  outsideMarginM: z.number().int().min(0).max(50_000).default(2000),
  /** A cluster (issue 17): this many reports of one category in one cell within `clusterDays` are flagged to the street. */
  clusterReports: z.number().int().min(2).max(1000).default(5),
  clusterDays: z.number().int().min(1).max(365).default(30),
});
export type GridSettings = z.infer<typeof gridSettingsSchema>;

/** The settings stored, completed with defaults; anything unreadable falls back to the defaults. */
export function readGridSettings(raw: unknown): GridSettings {
  const r = gridSettingsSchema.safeParse(raw ?? {});
  return r.success ? r.data : gridSettingsSchema.parse({});
}

/** What the settings page (网格设置) edits: how a problem stuck at the district becomes a supervised matter. */
export const gridSuperviseInputSchema = z.object({
  superviseEnabled: z.boolean({ error: '请选择是否转入督办' }),
  superviseWorkdays: z
    .number({ error: '请填写督办时限（工作日）' })
    .int({ error: '督办时限须为整数个工作日' })
    .min(1, { error: '督办时限至少 1 个工作日' })
    .max(60, { error: '督办时限不超过 60 个工作日' }),
  superviseLeadUnitId: z.number({ error: '请选择督办牵头单位' }).int().positive({ error: '请选择督办牵头单位' }).nullable(),
});
export type GridSuperviseInput = z.infer<typeof gridSuperviseInputSchema>;

export const gridSettingsViewSchema = gridSuperviseInputSchema.extend({
  superviseLeadUnitName: z.string().nullable(),
  workPeriods: z.array(z.string()),
  updatedAt: z.string().nullable(),
});
export type GridSettingsView = z.infer<typeof gridSettingsViewSchema>;
