import {
  decisionCompleteSchema,
  decisionListQuerySchema,
  decisionReopenSchema,
  decisionViewSchema,
  idSchema,
  meetingCreateSchema,
  meetingDetailSchema,
  meetingListItemSchema,
  meetingListQuerySchema,
  meetingReferSchema,
  meetingUpdateSchema,
  referableProblemSchema,
} from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { pageOf, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { completeDecision, listDecisions, reopenDecision } from './decision.service';
import { createMeeting, getMeeting, listMeetings, listReferableProblems, referProblem, updateMeeting } from './meeting.service';

const params = z.object({ id: idSchema });
const tags = ['meetings'];

/** /api/meetings and /api/meeting-decisions: 联席会议 and 督查工作例会 records, and their decisions tracked to completion. */
export async function meetingRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/meetings',
    { schema: { tags, summary: '会议记录列表（联席会议、督查工作例会）', querystring: meetingListQuerySchema, response: { 200: pageOf(meetingListItemSchema) } } },
    async (request) => listMeetings(deps, actorOf(request), request.query),
  );
  app.post(
    '/api/meetings',
    { schema: { tags, summary: '登记会议（督查办）：参会单位、研究的问题、议定事项；例会的议定事项立为督办事项并交办', body: meetingCreateSchema, response: { 200: meetingDetailSchema } } },
    async (request) => createMeeting(deps, actorOf(request), request.body),
  );
  app.get('/api/meetings/:id', { schema: { tags, summary: '会议记录（单位只看到本单位的议定事项）', params, response: { 200: meetingDetailSchema } } }, async (request) =>
    getMeeting(deps, actorOf(request), request.params.id),
  );
  app.put(
    '/api/meetings/:id',
    { schema: { tags, summary: '修改会议记录（需带上读取时的 version，冲突时 409 version_conflict）', params, body: meetingUpdateSchema, response: { 200: meetingDetailSchema } } },
    async (request) => updateMeeting(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/meetings/:id/problems',
    { schema: { tags, summary: '提请联席会议研究一个网格问题（问题处理记录中留痕）', params, body: meetingReferSchema, response: { 200: meetingDetailSchema } } },
    async (request) => referProblem(deps, actorOf(request), request.params.id, request.body.problemId),
  );
  app.get(
    '/api/meeting-problems',
    { schema: { tags, summary: '可提请联席会议研究的网格问题（未结案，按编号或标题查找）', querystring: z.object({ q: z.string().trim().max(100).optional() }), response: { 200: z.object({ items: z.array(referableProblemSchema) }) } } },
    async (request) => ({ items: await listReferableProblems(deps, actorOf(request), request.query.q) }),
  );
  app.get(
    '/api/meeting-decisions',
    { schema: { tags, summary: '议定事项（单位看本单位的，督查办看全部）：落实中、已落实、已逾期', querystring: decisionListQuerySchema, response: { 200: pageOf(decisionViewSchema) } } },
    async (request) => listDecisions(deps, actorOf(request), request.query),
  );
  app.post(
    '/api/meeting-decisions/:id/complete',
    { schema: { tags, summary: '报送议定事项落实情况（责任单位联络员或单位负责人）', params, body: decisionCompleteSchema, response: { 200: decisionViewSchema } } },
    async (request) => completeDecision(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/meeting-decisions/:id/reopen',
    { schema: { tags, summary: '退回已报送的议定事项（督查办，须填写理由）', params, body: decisionReopenSchema, response: { 200: decisionViewSchema } } },
    async (request) => reopenDecision(deps, actorOf(request), request.params.id, request.body),
  );
}
