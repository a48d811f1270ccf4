import { z } from 'zod';
import { inspectionCreateSchema, inspectionViewSchema, isoDateSchema } from './matter-schemas';

// 现场督查 and 督查活动: request and response shapes beyond those in matter-schemas.ts.

/** A field inspection as recorded from a phone: the shared shape plus the GPS accuracy in metres. */
export const inspectionInputSchema = inspectionCreateSchema.extend({
  accuracy: z.number().min(0, { error: '定位精度不能为负数' }).max(100_000).nullish(),
});
export type InspectionInput = z.input<typeof inspectionInputSchema>;

export const inspectionDetailSchema = inspectionViewSchema.extend({
  matterId: z.number().int(),
  accuracy: z.number().nullable(),
  campaignName: z.string().nullable(),
  recordedBy: z.string().nullable(),
  /** True when this dispute returned a pending completion request (退回). */
  returnedCompletion: z.boolean(),
});
export type InspectionDetail = z.infer<typeof inspectionDetailSchema>;

/** 督查活动: a round of inspections (e.g. 第三季度重点项目暗访) grouping their records. */
export const campaignInputSchema = z
  .object({
    name: z.string().trim().min(1, { error: '请填写活动名称' }).max(100, { error: '活动名称不能超过 100 字' }),
    startDate: isoDateSchema.nullish(),
    endDate: isoDateSchema.nullish(),
    description: z.string().trim().max(2000).default(''),
  })
  .refine((v) => !v.startDate || !v.endDate || v.endDate >= v.startDate, { path: ['endDate'], message: '结束日期不能早于开始日期' });
export type CampaignInput = z.input<typeof campaignInputSchema>;

export const campaignViewSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  description: z.string(),
  inspectionCount: z.number().int(),
  disputedCount: z.number().int(),
  createdAt: z.string(),
});
export type CampaignView = z.infer<typeof campaignViewSchema>;
