import { apiTokenSchema, idSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { okSchema, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { issueToken, listTokens, revokeToken } from './token.service';

export async function tokenRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/tokens', { schema: { tags: ['accounts'], summary: 'API 令牌列表（安全管理员）', response: { 200: z.object({ items: z.array(apiTokenSchema) }) } } }, async (request) => ({
    items: await listTokens(deps, actorOf(request)),
  }));

  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['accounts'],
        summary: '签发 API 令牌（明文只返回这一次；给本人，或给不担任管理员角色、未关联人员的集成账号）',
        body: z.object({
          name: z.string().trim().min(1, { error: '请填写令牌用途' }).max(60),
          accountId: idSchema.nullish(),
          expiresInDays: z.number().int().min(1).max(3650).nullish(),
        }),
        response: { 200: z.object({ id: z.number().int(), name: z.string(), token: z.string() }) },
      },
    },
    async (request) => issueToken(deps, actorOf(request), request.body),
  );

  app.delete('/api/tokens/:id', { schema: { tags: ['accounts'], summary: '吊销 API 令牌', params: z.object({ id: idSchema }), response: { 200: okSchema } } }, async (request) => {
    await revokeToken(deps, actorOf(request), request.params.id);
    return { ok: true as const };
  });
}
