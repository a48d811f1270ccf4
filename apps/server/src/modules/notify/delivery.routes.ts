import { bigIdSchema, CHANNELS, DELIVERY_STATUSES, deliverySchema, idSchema, isIsoDate, matterRecipientSchema, shanghaiInstant, addDays } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { pageOf, paging, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { listDeliveries, matterDeliveries, retryDelivery } from './delivery.service';

const dateSchema = z.string().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD' });

export async function deliveryRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/deliveries',
    {
      schema: {
        tags: ['notify'],
        summary: '消息投递记录（督查办、安全管理员）',
        querystring: z.object({
          status: z.enum(DELIVERY_STATUSES).optional(),
          channel: z.enum(CHANNELS).optional(),
          matterId: idSchema.optional(),
          personId: idSchema.optional(),
          from: dateSchema.optional(),
          to: dateSchema.optional(),
          ...paging,
        }),
        response: { 200: pageOf(deliverySchema) },
      },
    },
    async (request) => {
      const q = request.query;
      return listDeliveries(deps, actorOf(request), {
        ...q,
        from: q.from ? shanghaiInstant(q.from) : undefined,
        to: q.to ? shanghaiInstant(addDays(q.to, 1)) : undefined,
      });
    },
  );

  app.post(
    '/api/deliveries/:id/retry',
    { schema: { tags: ['notify'], summary: '重新发送失败或已放弃的投递', params: z.object({ id: bigIdSchema }), response: { 200: deliverySchema } } },
    async (request) => retryDelivery(deps, actorOf(request), request.params.id),
  );

  app.get(
    '/api/matters/:id/deliveries',
    { schema: { tags: ['notify'], summary: '督办事项的消息送达情况（按接收人）', params: z.object({ id: idSchema }), response: { 200: z.object({ items: z.array(matterRecipientSchema) }) } } },
    async (request) => ({ items: await matterDeliveries(deps, actorOf(request), request.params.id) }),
  );
}
