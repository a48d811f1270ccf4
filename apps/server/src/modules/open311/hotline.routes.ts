import { isoDateSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { uploaded } from '../grid/grid-import.routes';
import { exportHotline } from './hotline-export.service';
import { hotlineTemplate, importHotline } from './hotline-import.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const tags = ['grid'];
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

/** 12345 热线工单: the template, the import (Excel or CSV, all or nothing), and the results exported back. */
export async function hotlineRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/grid/hotline/template.xlsx', { schema: { tags, summary: '下载 12345 热线工单导入模板' } }, async (request, reply) => {
    const buf = await hotlineTemplate(deps, actorOf(request));
    return reply.header('content-type', XLSX).header('content-disposition', attachment('12345热线工单导入模板.xlsx')).send(buf);
  });

  app.post(
    '/api/grid/hotline/import',
    {
      schema: {
        tags,
        summary: '导入 12345 热线工单（Excel 或 CSV；全部成功或全部不导入；同一工单编号再次导入不重复）',
        consumes: ['multipart/form-data'],
        response: {
          200: z.object({
            total: z.number().int(),
            created: z.number().int(),
            existing: z.number().int(),
            tickets: z.array(z.object({ workOrder: z.string(), ticket: z.string(), existing: z.boolean() })),
          }),
        },
      },
    },
    async (request) => importHotline(deps, actorOf(request), await uploaded(request)),
  );

  app.get(
    '/api/grid/hotline/export.xlsx',
    { schema: { tags, summary: '导出 12345 热线工单办理结果（与导入相同的格式，后附办理结果）', querystring: z.object({ from: isoDateSchema.optional(), to: isoDateSchema.optional() }) } },
    async (request, reply) => {
      const buf = await exportHotline(deps, actorOf(request), request.query);
      return reply.header('content-type', XLSX).header('content-disposition', attachment('12345热线工单办理结果.xlsx')).send(buf);
    },
  );
}
