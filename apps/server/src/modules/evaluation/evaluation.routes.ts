import {
  evaluationAssignmentSchema,
  evaluationRatersSchema,
  evaluationRatingSchema,
  evaluationResultSchema,
  evaluationRoundCreateSchema,
  evaluationRoundViewSchema,
  idSchema,
  rectificationSchema,
} from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { okSchema, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { rateDivision, myAssignments } from './evaluation-rating.service';
import { recordRectification } from './evaluation-rectification.service';
import { evaluationFile } from './evaluation-export.service';
import { assignRaters, closeRound, createRound, listRounds, roundResult } from './evaluation.service';

const params = z.object({ id: idSchema });
const MIME = { docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
const tags = ['evaluation'];

export async function evaluationRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/evaluation/rounds', { schema: { tags, summary: '处室季评轮次列表', response: { 200: z.object({ items: z.array(evaluationRoundViewSchema) }) } } }, async (request) => ({
    items: await listRounds(deps, actorOf(request)),
  }));
  app.post('/api/evaluation/rounds', { schema: { tags, summary: '开始一个季度的处室季评（评议主体权重、先进/后进规则）', body: evaluationRoundCreateSchema, response: { 200: evaluationRoundViewSchema } } }, async (request) =>
    createRound(deps, actorOf(request), request.body),
  );
  app.get('/api/evaluation/rounds/:id', { schema: { tags, summary: '季评结果：各单位处室排名、先进/后进、突出问题与整改措施', params, response: { 200: evaluationResultSchema } } }, async (request) =>
    roundResult(deps, actorOf(request), request.params.id),
  );
  app.put('/api/evaluation/rounds/:id/raters', {
    schema: { tags, summary: '指定评议人（领导、服务对象单位、干部职工）及其评议的处室', params, body: evaluationRatersSchema, response: { 200: z.object({ raters: z.number().int(), assignments: z.number().int() }) } },
  }, async (request) => assignRaters(deps, actorOf(request), request.params.id, request.body));
  app.post('/api/evaluation/rounds/:id/close', { schema: { tags, summary: '结束评议', params, response: { 200: evaluationRoundViewSchema } } }, async (request) =>
    closeRound(deps, actorOf(request), request.params.id),
  );
  app.post('/api/evaluation/rounds/:id/ratings', { schema: { tags, summary: '评议人为一个处室的五个方面打分（评议期间可修改）', params, body: evaluationRatingSchema, response: { 200: okSchema } } }, async (request) =>
    rateDivision(deps, actorOf(request), request.params.id, request.body),
  );
  app.post('/api/evaluation/rounds/:id/rectifications', {
    schema: { tags, summary: '登记后进处室的突出问题和整改措施（每条整改措施立为整改事项并交办）', params, body: rectificationSchema, response: { 200: z.object({ matterIds: z.array(z.number().int()) }) } },
  }, async (request) => recordRectification(deps, actorOf(request), request.params.id, request.body));
  app.get('/api/evaluation/my', { schema: { tags, summary: '我的季评评议任务（手机可用）', response: { 200: z.object({ items: z.array(evaluationAssignmentSchema) }) } } }, async (request) => ({
    items: await myAssignments(deps, actorOf(request)),
  }));
  for (const format of ['docx', 'xlsx'] as const) {
    app.get(`/api/evaluation/rounds/:id/${format}`, { schema: { tags, summary: format === 'docx' ? '下载季评排序结果（公文格式 Word）' : '下载季评排序结果（Excel）', params } }, async (request, reply) => {
      const file = await evaluationFile(deps, actorOf(request), request.params.id, format);
      return reply
        .header('content-type', MIME[format])
        .header('content-disposition', `attachment; filename="evaluation.${format}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .send(file.body);
    });
  }
}
