import type { FastifyInstance } from 'fastify';
import type { Deps } from '../lib/deps';
import { rateRules, type RateRuleName } from '../modules/abuse/rate-limit';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A named limit (modules/abuse/rate-limit.ts) counted per client address on this route. */
    rateLimit?: RateRuleName;
  }
}

/**
 * Rate limits per client address, through the one limiter (deps.limiter): the route's named rule when it
 * declares one (`config: { rateLimit: 'login' }`), and the `public` rule for every API request made without
 * a signed-in account (public routes, and anonymous calls to any other). Over a limit: 429 `rate_limited`
 * with Retry-After. Runs after the auth hook, so signed-in work is never slowed by it.
 */
export function registerRateLimit(app: FastifyInstance, deps: Deps): void {
  const rules = rateRules(deps.config);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const subject = request.ip || 'unknown';
    const named = request.routeOptions.config.rateLimit;
    if (named) await deps.limiter.consume(rules[named], subject);
    if (!request.auth.actor) await deps.limiter.consume(rules.public, subject);
  });
}
