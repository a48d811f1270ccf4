import { idSchema, unitInputSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { okSchema, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { unitSchema } from './unit.presenter';
import { createUnit, deleteUnit, listUnits, updateUnit } from './unit.service';

const params = z.object({ id: idSchema });

export async function unitRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/units', { schema: { tags: ['org'], summary: '单位树（平铺，含处室/科室）', response: { 200: z.object({ items: z.array(unitSchema) }) } } }, async (request) => ({
    items: await listUnits(deps, actorOf(request)),
  }));

  app.post('/api/units', { schema: { tags: ['org'], summary: '新增单位', body: unitInputSchema, response: { 200: unitSchema } } }, async (request) =>
    createUnit(deps, actorOf(request), request.body),
  );

  app.put(
    '/api/units/:id',
    {
      schema: {
        tags: ['org'],
        summary: '修改单位（需带上读取时的 version）',
        params,
        body: unitInputSchema.extend({ version: z.number().int() }),
        response: { 200: unitSchema },
      },
    },
    async (request) => updateUnit(deps, actorOf(request), request.params.id, request.body.version, request.body),
  );

  app.delete('/api/units/:id', { schema: { tags: ['org'], summary: '删除单位（无下级、无人员时）', params, response: { 200: okSchema } } }, async (request) => {
    await deleteUnit(deps, actorOf(request), request.params.id);
    return { ok: true as const };
  });
}
