import type { MultipartFile } from '@fastify/multipart';
import { attachmentViewSchema, bigIdSchema, idSchema } from '@duban/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { contentDisposition } from './attachment.presenter';
import { attachToMatter, listMatterAttachments, openAttachment, uploadAttachment } from './attachment.service';

const params = z.object({ id: bigIdSchema });
const matterParams = z.object({ id: idSchema });
const INLINE = new Set(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);

/** The request's first file part; a malformed or fileless multipart body is the client's error (400), never a 500. */
export async function filePart(request: FastifyRequest) {
  if (!request.isMultipart()) throw new AppError('bad_request', '请以 multipart/form-data 上传文件');
  let file: MultipartFile | undefined;
  try {
    file = await request.file();
  } catch (err) {
    const status = err && typeof err === 'object' && 'statusCode' in err ? Number(err.statusCode) : 0;
    if (err instanceof AppError || (status >= 400 && status < 500)) throw err;
    throw new AppError('bad_request', '上传的内容不完整或格式不正确，请重试');
  }
  if (!file) throw new AppError('bad_request', '请选择要上传的文件');
  return file;
}

/** Sends an opened attachment: its type and length, inline (images, PDF) when asked, else as a download. */
export function sendAttachment(reply: FastifyReply, file: { fileName: string; mime: string; size: number; stream: NodeJS.ReadableStream }, inline: boolean) {
  return reply
    .header('content-type', file.mime)
    .header('content-length', file.size)
    .header('content-disposition', contentDisposition(file.fileName, inline && INLINE.has(file.mime)))
    .send(file.stream);
}

export async function attachmentRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/api/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary: '上传附件（multipart，字段 file；≤20 MB；图片/PDF/Office 文档，按文件内容识别类型）',
        consumes: ['multipart/form-data'],
        response: { 200: attachmentViewSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const file = await filePart(request);
      return uploadAttachment(deps, actor, { stream: file.file, fileName: file.filename });
    },
  );

  app.get(
    '/api/attachments/:id',
    {
      schema: {
        tags: ['attachments'],
        summary: '下载附件（须能查看其所属事项；未关联的附件仅上传人可下载）',
        params,
        querystring: z.object({ inline: z.enum(['true', 'false']).optional() }),
      },
    },
    async (request, reply) => {
      return sendAttachment(reply, await openAttachment(deps, actorOf(request), request.params.id), request.query.inline === 'true');
    },
  );

  app.get(
    '/api/matters/:id/attachments',
    { schema: { tags: ['attachments'], summary: '事项的全部附件', params: matterParams, response: { 200: z.object({ items: z.array(attachmentViewSchema.extend({ ownerType: z.string() })) }) } } },
    async (request) => ({ items: await listMatterAttachments(deps, actorOf(request), request.params.id) }),
  );

  app.post(
    '/api/matters/:id/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary: '把本人上传的附件关联到事项',
        params: matterParams,
        body: z.object({ attachmentIds: z.array(bigIdSchema).min(1, { error: '请选择附件' }).max(20) }),
        response: { 200: z.object({ items: z.array(attachmentViewSchema) }) },
      },
    },
    async (request) => ({ items: await attachToMatter(deps, actorOf(request), request.params.id, request.body.attachmentIds) }),
  );
}
