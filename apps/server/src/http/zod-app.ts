import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The Fastify instance with zod request/response typing, as route modules receive it. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** The body of every error response. */
export const errorSchema = z.object({
  error: z.string().meta({ description: '稳定的错误码，供程序判断' }),
  message: z.string().meta({ description: '中文错误说明，供人阅读' }),
  details: z.unknown().optional(),
});

export const okSchema = z.object({ ok: z.literal(true) });

/** Paged list envelope. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

/** ISO instant in responses. */
export const instant = z.union([z.date(), z.string()]).transform((v) => (v instanceof Date ? v.toISOString() : v));
export const paging = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};
