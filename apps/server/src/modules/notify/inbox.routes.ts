import { bigIdSchema, inboxItemSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { paging, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { listInbox, markAllRead, markRead, unreadCount } from './inbox.service';

const unreadSchema = z.object({ unread: z.number().int() });

export async function inboxRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/inbox',
    {
      schema: {
        tags: ['notify'],
        summary: '我的站内消息（最新在前）',
        querystring: z.object({ unread: z.enum(['true', 'false']).transform((v) => v === 'true').optional(), ...paging }),
        response: { 200: z.object({ items: z.array(inboxItemSchema), total: z.number().int(), unread: z.number().int() }) },
      },
    },
    async (request) => listInbox(deps, actorOf(request), request.query),
  );

  app.get('/api/inbox/unread-count', { schema: { tags: ['notify'], summary: '未读消息数', response: { 200: unreadSchema } } }, async (request) => ({
    unread: await unreadCount(deps, actorOf(request)),
  }));

  app.post(
    '/api/inbox/:id/read',
    { schema: { tags: ['notify'], summary: '标记一条消息已读', params: z.object({ id: bigIdSchema }), response: { 200: unreadSchema } } },
    async (request) => ({ unread: await markRead(deps, actorOf(request), request.params.id) }),
  );

  app.post('/api/inbox/read-all', { schema: { tags: ['notify'], summary: '全部标记已读', response: { 200: unreadSchema } } }, async (request) => ({
    unread: await markAllRead(deps, actorOf(request)),
  }));
}
