import { z } from 'zod';
import { warningThresholdOverridesSchema } from './warning-thresholds';

// The editable category dictionary (类别: 民生实事, 项目建设 …) of /api/categories.

export const categoryInputSchema = z.object({
  name: z.string().trim().min(1, { error: '类别名称不能为空' }).max(40, { error: '类别名称不能超过 40 字' }),
  sort: z.number().int().min(0).max(100_000).optional(),
  active: z.boolean().optional(),
  /** Per-category warning thresholds; null inherits the tenant's. */
  thresholds: warningThresholdOverridesSchema.nullish(),
});
export type CategoryInput = z.infer<typeof categoryInputSchema>;

export const categorySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  sort: z.number().int(),
  active: z.boolean(),
  thresholds: z.record(z.string(), z.number()).nullable(),
  matterCount: z.number().int(),
});
export type CategoryView = z.infer<typeof categorySchema>;
