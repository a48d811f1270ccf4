import { idSchema, ledgerQuerySchema, matterCreateSchema, matterDetailSchema, matterListItemSchema, matterUpdateSchema, subMatterCreateSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { pageOf, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { getMatter } from './matter-detail.service';
import { decomposeMatter, listMatters, registerMatter, updateMatter } from './matter.service';

const params = z.object({ id: idSchema });
const tags = ['matters'];

/** /api/matters: the ledger, registering, the matter page, editing and decomposing. */
export async function matterRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/matters',
    { schema: { tags, summary: '台账：按条件筛选、排序、分页（含总数）', querystring: ledgerQuerySchema, response: { 200: pageOf(matterListItemSchema) } } },
    async (request) => listMatters(deps, actorOf(request), request.query),
  );

  app.post('/api/matters', { schema: { tags, summary: '立项（登记督办事项）', body: matterCreateSchema, response: { 200: matterDetailSchema } } }, async (request) => {
    const actor = actorOf(request);
    const row = await registerMatter(deps, actor, request.body);
    return getMatter(deps, actor, row.id);
  });

  app.get('/api/matters/:id', { schema: { tags, summary: '事项详情（含可执行操作、实时预警颜色、计划与实际进度）', params, response: { 200: matterDetailSchema } } }, async (request) =>
    getMatter(deps, actorOf(request), request.params.id),
  );

  app.put(
    '/api/matters/:id',
    { schema: { tags, summary: '修改事项（需带上读取时的 version，冲突时 409 version_conflict）', params, body: matterUpdateSchema, response: { 200: matterDetailSchema } } },
    async (request) => {
      const actor = actorOf(request);
      await updateMatter(deps, actor, request.params.id, request.body);
      return getMatter(deps, actor, request.params.id);
    },
  );

  app.post(
    '/api/matters/:id/children',
    { schema: { tags, summary: '分解：新增子事项（时限不得晚于上级事项）', params, body: subMatterCreateSchema, response: { 200: matterDetailSchema } } },
    async (request) => {
      const actor = actorOf(request);
      const child = await decomposeMatter(deps, actor, request.params.id, request.body);
      return getMatter(deps, actor, child.id);
    },
  );
}
