import { idSchema, noticeCreateSchema, noticeReplyCreateSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { contentDisposition } from '../attachments/attachment.presenter';
import { noticeDetailSchema } from './notice.presenter';
import { acknowledgeNotice, getNotice, issueNotice, listNotices, noticeDocument, replyToNotice } from './notice.service';

const params = z.object({ id: idSchema });
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function noticeRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/api/matters/:id/notices',
    { schema: { tags: ['notices'], summary: '下发督查通知单（督查办）', params, body: noticeCreateSchema, response: { 200: noticeDetailSchema } } },
    async (request) => issueNotice(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/matters/:id/notices',
    { schema: { tags: ['notices'], summary: '事项的督查通知单（含签收情况）', params, response: { 200: z.object({ items: z.array(noticeDetailSchema) }) } } },
    async (request) => ({ items: await listNotices(deps, actorOf(request), request.params.id) }),
  );

  app.get(
    '/api/notices/:id',
    { schema: { tags: ['notices'], summary: '督查通知单（谁已签收、谁未签收）', params, response: { 200: noticeDetailSchema } } },
    async (request) => getNotice(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/notices/:id/acknowledge',
    { schema: { tags: ['notices'], summary: '接收人签收督查通知单', params, response: { 200: noticeDetailSchema } } },
    async (request) => acknowledgeNotice(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/notices/:id/replies',
    {
      schema: {
        tags: ['notices'],
        summary: '书面报送：通知单所送单位的联络员或单位负责人提交回复（正文与附件编号）',
        params,
        body: noticeReplyCreateSchema,
        response: { 200: noticeDetailSchema },
      },
    },
    async (request) => replyToNotice(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/notices/:id/docx',
    {
      schema: {
        tags: ['notices'],
        summary: '下载公文格式的督查通知单（.docx）；fonts=common 使用宋体/仿宋代替方正小标宋/仿宋_GB2312',
        params,
        querystring: z.object({ fonts: z.enum(['official', 'common']).default('official') }),
      },
    },
    async (request, reply) => {
      const doc = await noticeDocument(deps, actorOf(request), request.params.id, request.query.fonts);
      return reply.header('content-type', DOCX).header('content-disposition', contentDisposition(doc.fileName)).send(doc.buffer);
    },
  );
}
