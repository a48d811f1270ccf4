import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from './auth.plugin';

/** Who may read the API documentation (the Swagger UI at /api/docs and /api/openapi.json). */
export type ApiDocsAccess = 'public' | 'signed-in' | 'off';

/**
 * Serves the API documentation to everyone, to signed-in accounts only (the default: the route list of a
 * production system is nobody else's business), or not at all (404), as API_DOCS says.
 */
export async function registerApiDocs(app: FastifyInstance, access: ApiDocsAccess): Promise<void> {
  if (access === 'off') return;
  const gate = async (request: FastifyRequest) => {
    if (access === 'signed-in') actorOf(request);
  };
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { validatorUrl: null }, uiHooks: { onRequest: gate } });
  app.get('/api/openapi.json', { schema: { hide: true }, onRequest: gate }, async () => app.swagger());
}
