import { warningSettingsInputSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { getWarningSettings, putWarningSettings } from './warning-settings.service';

const thresholds = z.object({ stallDays: z.number(), lagTolerance: z.number(), dueSoonWorkdays: z.number(), dueSoonProgress: z.number() });
const overrides = z.object({
  stallDays: z.number().nullish(),
  lagTolerance: z.number().nullish(),
  dueSoonWorkdays: z.number().nullish(),
  dueSoonProgress: z.number().nullish(),
});
const repeat = z.object({ yellow: z.number(), blue: z.number(), red: z.number() });
const settingsView = z.object({
  thresholds: overrides,
  effective: thresholds,
  defaults: thresholds,
  repeat,
  defaultRepeat: repeat,
  categories: z.array(z.object({ id: z.number(), name: z.string(), thresholds: overrides, effective: thresholds })),
});

export async function warningSettingsRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/settings/warning',
    { schema: { tags: ['warnings'], summary: '四色预警设置（阈值、重复提醒间隔、类别覆盖）', response: { 200: settingsView } } },
    async (request) => getWarningSettings(deps, actorOf(request)),
  );
  app.put(
    '/api/settings/warning',
    { schema: { tags: ['warnings'], summary: '修改四色预警设置（下次扫描时重新计算本区全部事项颜色）', body: warningSettingsInputSchema, response: { 200: settingsView } } },
    async (request) => putWarningSettings(deps, actorOf(request), request.body),
  );
}
