import { idSchema, REPORT_KINDS, reportCreateSchema, reportDetailSchema, reportUpdateSchema, reportViewSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { okSchema, pageOf, paging, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { createReport, deleteReport, getReport, listCampaigns, listReports, publishReport, refreshReport, reportAppendix, reportDocument, updateReport } from './report.service';

const params = z.object({ id: idSchema });
const versioned = z.object({ version: z.number().int() });
const MIME = { docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

export async function reportRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/reports',
    { schema: { tags: ['reports'], summary: '督查周报与督促检查情况报告列表（领导只见已印发的）', querystring: z.object({ kind: z.enum(REPORT_KINDS).optional(), ...paging }), response: { 200: pageOf(reportViewSchema) } } },
    async (request) => listReports(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/reports/campaigns',
    { schema: { tags: ['reports'], summary: '可生成《督促检查情况》的督查活动', response: { 200: z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string(), inspections: z.number().int() })) }) } } },
    async (request) => ({ items: await listCampaigns(deps, actorOf(request)) }),
  );
  app.post('/api/reports', { schema: { tags: ['reports'], summary: '按日期范围生成周报草稿，或按督查活动生成《督促检查情况》草稿', body: reportCreateSchema, response: { 200: reportDetailSchema } } }, async (request) =>
    createReport(deps, actorOf(request), request.body),
  );
  app.get('/api/reports/:id', { schema: { tags: ['reports'], summary: '报告详情（数据与各部分文字）', params, response: { 200: reportDetailSchema } } }, async (request) =>
    getReport(deps, actorOf(request), request.params.id),
  );
  app.put('/api/reports/:id', { schema: { tags: ['reports'], summary: '修改草稿的标题与各部分文字（通报表扬/通报批评等）', params, body: reportUpdateSchema, response: { 200: reportDetailSchema } } }, async (request) =>
    updateReport(deps, actorOf(request), request.params.id, request.body),
  );
  app.post('/api/reports/:id/refresh', { schema: { tags: ['reports'], summary: '按最新数据重新统计草稿', params, body: versioned, response: { 200: reportDetailSchema } } }, async (request) =>
    refreshReport(deps, actorOf(request), request.params.id, request.body.version),
  );
  app.post('/api/reports/:id/publish', { schema: { tags: ['reports'], summary: '印发：归档并发送给各位领导', params, body: versioned, response: { 200: reportDetailSchema } } }, async (request) =>
    publishReport(deps, actorOf(request), request.params.id, request.body.version),
  );
  app.delete('/api/reports/:id', { schema: { tags: ['reports'], summary: '删除草稿', params, response: { 200: okSchema } } }, async (request) => {
    await deleteReport(deps, actorOf(request), request.params.id);
    return { ok: true as const };
  });
  for (const format of ['docx', 'xlsx'] as const) {
    app.get(
      `/api/reports/:id/${format}`,
      { schema: { tags: ['reports'], summary: format === 'docx' ? '下载公文格式 Word 文档' : '下载涉及事项 Excel 附件', params } },
      async (request, reply) => {
        const file = format === 'docx' ? await reportDocument(deps, actorOf(request), request.params.id) : await reportAppendix(deps, actorOf(request), request.params.id);
        return reply
          .header('content-type', MIME[format])
          .header('content-disposition', `attachment; filename="report.${format}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
          .send(file.body);
      },
    );
  }
}
