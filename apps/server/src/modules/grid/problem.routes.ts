import { bigIdSchema, gridActionSchemas, photoUploadResultSchema, problemDetailSchema, problemQueueQuerySchema, queuePageSchema, reportProblemSchema, reportResultSchema, type GridAction } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { filePart } from '../attachments/attachment.routes';
import { getProblem } from './problem-detail.service';
import { acceptProblem, dispatchProblem, handleProblem, registerProblem, rejectProblem, returnProblem, signProblem, verifyProblem } from './problem-flow.service';
import { openProblemPhoto, uploadProblemPhoto } from './problem-photo.service';
import { problemQueue } from './problem-queue.service';
import { reportProblem } from './problem-report.service';
import { decideExtension, escalateProblem, parkProblem, requestExtension, unparkProblem, visitProblem } from './problem-side.service';

const params = z.object({ id: bigIdSchema });
const tags = ['grid'];

/** Where a signed-in person's report comes from: a 网格长's phone, else the office (平台录入). */
const sourceOf = (actor: Actor) => (actor.roles.includes('grid_leader') ? 'grid' : 'office');

/** The problem flow's routes: report, photos, queues, the problem page, one sub-resource per action. */
export async function problemRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/api/grid/photos',
    { schema: { tags, summary: '上传现场照片（multipart，字段 file；JPG/PNG/WebP，≤15 MB；重新编码并去除 EXIF/GPS）', consumes: ['multipart/form-data'], response: { 200: photoUploadResultSchema } } },
    async (request) => {
      const file = await filePart(request);
      return uploadProblemPhoto(deps, actorOf(request), { stream: file.file, fileName: file.filename });
    },
  );

  app.get('/api/grid/photos/:id', { schema: { tags, summary: '查看问题照片（须能查看该问题）', params } }, async (request, reply) => {
    const photo = await openProblemPhoto(deps, actorOf(request), request.params.id);
    return reply.header('content-type', photo.mime).header('content-length', photo.size).header('cache-control', 'private, max-age=3600').send(photo.stream);
  });

  app.post(
    '/api/grid/problems',
    { schema: { tags, summary: '上报问题（事件）；带 Idempotency-Key 重试不会重复登记', body: reportProblemSchema, response: { 200: reportResultSchema } } },
    async (request) => {
      const actor = actorOf(request);
      return reportProblem(deps, actor, reportProblemSchema.parse(request.body), { source: sourceOf(actor) });
    },
  );

  app.get('/api/grid/problems', { schema: { tags, summary: '问题队列（按层级、单位、状态；网格数据范围内）', querystring: problemQueueQuerySchema, response: { 200: queuePageSchema } } }, async (request) =>
    problemQueue(deps, actorOf(request), request.query),
  );

  app.get('/api/grid/problems/:id', { schema: { tags, summary: '问题详情：时间线、各层级用时、照片、可办理的操作', params, response: { 200: problemDetailSchema } } }, async (request) =>
    getProblem(deps, actorOf(request), request.params.id),
  );

  const action = <K extends GridAction>(path: string, name: K, summary: string, run: (actor: Actor, id: number, body: z.output<(typeof gridActionSchemas)[K]>) => Promise<unknown>) => {
    const body = gridActionSchemas[name];
    app.post(`/api/grid/problems/:id/${path}`, { schema: { tags, summary, params, body, response: { 200: problemDetailSchema } } }, async (request) => {
      const actor = actorOf(request);
      await run(actor, request.params.id, body.parse(request.body) as z.output<(typeof gridActionSchemas)[K]>);
      return getProblem(deps, actor, request.params.id);
    });
  };
  action('accept', 'accept', '受理', (a, id, b) => acceptProblem(deps, a, id, b));
  action('register', 'register', '立案', (a, id, b) => registerProblem(deps, a, id, b));
  action('reject', 'reject', '不予立案（附理由，告知上报人）', (a, id, b) => rejectProblem(deps, a, id, b));
  action('dispatch', 'dispatch', '派遣到单位或处置人', (a, id, b) => dispatchProblem(deps, a, id, b));
  action('sign', 'sign', '签收（被派遣单位）', (a, id) => signProblem(deps, a, id));
  action('return', 'return', '退回（派遣有误，附理由）', (a, id, b) => returnProblem(deps, a, id, b));
  action('handle', 'handle', '处置（结果和处置后照片）', (a, id, b) => handleProblem(deps, a, id, b));
  action('verify', 'verify', '核查（处置人以外的人员；通过结案，不通过返工）', (a, id, b) => verifyProblem(deps, a, id, b));
  action('extension', 'request_extension', '申请延期（工作时，附理由）', (a, id, b) => requestExtension(deps, a, id, b));
  action('extension/decision', 'decide_extension', '审批延期', (a, id, b) => decideExtension(deps, a, id, b));
  action('escalate', 'escalate', '上报上级（超出本级权限，附理由）', (a, id, b) => escalateProblem(deps, a, id, b));
  action('park', 'park', '挂账（附理由和复查日期）', (a, id, b) => parkProblem(deps, a, id, b));
  action('unpark', 'unpark', '恢复办理', (a, id, b) => unparkProblem(deps, a, id, b));
  action('visit', 'visit', '回访（满意/基本满意/不满意；首次不满意重新办理）', (a, id, b) => visitProblem(deps, a, id, b));
}
