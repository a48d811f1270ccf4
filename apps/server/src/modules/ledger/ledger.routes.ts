import { ledgerQuerySchema } from '@duban/shared';
import { z } from 'zod';
import { AppError } from '../../errors';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { recordSecurityEventNow } from '../trace/security-events';
import { contentDisposition } from '../attachments/attachment.presenter';
import { filePart } from '../attachments/attachment.routes';
import { exportLedger } from './ledger.export';
import { importLedger, ledgerTemplate } from './ledger.import';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const rowErrorSchema = z.object({ row: z.number().int(), field: z.string(), message: z.string() });

export async function ledgerRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/matters/export.xlsx',
    { schema: { tags: ['matters'], summary: '导出台账（Excel，与台账相同的筛选条件；流式输出全部符合条件的事项）', querystring: ledgerQuerySchema } },
    async (request, reply) => {
      const actor = actorOf(request);
      const stream = await exportLedger(deps, actor, request.query);
      await recordSecurityEventNow(deps, actor, { action: 'export.matters', entityType: 'matter', entityId: 'ledger', outcome: 'success', detail: { query: { ...request.query } } });
      const stamp = new Date(deps.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(`督办事项台账-${stamp}.xlsx`)).send(stream);
    },
  );

  app.get('/api/matters/import-template.xlsx', { schema: { tags: ['matters'], summary: '下载督办事项导入模板' } }, async (request, reply) => {
    const buf = await ledgerTemplate(deps, actorOf(request));
    return reply.header('content-type', XLSX).header('content-disposition', contentDisposition('督办事项导入模板.xlsx')).send(buf);
  });

  app.post(
    '/api/matters/import',
    {
      schema: {
        tags: ['matters'],
        summary: '从 Excel 导入督办事项（全部成功或全部不导入；失败时 errors 列出每行每列的问题）',
        consumes: ['multipart/form-data'],
        response: {
          200: z.object({ created: z.number().int(), numbers: z.array(z.string()) }),
          400: z.object({ error: z.string(), message: z.string(), details: z.unknown().optional(), errors: z.array(rowErrorSchema).optional() }),
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const file = await filePart(request);
      let buf: Buffer;
      try {
        buf = await file.toBuffer();
      } catch (err) {
        if (err instanceof Error && 'code' in err && err.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('file_too_large');
        throw new AppError('bad_request', '上传的内容不完整或格式不正确，请重试');
      }
      try {
        return await importLedger(deps, actor, buf);
      } catch (err) {
        // The row errors also sit at the top level, as {errors: [{row, field, message}]}.
        if (err instanceof AppError && err.code === 'import_failed' && err.details && typeof err.details === 'object' && 'errors' in err.details && Array.isArray(err.details.errors)) {
          return reply.status(400).send({ error: err.code, message: err.message, errors: err.details.errors });
        }
        throw err;
      }
    },
  );
}
