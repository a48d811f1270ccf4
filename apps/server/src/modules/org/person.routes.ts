import { idSchema, personInputSchema, RANKS } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { pageOf, paging, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { personSchema } from './person.presenter';
import { createPerson, listPeople, updatePerson } from './person.service';

export async function personRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/people',
    {
      schema: {
        tags: ['org'],
        summary: '人员列表（按数据范围）',
        querystring: z.object({
          unitId: idSchema.optional(),
          q: z.string().trim().max(50).optional(),
          rank: z.enum(RANKS).optional(),
          active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
          ...paging,
        }),
        response: { 200: pageOf(personSchema) },
      },
    },
    async (request) => listPeople(deps, actorOf(request), request.query),
  );

  app.post('/api/people', { schema: { tags: ['org'], summary: '新增人员', body: personInputSchema, response: { 200: personSchema } } }, async (request) =>
    createPerson(deps, actorOf(request), request.body),
  );

  app.put(
    '/api/people/:id',
    {
      schema: {
        tags: ['org'],
        summary: '修改人员（需带上读取时的 version）',
        params: z.object({ id: idSchema }),
        body: personInputSchema.extend({ version: z.number().int() }),
        response: { 200: personSchema },
      },
    },
    async (request) => updatePerson(deps, actorOf(request), request.params.id, request.body.version, request.body),
  );
}
