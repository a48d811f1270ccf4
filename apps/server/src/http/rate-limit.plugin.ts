import type { FastifyInstance } from 'fastify';
import type { Deps } from '../lib/deps';
import { rateLimitedBody, rateRules, type RateRuleName } from '../modules/abuse/rate-limit';

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
 *
 * The anonymous limit is counted in memory and a request over it is answered here, before its body is read or any
 * statement runs, with the error handler's body built directly (no Error and stack trace per refusal): a flood of
 * 1,000 requests a second from one address costs the least the server can answer with (issue 17, bench/citizens.ts).
 */
export function registerRateLimit(app: FastifyInstance, deps: Deps): void {
  const rules = rateRules(deps.config);
  app.addHook('onRequest', (request, reply, done) => {
    if (!request.url.startsWith('/api/')) return done();
    const subject = request.ip || 'unknown';
    const named = request.routeOptions.config.rateLimit;
    // Set when memory holds too many addresses to count this one: it is counted in the shared table instead.
    let inTable = false;
    if (!request.auth.actor) {
      const decision = deps.limiter.hitNow(rules.public, subject);
      if (decision && !decision.allowed) {
        void reply
          .code(429)
          .header('retry-after', String(decision.retryAfterSeconds))
          .header('content-type', 'application/json; charset=utf-8')
          .send(rateLimitedBody(decision.retryAfterSeconds));
        return;
      }
      inTable = !decision;
    }
    if (!named && !inTable) return done();
    void (async () => {
      if (inTable) await deps.limiter.consume(rules.public, subject, true);
      if (named) await deps.limiter.consume(rules[named], subject);
    })().then(() => done(), done);
  });
}
