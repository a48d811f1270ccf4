import { adminRequestSchema, idSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { approveRequest, listAdminRequests, rejectRequest } from './admin-request.service';

const params = z.object({ id: idSchema });

/** 双人复核: acts on admin-role accounts waiting for a second admin role. */
export async function adminRequestRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/admin-requests',
    {
      schema: {
        tags: ['accounts'],
        summary: '待复核的管理员账号操作（三类管理员）',
        querystring: z.object({ all: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(adminRequestSchema) }) },
      },
    },
    async (request) => ({ items: await listAdminRequests(deps, actorOf(request), request.query.all === 'true') }),
  );

  app.post(
    '/api/admin-requests/:id/approve',
    { schema: { tags: ['accounts'], summary: '批准（须为申请人以外的另一类管理员）', params, response: { 200: adminRequestSchema } } },
    async (request) => approveRequest(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/admin-requests/:id/reject',
    { schema: { tags: ['accounts'], summary: '驳回', params, response: { 200: adminRequestSchema } } },
    async (request) => rejectRequest(deps, actorOf(request), request.params.id),
  );
}
