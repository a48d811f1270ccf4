import { z } from 'zod';
import { AppError } from '../../errors';
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
      if (!request.isMultipart()) throw new AppError('bad_request', '请以 multipart/form-data 上传 .xlsx 文件');
      const file = await request.file();
      if (!file) throw new AppError('bad_request', '请选择要导入的 .xlsx 文件');
      const buf = await file.toBuffer();
      return importOrg(deps, actor, buf);
    },
  );
}
