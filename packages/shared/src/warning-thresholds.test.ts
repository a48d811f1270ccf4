import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_THRESHOLDS, mergeThresholds, warningThresholdsSchema } from './warning-thresholds';

describe('warning thresholds', () => {
  it('defaults to SPEC §2: 7 days, 10 points, 3 working days, 80%', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ stallDays: 7, lagTolerance: 10, dueSoonWorkdays: 3, dueSoonProgress: 80 });
    expect(mergeThresholds()).toEqual(DEFAULT_THRESHOLDS);
  });

  it('lets a category override its tenant, and the tenant the defaults, field by field', () => {
    expect(mergeThresholds({ stallDays: 5, lagTolerance: 15 }, { stallDays: 3, dueSoonProgress: 90 })).toEqual({
      stallDays: 3,
      lagTolerance: 15,
      dueSoonWorkdays: 3,
      dueSoonProgress: 90,
    });
  });

  it('treats null as inherit (settings columns left empty)', () => {
    expect(mergeThresholds({ stallDays: 5 }, { stallDays: null })).toMatchObject({ stallDays: 5 });
    expect(mergeThresholds(null, { lagTolerance: 0 })).toMatchObject({ stallDays: 7, lagTolerance: 0 });
  });

  it('rejects out-of-range values with Chinese messages, even when overridden below', () => {
    expect(() => mergeThresholds({ stallDays: 0 }, { stallDays: 5 })).toThrow('停滞天数应为 1–365 之间的整数');
    expect(() => mergeThresholds({}, { dueSoonWorkdays: 2.5 })).toThrow('临期工作日数应为 0–60 之间的整数');
    expect(() => mergeThresholds({ lagTolerance: 101 })).toThrow('滞后容差（百分点）应为 0–100 之间的数值');
    expect(() => mergeThresholds({ dueSoonProgress: Number.NaN })).toThrow('临期进度要求（%）应为 0–100 之间的数值');
  });

  it('validates a complete set, naming every bad field', () => {
    const result = warningThresholdsSchema.safeParse({ stallDays: 400, lagTolerance: -1, dueSoonWorkdays: 3 });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(z.flattenError(result.error).fieldErrors).toEqual({
        stallDays: ['停滞天数应为 1–365 之间的整数'],
        lagTolerance: ['滞后容差（百分点）应为 0–100 之间的数值'],
        dueSoonProgress: ['临期进度要求（%）不能为空'],
      });
    }
  });
});
