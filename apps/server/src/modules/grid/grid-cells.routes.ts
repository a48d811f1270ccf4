import {
  GRID_STATS_DIMS,
  gridAssignmentSchema,
  gridCategoryViewSchema,
  gridCellCloseSchema,
  gridCellCreateSchema,
  gridCellDetailSchema,
  gridCellProblemSchema,
  gridCellUpdateSchema,
  gridCellViewSchema,
  gridLevelsInputSchema,
  gridLevelViewSchema,
  gridMapSchema,
  gridOverviewSchema,
  gridPointSchema,
  gridStaffInputSchema,
  gridStaffViewSchema,
  gridStatsViewSchema,
  idSchema,
} from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { okSchema, type App } from '../../http/zod-app';
import { requireAnyPermission } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { assignCell } from './cell-assign';
import { addStaff, closeCell, createCell, endStaff, getCell, listCategories, listCells, listLevels, setLevels, updateCell } from './grid-cells.service';
import { cellProblems, gridMap } from './grid-map.service';
import { gridOverview, gridStats } from './grid-stats.service';

const tags = ['grid'];
const params = z.object({ id: idSchema });
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 YYYY-MM' });
const period = z.object({ from: month, to: month }).refine((p) => p.from <= p.to, { error: '起始月份不能晚于截止月份' });

export async function gridCellRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/grid/levels', { schema: { tags, summary: '网格层级及名称', response: { 200: z.object({ items: z.array(gridLevelViewSchema) }) } } }, async (request) => ({
    items: await listLevels(deps, actorOf(request)),
  }));
  app.put('/api/grid/levels', { schema: { tags, summary: '修改网格层级名称', body: gridLevelsInputSchema, response: { 200: z.object({ items: z.array(gridLevelViewSchema) }) } } }, async (request) => ({
    items: await setLevels(deps, actorOf(request), request.body),
  }));

  app.get('/api/grid/categories', { schema: { tags, summary: '问题类别（部件/事件分类，本租户启用的）', response: { 200: z.object({ items: z.array(gridCategoryViewSchema) }) } } }, async (request) => ({
    items: await listCategories(deps, actorOf(request)),
  }));

  app.get(
    '/api/grid/cells',
    {
      schema: {
        tags,
        summary: '当前网格（不含边界）：某网格的下级、某一级、按名称/编码查找，或 mine=true 本人所在的网格',
        querystring: z.object({
          parentId: idSchema.optional(),
          level: z.coerce.number().int().min(1).max(5).optional(),
          q: z.string().trim().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(5000).optional(),
          mine: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
        }),
        response: { 200: z.object({ items: z.array(gridCellViewSchema) }) },
      },
    },
    async (request) => ({ items: await listCells(deps, actorOf(request), request.query) }),
  );
  app.post('/api/grid/cells', { schema: { tags, summary: '新增网格', body: gridCellCreateSchema, response: { 200: gridCellDetailSchema } } }, async (request) =>
    createCell(deps, actorOf(request), request.body),
  );
  app.get('/api/grid/cells/:id', { schema: { tags, summary: '网格详情：边界、层级路径、人员和历史版本', params, response: { 200: gridCellDetailSchema } } }, async (request) =>
    getCell(deps, actorOf(request), request.params.id),
  );
  app.put(
    '/api/grid/cells/:id',
    { schema: { tags, summary: '修改网格（改边界或编码时旧版本留存，生成新版本）', params, body: gridCellUpdateSchema, response: { 200: gridCellDetailSchema } } },
    async (request) => updateCell(deps, actorOf(request), request.params.id, request.body),
  );
  app.post('/api/grid/cells/:id/close', { schema: { tags, summary: '撤销网格（无下级网格时）', params, body: gridCellCloseSchema, response: { 200: okSchema } } }, async (request) => {
    await closeCell(deps, actorOf(request), request.params.id, request.body);
    return { ok: true as const };
  });
  app.post('/api/grid/cells/:id/staff', { schema: { tags, summary: '网格人员上岗（网格长、网格员、监督员）', params, body: gridStaffInputSchema, response: { 200: z.object({ items: z.array(gridStaffViewSchema) }) } } }, async (request) => ({
    items: await addStaff(deps, actorOf(request), request.params.id, request.body),
  }));
  app.post(
    '/api/grid/staff/:id/end',
    { schema: { tags, summary: '网格人员卸任', params, body: z.object({ validTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }), response: { 200: z.object({ items: z.array(gridStaffViewSchema) }) } } },
    async (request) => ({ items: await endStaff(deps, actorOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/api/grid/assign',
    { schema: { tags, summary: '预览一个位置归入哪个网格（边界规则：按编码顺序；不在任何网格内转区级受理）', body: gridPointSchema, response: { 200: gridAssignmentSchema } } },
    async (request) => {
      const actor = actorOf(request);
      requireAnyPermission(actor, 'grid.report', 'grid.manage');
      return assignCell(deps.db, actor.tenantId, request.body.lon, request.body.lat);
    },
  );

  app.get(
    '/api/grid/map',
    { schema: { tags, summary: '网格地图：某一级网格的边界和未办结问题数（逐级下钻）', querystring: z.object({ parentId: idSchema.optional() }), response: { 200: gridMapSchema } } },
    async (request) => gridMap(deps, actorOf(request), request.query.parentId ?? null),
  );
  app.get(
    '/api/grid/cells/:id/problems',
    {
      schema: {
        tags,
        summary: '网格（含下级）内的问题，最新的在前',
        params,
        querystring: z.object({ open: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).optional() }),
        response: { 200: z.object({ items: z.array(gridCellProblemSchema) }) },
      },
    },
    async (request) => ({ items: await cellProblems(deps, actorOf(request), request.params.id, { open: request.query.open !== 'false', limit: request.query.limit ?? 50 }) }),
  );

  app.get(
    '/api/grid/stats',
    {
      schema: {
        tags,
        summary: '网格统计：按街道、社区、网格、部门或类别（整月期间）',
        querystring: z.object({ from: month, to: month, dim: z.enum(GRID_STATS_DIMS).default('street'), parentId: idSchema.optional() }).refine((p) => p.from <= p.to, { error: '起始月份不能晚于截止月份' }),
        response: { 200: gridStatsViewSchema },
      },
    },
    async (request) => gridStats(deps, actorOf(request), request.query),
  );
  app.get('/api/grid/overview', { schema: { tags, summary: '网格概况（驾驶舱网格页、大屏面板）：总体指标、走势、街道和红黑榜', querystring: period, response: { 200: gridOverviewSchema } } }, async (request) =>
    gridOverview(deps, actorOf(request), request.query),
  );
}
