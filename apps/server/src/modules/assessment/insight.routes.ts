import { indicatorListSchema, indicatorSettingsSchema, indicatorSettingsViewSchema, periodQuerySchema } from '@duban/shared';
import { z } from 'zod';
import { AppError } from '../../errors';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { filePart } from '../attachments/attachment.routes';
import { getIndicatorSettings, indicatorFlags, saveIndicatorSettings } from './indicators.service';
import { importOrgParts, orgPartTemplate } from './orgpart-import.service';

const tags = ['assessment'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function uploaded(request: Parameters<typeof filePart>[0]): Promise<Buffer> {
  const file = await filePart(request);
  try {
    return await file.toBuffer();
  } catch (err) {
    if (err instanceof AppError || (err && typeof err === 'object' && 'statusCode' in err && Number(err.statusCode) < 500)) throw err;
    throw new AppError('bad_request', '上传的内容不完整或格式不正确，请重试');
  }
}

/** 能上能下 indicators over the cadre archive, and the organisation department's part imported from Excel. */
export async function assessmentInsightRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/assessment/indicators', { schema: { tags, summary: '能上能下提示（按指标列出干部及其依据，供组织部研判，不作自动结论）', querystring: periodQuerySchema, response: { 200: indicatorListSchema } } }, async (request) =>
    indicatorFlags(deps, actorOf(request), request.query.period),
  );
  app.get('/api/assessment/indicator-settings', { schema: { tags, summary: '能上能下指标设置', response: { 200: indicatorSettingsViewSchema } } }, async (request) => getIndicatorSettings(deps, actorOf(request)));
  app.put('/api/assessment/indicator-settings', { schema: { tags, summary: '修改能上能下指标（类型、阈值、窗口）', body: indicatorSettingsSchema, response: { 200: indicatorSettingsViewSchema } } }, async (request) =>
    saveIndicatorSettings(deps, actorOf(request), request.body),
  );
  app.get('/api/assessment/org-parts/template.xlsx', { schema: { tags, summary: '下载组织部评分导入模板（已列出本期干部）', querystring: periodQuerySchema } }, async (request, reply) => {
    const file = await orgPartTemplate(deps, actorOf(request), request.query.period);
    return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="org-parts.xlsx"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`).send(file.body);
  });
  app.post(
    '/api/assessment/org-parts/import',
    { schema: { tags, summary: '从 Excel 导入组织部评分（全部成功或全部不导入）', querystring: periodQuerySchema, consumes: ['multipart/form-data'], response: { 200: z.object({ saved: z.number().int() }) } } },
    async (request) => importOrgParts(deps, actorOf(request), request.query.period, await uploaded(request)),
  );
}
