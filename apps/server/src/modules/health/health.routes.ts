import { sql } from 'kysely';
import { z } from 'zod';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';

export async function healthRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: '健康检查',
        security: [],
        response: { 200: z.object({ status: z.enum(['ok']), db: z.enum(['embedded', 'postgres']), version: z.string() }) },
      },
    },
    async () => {
      await sql`select 1`.execute(deps.db);
      return { status: 'ok' as const, db: deps.engine, version: deps.config.version };
    },
  );
}
