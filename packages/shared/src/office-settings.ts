import { z } from 'zod';
import './zod-zh';

/** The supervision office's name when the tenant has not set one: it heads notices and signs reports. */
export const DEFAULT_OFFICE_NAME = '区委区政府督查办公室';

/** Where the office's name lives in tenants.settings. */
export const OFFICE_NAME_KEY = 'officeName';

/** PUT /api/settings/office: the one name the office goes by on every document (通知单, 周报, 督查通报). */
export const officeSettingsSchema = z.object({
  officeName: z
    .string({ error: '请填写督查机构名称' })
    .trim()
    .min(2, { error: '督查机构名称至少 2 个字' })
    .max(40, { error: '督查机构名称不能超过 40 个字' })
    .refine((v) => !/[\r\n\t]/.test(v), { error: '督查机构名称不能含换行或制表符' }),
});
export type OfficeSettings = z.infer<typeof officeSettingsSchema>;

/** The office's name out of tenants.settings, the default when unset or unreadable. */
export function readOfficeName(settings: unknown): string {
  const stored = settings && typeof settings === 'object' ? (settings as Record<string, unknown>)[OFFICE_NAME_KEY] : undefined;
  const parsed = officeSettingsSchema.shape.officeName.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_OFFICE_NAME;
}
