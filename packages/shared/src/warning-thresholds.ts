import { z } from 'zod';
import './zod-zh';

/** The knobs of the four-colour rules; each tenant, and each category within it, may override any of them. */
export type WarningThresholds = {
  /** Calendar days without a report, or without the reported % going up, after which a matter is blue. */
  stallDays: number;
  /** Percentage points the actual progress may trail the planned progress before a matter is yellow. */
  lagTolerance: number;
  /** A deadline at most this many working days away makes a matter below dueSoonProgress yellow. */
  dueSoonWorkdays: number;
  /** The progress % a matter should have reached once its deadline is near. */
  dueSoonProgress: number;
};

export const DEFAULT_THRESHOLDS: Readonly<WarningThresholds> = Object.freeze({
  stallDays: 7,
  lagTolerance: 10,
  dueSoonWorkdays: 3,
  dueSoonProgress: 80,
});

const between = (label: string, min: number, max: number, integer: boolean) => {
  const message = `${label}应为 ${min}–${max} 之间的${integer ? '整数' : '数值'}`;
  const base = z
    .number({ error: (issue) => (issue.input === undefined ? `${label}不能为空` : message) })
    .min(min, { error: message })
    .max(max, { error: message });
  return integer ? base.int({ error: message }) : base;
};

export const warningThresholdsSchema = z.object({
  stallDays: between('停滞天数', 1, 365, true),
  lagTolerance: between('滞后容差（百分点）', 0, 100, false),
  dueSoonWorkdays: between('临期工作日数', 0, 60, true),
  dueSoonProgress: between('临期进度要求（%）', 0, 100, false),
});

/** One level's overrides: a missing or null field inherits from the level above. */
export const warningThresholdOverridesSchema = z.object({
  stallDays: warningThresholdsSchema.shape.stallDays.nullish(),
  lagTolerance: warningThresholdsSchema.shape.lagTolerance.nullish(),
  dueSoonWorkdays: warningThresholdsSchema.shape.dueSoonWorkdays.nullish(),
  dueSoonProgress: warningThresholdsSchema.shape.dueSoonProgress.nullish(),
});
export type WarningThresholdOverrides = z.input<typeof warningThresholdOverridesSchema>;

/** Category overrides tenant overrides defaults; throws a ZodError (Chinese messages) on an out-of-range value. */
export function mergeThresholds(
  tenantLevel?: WarningThresholdOverrides | null,
  categoryLevel?: WarningThresholdOverrides | null,
): WarningThresholds {
  const tenant = warningThresholdOverridesSchema.parse(tenantLevel ?? {});
  const category = warningThresholdOverridesSchema.parse(categoryLevel ?? {});
  return {
    stallDays: category.stallDays ?? tenant.stallDays ?? DEFAULT_THRESHOLDS.stallDays,
    lagTolerance: category.lagTolerance ?? tenant.lagTolerance ?? DEFAULT_THRESHOLDS.lagTolerance,
    dueSoonWorkdays: category.dueSoonWorkdays ?? tenant.dueSoonWorkdays ?? DEFAULT_THRESHOLDS.dueSoonWorkdays,
    dueSoonProgress: category.dueSoonProgress ?? tenant.dueSoonProgress ?? DEFAULT_THRESHOLDS.dueSoonProgress,
  };
}
