import { channelTestResultSchema, channelTestSchema, notifyPreferencesSchema, notifySettingsInputSchema, notifySettingsSchema } from '@duban/shared';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import { requirePermission } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { getPreferences, putPreferences } from './preferences.service';
import { getNotifySettings, putNotifySettings } from './settings.service';
import { sendTestMessage, testTargetOf } from './test-send';

export async function notifySettingsRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/settings/channels', { schema: { tags: ['notify'], summary: '通知渠道设置（密钥只显示是否已设置）', response: { 200: notifySettingsSchema } } }, async (request) =>
    getNotifySettings(deps, actorOf(request)),
  );

  app.put(
    '/api/settings/channels',
    { schema: { tags: ['notify'], summary: '保存通知渠道设置（密钥只写不读；留空表示不修改）', body: notifySettingsInputSchema, response: { 200: notifySettingsSchema } } },
    async (request) => putNotifySettings(deps, actorOf(request), request.body),
  );

  app.post(
    '/api/settings/channels/test',
    { schema: { tags: ['notify'], summary: '发送测试消息', body: channelTestSchema, response: { 200: channelTestResultSchema } } },
    async (request) => {
      const actor = actorOf(request);
      requirePermission(actor, 'channel.manage');
      const { channel, personId, to } = request.body;
      return sendTestMessage(deps, actor.tenantId, channel, await testTargetOf(deps, actor.tenantId, channel, personId, to));
    },
  );

  app.get('/api/me/notify-preferences', { schema: { tags: ['notify'], summary: '我的通知偏好（每日汇总、关闭的渠道）', response: { 200: notifyPreferencesSchema } } }, async (request) =>
    getPreferences(deps, actorOf(request)),
  );

  app.put(
    '/api/me/notify-preferences',
    { schema: { tags: ['notify'], summary: '修改我的通知偏好', body: notifyPreferencesSchema, response: { 200: notifyPreferencesSchema } } },
    async (request) => putPreferences(deps, actorOf(request), request.body),
  );
}
