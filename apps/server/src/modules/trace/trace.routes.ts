import { idSchema, traceNamesSchema, traceVerifySchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { traceEntrySchema } from './trace.presenter';
import { readTrace, verifyOwnTenant } from './trace.query';

export async function traceRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/trace',
    {
      schema: {
        tags: ['trace'],
        summary: '痕迹：某条记录的操作历史，或（审计管理员）全部痕迹',
        querystring: z.object({
          entityType: z.string().max(40).optional(),
          entityId: z.string().max(40).optional(),
          actorAccountId: idSchema.optional(),
          action: z.string().max(60).optional(),
          from: z.coerce.date().optional(),
          to: z.coerce.date().optional(),
          beforeSeq: z.coerce.number().int().positive().optional(),
          category: z.enum(['security']).optional().meta({ description: 'security：只看安全事件（登录、锁定、角色、令牌、设置、导出、查询痕迹等）' }),
          outcome: z.enum(['success', 'failure', 'pending', 'denied']).optional(),
          ip: z.string().trim().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          related: z
            .enum(['true', 'false'], { error: '“related”只能是 true 或 false' })
            .optional()
            .transform((v) => v === 'true')
            .meta({ description: 'true（仅 entityType=matter）：连同该事项的督查通知单、现场督查和分解出的子事项' }),
        }),
        response: { 200: z.object({ items: z.array(traceEntrySchema), nextBeforeSeq: z.number().int().nullable(), names: traceNamesSchema }) },
      },
    },
    async (request) => {
      const { related, ...q } = request.query;
      return readTrace(deps, actorOf(request), { ...q, withRelated: related });
    },
  );

  app.get(
    '/api/trace/verify',
    { schema: { tags: ['trace'], summary: '校验痕迹链是否完整（审计管理员）', response: { 200: traceVerifySchema } } },
    async (request) => verifyOwnTenant(deps, actorOf(request)),
  );
}
