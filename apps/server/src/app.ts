import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import '@duban/shared';
import { registerApiDocs } from './http/api-docs';
import { registerAuth } from './http/auth.plugin';
import { clientErrorHandler, registerErrorHandler } from './http/error-handler';
import { registerIdempotency } from './http/idempotency.plugin';
import { registerInputGuard } from './http/input-guard';
import { registerRateLimit } from './http/rate-limit.plugin';
import { loggerOptions, registerRequestLog, type LogSink } from './http/request-log';
import { registerSecurityHeaders } from './http/security-headers';
import { recordRoutes } from './http/route-table';
import type { App } from './http/zod-app';
import type { Deps } from './lib/deps';
import { ROUTES } from './routes';

/** Builds the HTTP application; main.ts is the only caller of listen(). */
export async function buildApp(deps: Deps, opts: { logger?: boolean; logSink?: LogSink } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false ? false : loggerOptions(deps.config, opts.logSink),
    // Fastify's own two lines per request are off: registerRequestLog writes one, and not for quiet requests.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: deps.config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    clientErrorHandler,
    // A URL the router cannot decode (e.g. '/%E0%A4%A'): our envelope, not Fastify's FST_ERR_BAD_URL body.
    frameworkErrors: (_err, _request, reply: FastifyReply) => {
      void reply.status(400).send({ error: 'bad_request', message: '请求的网址格式不正确' });
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerInputGuard(app);
  recordRoutes(app);
  registerRequestLog(app);

  registerSecurityHeaders(app);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.config.maxUploadBytes, files: 20, fields: 50 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Duban 智慧督查 API', version: deps.config.version, description: '督办事项、四色预警、通知、驾驶舱与报告的接口。错误统一为 {error, message, details?}。' },
      components: {
        securitySchemes: {
          cookie: { type: 'apiKey', in: 'cookie', name: 'duban_sid' },
          bearer: { type: 'http', scheme: 'bearer', description: 'API 令牌（安全管理员在“API 令牌”页签发）' },
        },
      },
      security: [{ cookie: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await registerApiDocs(app, deps.config.apiDocs);

  registerAuth(app, deps);
  registerRateLimit(app, deps);
  registerIdempotency(app, deps);
  const typed: App = app;
  for (const routes of ROUTES) await routes(typed, deps);

  serveWeb(app, deps.config.webDist);
  return app;
}

// The built web app, with the SPA's index.html for any non-API path the router owns.
function serveWeb(app: FastifyInstance, dist: string): void {
  const index = path.join(dist, 'index.html');
  if (!fs.existsSync(index)) return;
  void app.register(fastifyStatic, { root: dist, wildcard: false, index: false });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.status(404).send({ error: 'not_found', message: '请求的资源不存在' });
    }
    const file = path.join(dist, decodeURIComponent(request.url.split('?')[0] ?? '/'));
    if (file.startsWith(dist) && file !== dist && fs.existsSync(file) && fs.statSync(file).isFile()) {
      return reply.sendFile(path.relative(dist, file), { maxAge: path.relative(dist, file).startsWith('assets') ? '365d' : 0 });
    }
    // A missing built asset (an old chunk a page loaded before an upgrade asks for) is a 404, not index.html served as script.
    if (request.url.startsWith('/assets/')) return reply.status(404).send({ error: 'not_found', message: '请求的资源不存在' });
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
