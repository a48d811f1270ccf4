import { gridSettingsViewSchema, gridSuperviseInputSchema, idSchema, limitVersionDetailSchema, limitVersionSchema, limitVersionViewSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { createLimitVersion, getGridSettings, getLimitVersion, listLimitVersions, putGridSettings } from './grid-settings.service';

const tags = ['grid'];

/** 网格设置: the 转入督办 settings and the versioned time-limit table (督查办, system administrator). */
export async function gridSettingsRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/grid/settings', { schema: { tags, summary: '网格督办设置（滞留区级超时的问题何时、如何转入督办）', response: { 200: gridSettingsViewSchema } } }, async (request) =>
    getGridSettings(deps, actorOf(request)),
  );
  app.put('/api/grid/settings', { schema: { tags, summary: '修改网格督办设置', body: gridSuperviseInputSchema, response: { 200: gridSettingsViewSchema } } }, async (request) =>
    putGridSettings(deps, actorOf(request), request.body),
  );
  app.get('/api/grid/limit-versions', { schema: { tags, summary: '时限表的各个版本（新的在前），标明现行版本', response: { 200: z.object({ items: z.array(limitVersionViewSchema) }) } } }, async (request) => ({
    items: await listLimitVersions(deps, actorOf(request)),
  }));
  app.get('/api/grid/limit-versions/:id', { schema: { tags, summary: '时限表一个版本的全部时限', params: z.object({ id: idSchema }), response: { 200: limitVersionDetailSchema } } }, async (request) =>
    getLimitVersion(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/grid/limit-versions',
    { schema: { tags, summary: '发布新版时限表（自生效时间起上报的问题适用；已上报的问题仍按原版本计时）', body: limitVersionSchema, response: { 200: limitVersionDetailSchema } } },
    async (request) => createLimitVersion(deps, actorOf(request), limitVersionSchema.parse(request.body)),
  );
}
