import { bigIdSchema, citizenFollowSchema, citizenSettingsSchema, citizenLookupSchema, citizenRatingSchema, citizenReportSchema, citizenTokenSchema, idSchema, mergeProblemSchema, moderationSchema, nearbyQuerySchema } from '@duban/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import { requirePermission } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { filePart } from '../attachments/attachment.routes';
import { gridSettingsOf } from '../grid/grid-settings';
import { getCitizenSettings, issueChallenge, putCitizenSettings } from './citizens-settings.service';
import { dismissCluster, listClusters, mergeProblem, moderateProblem, problemRedactions, problemReporters, superviseCluster, unmaskReporter } from './citizens-staff.service';
import {
  followProblem,
  lookupByTicket,
  lookupByToken,
  nearbyProblems,
  openPublicPhoto,
  publicHome,
  publicTenant,
  rateByToken,
  recentlyResolved,
  submitCitizenReport,
  uploadCitizenPhoto,
  type RequestInfo,
} from './citizens.service';

const tags = ['citizens'];
const tenantParams = z.object({ tenant: z.string().max(40) });
const info = (r: FastifyRequest): RequestInfo => ({ ip: r.ip ?? null, requestId: String(r.id) });

/**
 * The citizens' channel (issue 17). Public routes under /api/public/:tenant (no account; CSRF does not apply without
 * a session cookie; every anonymous call counts against the per-address limit, and reports, follows and look-ups
 * against their own per-address and per-mobile limits); staff routes under /api/citizens.
 */
export async function citizensRoutes(app: App, deps: Deps): Promise<void> {
  const tenantOf = (r: FastifyRequest<{ Params: { tenant: string } }>) => publicTenant(deps.db, r.params.tenant);

  app.get('/api/public/:tenant', { schema: { tags, summary: '群众反映页：地区名称、问题类别（按大类）、地图网格', params: tenantParams } }, async (request) => publicHome(deps, await tenantOf(request)));

  app.get('/api/public/:tenant/challenge', { schema: { tags, summary: '防刷验证题（本地区开启时；页面在后台计算，提交时带上 proof）', params: tenantParams } }, async (request) =>
    issueChallenge(deps, (await tenantOf(request)).id),
  );

  app.post(
    '/api/public/:tenant/photos',
    { schema: { tags, summary: '群众上传现场照片（multipart，字段 file；重新编码并去除 EXIF/GPS）', params: tenantParams, consumes: ['multipart/form-data'] } },
    async (request) => {
      const tenant = await tenantOf(request);
      const file = await filePart(request);
      return uploadCitizenPhoto(deps, tenant, info(request), { stream: file.file, fileName: file.filename });
    },
  );

  app.post('/api/public/:tenant/reports', { schema: { tags, summary: '群众反映问题（免登录；带 Idempotency-Key 重试只登记一次）', params: tenantParams, body: citizenReportSchema } }, async (request) =>
    submitCitizenReport(deps, await tenantOf(request), info(request), citizenReportSchema.parse(request.body)),
  );

  app.get('/api/public/:tenant/nearby', { schema: { tags, summary: '附近同类未办结问题（可能已有人反映）', params: tenantParams, querystring: nearbyQuerySchema } }, async (request) => {
    const tenant = await tenantOf(request);
    return { items: await nearbyProblems(deps.db, tenant.id, request.query) };
  });

  app.post('/api/public/:tenant/follow/:ticket', { schema: { tags, summary: '加入关注（可能已有人反映的问题）', params: tenantParams.extend({ ticket: z.string().max(40) }), body: citizenFollowSchema } }, async (request) =>
    followProblem(deps, await tenantOf(request), info(request), request.params.ticket, citizenFollowSchema.parse(request.body)),
  );

  app.post('/api/public/:tenant/lookup', { schema: { tags, summary: '凭受理编号和手机号码后 4 位查询进度', params: tenantParams, body: citizenLookupSchema } }, async (request) =>
    lookupByTicket(deps, await tenantOf(request), info(request), citizenLookupSchema.parse(request.body)),
  );

  const tokenParams = tenantParams.extend({ token: citizenTokenSchema });
  app.get('/api/public/:tenant/track/:token', { schema: { tags, summary: '凭专属链接查看进度', params: tokenParams } }, async (request) => lookupByToken(deps, await tenantOf(request), request.params.token));

  app.post('/api/public/:tenant/track/:token/rating', { schema: { tags, summary: '群众回访评价（满意/基本满意/不满意）', params: tokenParams, body: citizenRatingSchema } }, async (request) =>
    rateByToken(deps, await tenantOf(request), info(request), request.params.token, citizenRatingSchema.parse(request.body)),
  );

  app.get('/api/public/:tenant/resolved', { schema: { tags, summary: '近期办结（按街道，不含个人信息）', params: tenantParams, querystring: z.object({ street: idSchema.optional() }) } }, async (request) =>
    recentlyResolved(deps, await tenantOf(request), request.query.street ?? null),
  );

  app.get(
    '/api/public/:tenant/photos/:id',
    { schema: { tags, summary: '公开照片（签名地址，已隐去的不再提供）', params: tenantParams.extend({ id: bigIdSchema }), querystring: z.object({ s: z.string().max(64).default('') }) } },
    async (request, reply) => {
      const photo = await openPublicPhoto(deps, await tenantOf(request), request.params.id, request.query.s);
      return reply.header('content-type', photo.mime).header('content-length', photo.size).header('cache-control', 'public, max-age=600').send(photo.stream);
    },
  );

  // ---- staff
  const idParams = z.object({ id: bigIdSchema });
  app.get('/api/citizens/problems/:id/reporters', { schema: { tags, summary: '反映人（手机号码脱敏）', params: idParams } }, async (request) => ({ items: await problemReporters(deps, actorOf(request), String(request.params.id)) }));
  app.get('/api/citizens/problems/:id/redactions', { schema: { tags, summary: '已对公众隐去的照片和文字（附理由）', params: idParams } }, async (request) => ({ items: await problemRedactions(deps, actorOf(request), String(request.params.id)) }));
  app.post('/api/citizens/reporters/:id/unmask', { schema: { tags, summary: '查看完整手机号码（回访用，留痕）', params: idParams } }, async (request) => unmaskReporter(deps, actorOf(request), String(request.params.id)));
  app.post('/api/citizens/problems/:id/merge', { schema: { tags, summary: '合并重复问题（每位反映人都会收到反馈）', params: idParams, body: mergeProblemSchema } }, async (request) =>
    mergeProblem(deps, actorOf(request), String(request.params.id), mergeProblemSchema.parse(request.body)),
  );
  app.post('/api/citizens/problems/:id/moderate', { schema: { tags, summary: '审核公开内容：隐去照片或文字（附理由，告知反映人）', params: idParams, body: moderationSchema } }, async (request) =>
    moderateProblem(deps, actorOf(request), String(request.params.id), moderationSchema.parse(request.body)),
  );
  app.get('/api/citizens/nearby', { schema: { tags, summary: '附近同类未办结问题（网格员上报时提示）', querystring: nearbyQuerySchema } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'grid.report');
    return { items: await nearbyProblems(deps.db, actor.tenantId, request.query) };
  });
  app.get('/api/citizens/settings', { schema: { tags, summary: '群众反映设置（防刷验证、Open311 允许的来源）' } }, async (request) => getCitizenSettings(deps, actorOf(request)));
  app.put('/api/citizens/settings', { schema: { tags, summary: '修改群众反映设置', body: citizenSettingsSchema } }, async (request) =>
    putCitizenSettings(deps, actorOf(request), citizenSettingsSchema.parse(request.body)),
  );
  app.get('/api/citizens/clusters', { schema: { tags, summary: '聚集提示（同一网格同类问题集中反映）；附本辖区的次数和天数' } }, async (request) => {
    const actor = actorOf(request);
    const items = await listClusters(deps, actor);
    const s = await gridSettingsOf(deps.db, actor.tenantId);
    return { items, clusterReports: s.clusterReports, clusterDays: s.clusterDays };
  });
  app.post(
    '/api/citizens/clusters/:id/supervise',
    { schema: { tags, summary: '聚集问题转为督办事项', params: idParams, body: z.object({ leadUnitId: idSchema.optional(), workdays: z.number().int().min(1).max(60).default(10) }) } },
    async (request) => superviseCluster(deps, actorOf(request), String(request.params.id), request.body),
  );
  app.post('/api/citizens/clusters/:id/dismiss', { schema: { tags, summary: '聚集提示不予督办', params: idParams } }, async (request) => dismissCluster(deps, actorOf(request), String(request.params.id)));
}
