import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import { metaOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { formatOfUrl, sendOpen311, sendOpen311Error, type Open311Format } from './open311.format';
import { parseForm, postedFields } from './open311.input';
import { allowedOrigin } from '@duban/shared';
import { citizenSettingsOf } from '../citizens/citizens-settings.service';
import { createRequest, discovery, getRequest, jurisdictionOf, listRequests, requestIdOfToken, serviceDefinition, listServices } from './open311.service';
import { tenantByCode } from './open311.repository';

const tags = ['open311'];
const BASE = '/api/open311/:tenant/v2';
const text = (max: number) => z.string().max(max).optional();
const params = z.object({ tenant: z.string().max(40), format: z.string().max(10) });
const jurisdiction = z.object({ jurisdiction_id: text(100) });
const requestsQuery = jurisdiction.extend({
  service_request_id: text(20_000),
  service_code: text(2000),
  start_date: text(40),
  end_date: text(40),
  status: text(20),
  page: text(10),
  page_size: text(10),
});

/** The format a route was asked for, or 404 for an extension the spec does not name. */
function formatOf(format: string): Open311Format {
  if (format === 'xml' || format === 'json') return format;
  throw new AppError('open311_format_unknown');
}

/**
 * Errors in the spec's shape ([{code, description}] / <errors><error>…), in the asked format (XML when the URL
 * names none): 404 for what does not exist, 403 for a missing or bad api_key, 400 for anything else the client
 * must fix, 429 past a key's limit (with Retry-After). A 5xx never carries the internal message.
 */
function open311ErrorHandler(err: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) {
  const format = formatOfUrl(request.url) ?? 'xml';
  if (err instanceof AppError) {
    const d = err.details;
    if (err.code === 'rate_limited' && typeof d === 'object' && d !== null && 'retryAfterSeconds' in d) void reply.header('retry-after', String(d.retryAfterSeconds));
    const status = err.status === 401 ? 403 : err.status;
    return sendOpen311Error(reply, format, status, err.message);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const first = err.validation[0];
    const field = first?.instancePath.replace(/^\//, '') || first?.params?.missingProperty || '';
    return sendOpen311Error(reply, format, 400, `${field ? `${String(field)}：` : ''}${first?.message ?? '格式不正确'}`);
  }
  const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 400 && status < 500) return sendOpen311Error(reply, format, status === 413 ? 413 : status === 415 ? 415 : 400, status === 413 ? '请求体过大' : status === 415 ? '请求体应为 application/x-www-form-urlencoded 表单' : '请求格式不正确');
  request.log.error({ err }, 'open311: unhandled error');
  return sendOpen311Error(reply, format, 500, '服务器内部错误，请稍后重试');
}

/**
 * Open311 GeoReport v2 (issue 17), one endpoint per tenant: /api/open311/{tenant}/v2/…{.xml|.json}. Reading is
 * public (services, requests, tokens: no personal data); POST requests needs an api_key issued by the tenant's
 * security admin. Registered in its own context so the form parser and the spec's error format apply here only.
 */
export async function open311Routes(app: App, deps: Deps): Promise<void> {
  await app.register(async (api: App) => {
    api.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
      done(null, parseForm(String(body)));
    });
    api.setErrorHandler(open311ErrorHandler);

    // CORS: a browser page of another origin may call the endpoint when the tenant allows that origin (群众反映设置
    // → Open311 允许的来源). Never with credentials: Open311 is keyed by api_key, not by a session.
    const corsOrigin = async (request: FastifyRequest): Promise<string | null> => {
      const origin = request.headers.origin;
      const code = (request.params as { tenant?: unknown } | undefined)?.tenant;
      if (!origin || typeof code !== 'string') return null;
      const t = await tenantByCode(deps.db, code);
      return t ? allowedOrigin((await citizenSettingsOf(deps.db, t.id)).open311Origins, origin) : null;
    };
    api.addHook('onSend', async (request, reply, payload) => {
      const allowed = await corsOrigin(request);
      if (allowed) {
        void reply.header('access-control-allow-origin', allowed).header('access-control-expose-headers', 'Retry-After');
        if (allowed !== '*') void reply.header('vary', 'Origin');
      }
      return payload;
    });
    api.options('/api/open311/:tenant/*', { schema: { tags, summary: 'CORS 预检（允许的来源见群众反映设置）', params: z.object({ tenant: z.string().max(40), '*': z.string().max(200) }) } }, async (request, reply) => {
      if (await corsOrigin(request)) {
        void reply
          .header('access-control-allow-methods', 'GET, POST, OPTIONS')
          .header('access-control-allow-headers', 'Content-Type, Idempotency-Key')
          .header('access-control-max-age', '600');
      }
      return reply.code(204).send();
    });

    api.get('/api/open311/:tenant/discovery.:format', { schema: { tags, summary: 'Open311 服务发现（discovery）', params } }, async (request, reply) => {
      const format = formatOf(request.params.format);
      const j = await jurisdictionOf(deps, request.params.tenant, undefined);
      return sendOpen311(reply, format, 'discovery', discovery(j, `${request.protocol}://${request.host}/api/open311/${j.code}/v2`));
    });

    api.get(`${BASE}/services.:format`, { schema: { tags, summary: 'GeoReport v2：服务列表（公开的问题类别）', params, querystring: jurisdiction } }, async (request, reply) => {
      const format = formatOf(request.params.format);
      const j = await jurisdictionOf(deps, request.params.tenant, request.query.jurisdiction_id);
      return sendOpen311(reply, format, 'services', await listServices(deps, j));
    });

    api.get(
      `${BASE}/services/:code.:format`,
      { schema: { tags, summary: 'GeoReport v2：服务定义（属性）', params: params.extend({ code: z.string().max(40) }), querystring: jurisdiction } },
      async (request, reply) => {
        const format = formatOf(request.params.format);
        const j = await jurisdictionOf(deps, request.params.tenant, request.query.jurisdiction_id);
        return sendOpen311(reply, format, 'service_definition', await serviceDefinition(deps, j, request.params.code));
      },
    );

    api.post(
      `${BASE}/requests.:format`,
      {
        schema: {
          tags,
          summary: 'GeoReport v2：提交服务请求（须 api_key；表单编码）',
          description: '字段：api_key、service_code、lat+long 或 address_string 或 address_id、description、media_url、email、phone、first_name、last_name、device_id、account_id、attribute[urgency]。',
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
          params,
        },
      },
      async (request, reply) => {
        const format = formatOf(request.params.format);
        const fields = postedFields(request.body);
        const j = await jurisdictionOf(deps, request.params.tenant, fields.single.jurisdiction_id);
        const query = request.query as Record<string, unknown>;
        if (!fields.single.api_key && typeof query.api_key === 'string') fields.single.api_key = query.api_key;
        const meta = metaOf(request);
        return sendOpen311(reply, format, 'service_requests', await createRequest(deps, j, fields, { ip: meta.ip, requestId: meta.requestId }));
      },
    );

    api.get(`${BASE}/requests.:format`, { schema: { tags, summary: 'GeoReport v2：查询服务请求（按编号、服务、日期、状态）', params, querystring: requestsQuery } }, async (request, reply) => {
      const format = formatOf(request.params.format);
      const j = await jurisdictionOf(deps, request.params.tenant, request.query.jurisdiction_id);
      return sendOpen311(reply, format, 'service_requests', await listRequests(deps, j, request.query));
    });

    api.get(
      `${BASE}/requests/:id.:format`,
      { schema: { tags, summary: 'GeoReport v2：一个服务请求（含公开的办理过程 notes）', params: params.extend({ id: z.string().max(40) }), querystring: jurisdiction } },
      async (request, reply) => {
        const format = formatOf(request.params.format);
        const j = await jurisdictionOf(deps, request.params.tenant, request.query.jurisdiction_id);
        return sendOpen311(reply, format, 'service_requests', await getRequest(deps, j, request.params.id));
      },
    );

    api.get(
      `${BASE}/tokens/:token.:format`,
      { schema: { tags, summary: 'GeoReport v2：由受理编号（token）查服务请求编号', params: params.extend({ token: z.string().max(60) }), querystring: jurisdiction } },
      async (request, reply) => {
        const format = formatOf(request.params.format);
        const j = await jurisdictionOf(deps, request.params.tenant, request.query.jurisdiction_id);
        return sendOpen311(reply, format, 'service_requests', await requestIdOfToken(deps, j, request.params.token));
      },
    );
  });
}
