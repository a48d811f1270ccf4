import { idSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { okSchema, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { issueOpen311Key, listOpen311Keys, revokeOpen311Key } from './open311-key.service';

const tags = ['open311'];
const keyView = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  requests: z.number().int(),
});

/** The security admin's Open311 keys: list, issue (the key is in this answer only), revoke. */
export async function open311KeyRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/open311/keys', { schema: { tags, summary: 'Open311 接口密钥列表（安全管理员）', response: { 200: z.object({ items: z.array(keyView) }) } } }, async (request) => ({
    items: await listOpen311Keys(deps, actorOf(request)),
  }));

  app.post(
    '/api/open311/keys',
    {
      schema: {
        tags,
        summary: '签发 Open311 接口密钥（每个对接系统一个；明文只返回这一次）',
        body: z.object({ name: z.string().trim().min(1, { error: '请填写对接系统的名称' }).max(60, { error: '名称不超过 60 字' }), expiresInDays: z.number().int().min(1).max(3650).nullish() }),
        response: { 200: z.object({ id: z.number().int(), name: z.string(), key: z.string() }) },
      },
    },
    async (request) => issueOpen311Key(deps, actorOf(request), request.body),
  );

  app.delete('/api/open311/keys/:id', { schema: { tags, summary: '吊销 Open311 接口密钥', params: z.object({ id: idSchema }), response: { 200: okSchema } } }, async (request) => {
    await revokeOpen311Key(deps, actorOf(request), request.params.id);
    return { ok: true as const };
  });
}
