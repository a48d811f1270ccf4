import type { FastifyInstance } from 'fastify';

/** A route as registered: method and URL pattern (e.g. `POST /api/matters/:id/reports`). */
export type RouteEntry = { method: string; url: string };

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Starts recording every route registered on the app from here on (call before the routes are added). */
export function recordRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.push({ method, url: route.url });
  });
}

/** Every route of the app (Fastify's route table), for the authorization matrix test. */
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return tables.get(app) ?? [];
}
