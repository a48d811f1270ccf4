import {
  appealDecisionSchema,
  appealExtendSchema,
  appealInputSchema,
  appealViewSchema,
  itemAttachSchema,
  itemInputSchema,
  itemQuerySchema,
  itemRemoveSchema,
  itemViewSchema,
  archiveListSchema,
  cadreArchiveSchema,
  idSchema,
  leagueTableSchema,
  linesQuerySchema,
  orgPartsInputSchema,
  cadreArchiveQuerySchema,
  periodQuerySchema,
  periodViewSchema,
  recomputeResultSchema,
  ruleBookInputSchema,
  ruleBookViewSchema,
  scoreLineViewSchema,
  toleranceDecisionSchema,
  toleranceInputSchema,
  toleranceViewSchema,
  whatIfSchema,
} from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { applyAppeal, decideAppeal, extendAppeal, listAppeals } from './appeals.service';
import { exportPeriod } from './assessment.export.service';
import { bigIdSchema } from '@duban/shared';
import { sendAttachment } from '../attachments/attachment.routes';
import { addItem, attachItemFiles, listItems, openItemFile, removeItem } from './items.service';
import { archiveList, cadreArchive, leagueTable, listPeriods, subjectLines } from './league.service';
import { saveOrgParts } from './orgpart.service';
import { publishPeriod, recomputePeriod } from './recompute.service';
import { getRuleBooks, saveRuleBook } from './rulebook.service';
import { applyTolerance, decideTolerance, getTolerance, listTolerance, whatIf } from './tolerance.service';

const tags = ['assessment'];
const params = z.object({ id: idSchema });
const items = <T extends z.ZodType>(s: T) => z.object({ items: z.array(s) });
const MIME = { docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

/** 督考一体: rule book, recompute and publish, league tables, cadre archives, 容错. */
export async function assessmentRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/assessment/rule-books', { schema: { tags, summary: '考核办法（各版本，最新在前）', response: { 200: items(ruleBookViewSchema) } } }, async (request) => ({ items: await getRuleBooks(deps, actorOf(request)) }));
  app.put('/api/assessment/rule-book', { schema: { tags, summary: '修改考核办法（已用于发布期间的版本另存为新版本）', body: ruleBookInputSchema, response: { 200: ruleBookViewSchema } } }, async (request) =>
    saveRuleBook(deps, actorOf(request), request.body),
  );
  app.get('/api/assessment/periods', { schema: { tags, summary: '已计算的考核期间', response: { 200: items(periodViewSchema) } } }, async (request) => ({ items: await listPeriods(deps, actorOf(request)) }));
  app.post('/api/assessment/recompute', { schema: { tags, summary: '按督办记录重新计算一个考核期间（季度 2026Q4 或年度 2026）', body: periodQuerySchema, response: { 200: recomputeResultSchema } } }, async (request) =>
    recomputePeriod(deps, actorOf(request), request.body.period),
  );
  app.post('/api/assessment/publish', { schema: { tags, summary: '发布考核结果（所用考核办法版本从此冻结）', body: periodQuerySchema, response: { 200: z.object({ code: z.string(), status: z.literal('published') }) } } }, async (request) =>
    publishPeriod(deps, actorOf(request), request.body.period),
  );
  app.get('/api/assessment/units', { schema: { tags, summary: '单位排名（同类同考），较上期变化与问责提示', querystring: periodQuerySchema, response: { 200: leagueTableSchema } } }, async (request) =>
    leagueTable(deps, actorOf(request), request.query.period),
  );
  app.get('/api/assessment/lines', { schema: { tags, summary: '一个单位或干部的得分明细（每一分的事项、依据与证据）', querystring: linesQuerySchema, response: { 200: items(scoreLineViewSchema) } } }, async (request) => ({
    items: await subjectLines(deps, actorOf(request), request.query.period, request.query.subjectType, request.query.subjectId),
  }));
  app.get('/api/assessment/cadres', { schema: { tags, summary: '干部电子政绩档案（全部）', querystring: periodQuerySchema, response: { 200: archiveListSchema } } }, async (request) =>
    archiveList(deps, actorOf(request), request.query.period),
  );
  app.get('/api/assessment/cadres/:id', { schema: { tags, summary: '一名干部的电子政绩档案（本人或有权查看者；得分明细分页，附条数与各规则合计）', params, querystring: cadreArchiveQuerySchema, response: { 200: cadreArchiveSchema } } }, async (request) =>
    cadreArchive(deps, actorOf(request), request.params.id, request.query.period, { offset: request.query.offset, limit: request.query.limit }),
  );
  app.put('/api/assessment/org-parts', { schema: { tags, summary: '录入组织部评分（0–100，综合得分的组织部部分）', body: orgPartsInputSchema, response: { 200: z.object({ saved: z.number().int() }) } } }, async (request) =>
    saveOrgParts(deps, actorOf(request), request.body),
  );
  for (const format of ['xlsx', 'docx'] as const) {
    app.get(`/api/assessment/export.${format}`, { schema: { tags, summary: format === 'xlsx' ? '导出考核结果 Excel' : '导出考核通报 Word（公文格式）', querystring: periodQuerySchema } }, async (request, reply) => {
      const file = await exportPeriod(deps, actorOf(request), request.query.period, format);
      return reply.header('content-type', MIME[format]).header('content-disposition', `attachment; filename="assessment.${format}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`).send(file.body);
    });
  }
  app.get('/api/assessment/tolerance', { schema: { tags, summary: '容错申请（督查办、领导见全部，其他人见本单位和本人的）', response: { 200: items(toleranceViewSchema) } } }, async (request) => ({ items: await listTolerance(deps, actorOf(request)) }));
  app.post('/api/assessment/tolerance', { schema: { tags, summary: '针对具体扣分项申请容错', body: toleranceInputSchema, response: { 200: toleranceViewSchema } } }, async (request) => applyTolerance(deps, actorOf(request), request.body));
  app.get('/api/assessment/tolerance/:id', { schema: { tags, summary: '容错申请详情', params, response: { 200: toleranceViewSchema } } }, async (request) => getTolerance(deps, actorOf(request), request.params.id));
  app.get('/api/assessment/tolerance/:id/what-if', { schema: { tags, summary: '容错前后的得分与排名对比', params, response: { 200: whatIfSchema } } }, async (request) => whatIf(deps, actorOf(request), request.params.id));
  app.post('/api/assessment/tolerance/:id/verify', { schema: { tags, summary: '督查办核实（同意则提交领导小组决定）', params, body: toleranceDecisionSchema, response: { 200: toleranceViewSchema } } }, async (request) =>
    decideTolerance(deps, actorOf(request), request.params.id, 'verify', request.body),
  );
  app.post('/api/assessment/tolerance/:id/decide', { schema: { tags, summary: '领导小组决定是否容错（同意则相应扣分作废并重新计算）', params, body: toleranceDecisionSchema, response: { 200: toleranceViewSchema } } }, async (request) =>
    decideTolerance(deps, actorOf(request), request.params.id, 'decide', request.body),
  );
  app.get('/api/assessment/items', { schema: { tags, summary: '加分/扣分登记（批示表扬、通报表扬、通报批评）', querystring: itemQuerySchema, response: { 200: items(itemViewSchema) } } }, async (request) => ({
    items: await listItems(deps, actorOf(request), request.query.period),
  }));
  app.post('/api/assessment/items', { schema: { tags, summary: '登记加分/扣分（附文号与日期，重新计算所在期间）', body: itemInputSchema, response: { 200: itemViewSchema } } }, async (request) => addItem(deps, actorOf(request), request.body));
  app.post('/api/assessment/items/:id/remove', { schema: { tags, summary: '撤销一条加分/扣分（留痕，重新计算所在期间）', params, body: itemRemoveSchema, response: { 200: itemViewSchema } } }, async (request) =>
    removeItem(deps, actorOf(request), request.params.id, request.body.reason),
  );
  app.post('/api/assessment/items/:id/files', { schema: { tags, summary: '为加分/扣分添加文件（本人已上传的附件：文件扫描件、PDF）', params, body: itemAttachSchema, response: { 200: itemViewSchema } } }, async (request) =>
    attachItemFiles(deps, actorOf(request), request.params.id, request.body.attachmentIds),
  );
  app.get(
    '/api/assessment/items/:id/files/:fileId',
    { schema: { tags, summary: '下载加分/扣分的文件（能查看其对象得分明细者）', params: z.object({ id: idSchema, fileId: bigIdSchema }), querystring: z.object({ inline: z.enum(['true', 'false']).optional() }) } },
    async (request, reply) => sendAttachment(reply, await openItemFile(deps, actorOf(request), request.params.id, request.params.fileId), request.query.inline === 'true'),
  );
  app.get('/api/assessment/appeals', { schema: { tags, summary: '复核与申诉（含法定时限）', response: { 200: items(appealViewSchema) } } }, async (request) => ({ items: await listAppeals(deps, actorOf(request)) }));
  app.post('/api/assessment/appeals', { schema: { tags, summary: '对已发布的考核结果申请复核（发布后 30 日内）或申诉（复核决定后 15 日内；不经复核的，发布后 30 日内）', body: appealInputSchema, response: { 200: appealViewSchema } } }, async (request) =>
    applyAppeal(deps, actorOf(request), request.body),
  );
  app.post('/api/assessment/appeals/:id/decide', { schema: { tags, summary: '复核（督查办）或申诉（领导小组）决定：维持或更正（更正另记一条更正分）', params, body: appealDecisionSchema, response: { 200: appealViewSchema } } }, async (request) =>
    decideAppeal(deps, actorOf(request), request.params.id, request.body),
  );
  app.post('/api/assessment/appeals/:id/extend', { schema: { tags, summary: '延长申诉决定期限（领导小组；情况复杂的，一次，最多 30 日，须在期限届满前）', params, body: appealExtendSchema, response: { 200: appealViewSchema } } }, async (request) =>
    extendAppeal(deps, actorOf(request), request.params.id, request.body),
  );
}
