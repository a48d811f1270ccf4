import {
  acceptSchema,
  assignSchema,
  cancelSchema,
  completionRequestSchema,
  delegateSchema,
  extensionDecisionSchema,
  extensionRequestSchema,
  idSchema,
  matterDetailSchema,
  rateSchema,
  reportSchema,
  returnSchema,
  settleUnitSchema,
  signSchema,
  urgeSchema,
} from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { getMatter } from './matter-detail.service';
import { archiveMatter, assignMatter, cancelMatter, delegateMatter, rateMatter, signMatter, urgeMatter } from './matter-flow.service';
import { reportProgress } from './matter-report.service';
import { settleUnit } from './matter-unit.service';
import { acceptCompletion, decideExtension, requestCompletion, requestExtension, returnMatter } from './matter-review.service';

const params = z.object({ id: idSchema });
const tags = ['matters'];
const detail = { 200: matterDetailSchema };

export const reportResultSchema = z.object({ reportId: z.number().int(), progress: z.number(), unitProgress: z.number(), status: z.string() });

/** One sub-resource per lifecycle action; each answers with the matter page as the actor now sees it. */
export async function matterActionRoutes(app: App, deps: Deps): Promise<void> {
  const action = <B extends z.ZodType>(path: string, summary: string, body: B, run: (actor: Actor, id: number, body: z.output<B>) => Promise<unknown>) => {
    app.post(`/api/matters/:id/${path}`, { schema: { tags, summary, params, body, response: detail } }, async (request) => {
      const actor = actorOf(request);
      // Validated by the route schema already; parsing again only narrows the type (the schemas are idempotent).
      await run(actor, request.params.id, body.parse(request.body));
      return getMatter(deps, actor, request.params.id);
    });
  };

  action('assign', '交办（带 version）：同时交给牵头和配合单位，通知各单位联络员', assignSchema, (a, id, b) => assignMatter(deps, a, id, b));
  action('sign', '签收（本单位）', signSchema, (a, id, b) => signMatter(deps, a, id, b));
  action('delegate', '指定本单位承办人', delegateSchema, (a, id, b) => delegateMatter(deps, a, id, b));
  action('extensions', '申请延期（本单位）', extensionRequestSchema, (a, id, b) => requestExtension(deps, a, id, b));
  action('completion', '申请办结（本单位，附办结情况和佐证材料）', completionRequestSchema, (a, id, b) => requestCompletion(deps, a, id, b));
  action('completion/accept', '审核通过，办结', acceptSchema, (a, id, b) => acceptCompletion(deps, a, id, b));
  action('return', '退回（附理由），回到办理中', returnSchema, (a, id, b) => returnMatter(deps, a, id, b));
  action('rate', '评价已办结事项（1–5 分）', rateSchema, (a, id, b) => rateMatter(deps, a, id, b));
  action('archive', '归档', z.object({}).optional(), (a, id) => archiveMatter(deps, a, id));
  action('cancel', '撤销（附理由）', cancelSchema, (a, id, b) => cancelMatter(deps, a, id, b));
  action('units/settle', '单位办结/改派：督查办代为办结某单位的部分，或改派给其他单位（附理由，不修改事项）', settleUnitSchema, (a, id, b) => settleUnit(deps, a, id, b));
  action('urges', '催办：通知各单位联络员和承办人', urgeSchema, (a, id, b) => urgeMatter(deps, a, id, b));

  app.post(
    '/api/matters/:id/extensions/:eid/decision',
    { schema: { tags, summary: '审批延期申请（批准则时限顺延，原时限保留）', params: params.extend({ eid: idSchema }), body: extensionDecisionSchema, response: detail } },
    async (request) => {
      const actor = actorOf(request);
      await decideExtension(deps, actor, request.params.id, request.params.eid, request.body);
      return getMatter(deps, actor, request.params.id);
    },
  );

  app.post(
    '/api/matters/:id/reports',
    { schema: { tags, summary: '进度汇报（本单位；附件为上传接口返回的 id）', params, body: reportSchema, response: { 200: reportResultSchema } } },
    async (request) => {
      const r = await reportProgress(deps, actorOf(request), request.params.id, request.body);
      return { reportId: r.reportId, progress: r.progress, unitProgress: r.unitProgress, status: r.status };
    },
  );
}
