import { categoryInputSchema, categorySchema, idSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { okSchema, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { createCategory, deleteCategory, listCategories, updateCategory } from './category.service';

const params = z.object({ id: idSchema });
const tags = ['categories'];

/** /api/categories: the editable category dictionary (民生实事, 项目建设 …). */
export async function categoryRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/categories', { schema: { tags, summary: '事项类别', response: { 200: z.object({ items: z.array(categorySchema) }) } } }, async (request) => ({
    items: await listCategories(deps, actorOf(request)),
  }));
  app.post('/api/categories', { schema: { tags, summary: '新增类别', body: categoryInputSchema, response: { 200: categorySchema } } }, async (request) =>
    createCategory(deps, actorOf(request), request.body),
  );
  app.put('/api/categories/:id', { schema: { tags, summary: '修改类别（可停用）', params, body: categoryInputSchema, response: { 200: categorySchema } } }, async (request) =>
    updateCategory(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete('/api/categories/:id', { schema: { tags, summary: '删除未被使用的类别', params, response: { 200: okSchema } } }, async (request) => {
    await deleteCategory(deps, actorOf(request), request.params.id);
    return { ok: true as const };
  });
}
