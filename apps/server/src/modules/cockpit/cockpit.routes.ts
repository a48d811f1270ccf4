import { cockpitFeedItemSchema, cockpitQuerySchema, cockpitViewSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { cockpitFeed } from './cockpit.feed';
import { streamCockpit } from './cockpit.live';
import { cockpitFigures } from './cockpit.service';

export async function cockpitRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/cockpit',
    { schema: { tags: ['cockpit'], summary: '领导驾驶舱：按周期统计的全部指标（每个数字附台账查询条件）', querystring: cockpitQuerySchema, response: { 200: cockpitViewSchema } } },
    async (request) => cockpitFigures(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/cockpit/feed',
    { schema: { tags: ['cockpit'], summary: '大屏动态：最新进度汇报与预警颜色变化', response: { 200: z.object({ items: z.array(cockpitFeedItemSchema) }) } } },
    async (request) => ({ items: await cockpitFeed(deps, actorOf(request)) }),
  );

  // An endless text/event-stream, so it stays out of the OpenAPI document (and its fuzz test).
  app.get('/api/cockpit/live', { schema: { hide: true } }, async (request, reply) => {
    streamCockpit(deps, actorOf(request), request, reply);
  });
}
