import { z } from 'zod';
import { AppError } from '../../errors';
import { filePart } from '../attachments/attachment.routes';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { importOrg, orgTemplate } from './import.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function importRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/org/import/template.xlsx', { schema: { tags: ['org'], summary: '下载单位和人员导入模板' } }, async (request, reply) => {
    const buf = await orgTemplate(deps, actorOf(request));
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('单位和人员导入模板.xlsx')}`)
      .send(buf);
  });

  app.post(
    '/api/org/import',
    {
      schema: {
        tags: ['org'],
        summary: '从 Excel 导入单位和人员（全部成功或全部不导入）',
        consumes: ['multipart/form-data'],
        response: {
          200: z.object({
            units: z.object({ created: z.number().int(), updated: z.number().int() }),
            people: z.object({ created: z.number().int(), updated: z.number().int() }),
          }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const file = await filePart(request);
      let buf: Buffer;
      try {
        buf = await file.toBuffer();
      } catch (err) {
        if (err instanceof AppError || (err && typeof err === 'object' && 'statusCode' in err && Number(err.statusCode) < 500)) throw err;
        throw new AppError('bad_request', '上传的内容不完整或格式不正确，请重试');
      }
      return importOrg(deps, actor, buf);
    },
  );
}
