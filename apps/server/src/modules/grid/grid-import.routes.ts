import { z } from 'zod';
import { AppError } from '../../errors';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { filePart } from '../attachments/attachment.routes';
import { gridTemplate, importGrid, importPolygons } from './grid-import.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const tags = ['grid'];

/** The uploaded file of a multipart import, or 400 when the upload is cut short. */
export async function uploaded(request: Parameters<typeof filePart>[0]): Promise<Buffer> {
  const file = await filePart(request);
  try {
    return await file.toBuffer();
  } catch (err) {
    if (err instanceof AppError || (err && typeof err === 'object' && 'statusCode' in err && Number(err.statusCode) < 500)) throw err;
    throw new AppError('bad_request', '上传的内容不完整或格式不正确，请重试');
  }
}

export async function gridImportRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/grid/import/template.xlsx', { schema: { tags, summary: '下载网格和网格人员导入模板' } }, async (request, reply) => {
    const buf = await gridTemplate(deps, actorOf(request));
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('网格和网格人员导入模板.xlsx')}`)
      .send(buf);
  });

  app.post(
    '/api/grid/import',
    {
      schema: {
        tags,
        summary: '从 Excel 导入网格和网格人员（全部成功或全部不导入）',
        consumes: ['multipart/form-data'],
        response: { 200: z.object({ cells: z.object({ created: z.number().int(), updated: z.number().int() }), staff: z.object({ added: z.number().int(), unchanged: z.number().int() }) }) },
      },
    },
    async (request) => importGrid(deps, actorOf(request), await uploaded(request)),
  );

  app.post(
    '/api/grid/import/polygons',
    {
      schema: {
        tags,
        summary: '从 GeoJSON 导入网格边界（按要素的网格编码属性匹配；全部成功或全部不导入）',
        consumes: ['multipart/form-data'],
        response: { 200: z.object({ matched: z.number().int(), updated: z.number().int(), redrawn: z.number().int(), unchanged: z.number().int() }) },
      },
    },
    async (request) => importPolygons(deps, actorOf(request), (await uploaded(request)).toString('utf8')),
  );
}
