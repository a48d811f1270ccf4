import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import type { Actor } from '../lib/actor';
import { sha256 } from '../lib/crypto';
import type { Deps } from '../lib/deps';
import { loadActor } from '../modules/auth/actor.loader';
import { csrfMatches, resolveSession, type RequestMeta, type SessionContext } from '../modules/auth/auth.service';
import { findActiveToken, markTokenUsed } from '../modules/auth/token.repository';

export const SESSION_COOKIE = 'duban_sid';
export const CSRF_COOKIE = 'duban_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type AuthState = { actor: Actor | null; session: SessionContext | null; error: AppError | null };

declare module 'fastify' {
  interface FastifyRequest {
    readonly auth: AuthState;
  }
}

// Per-request auth state; Fastify forbids object decorators, so a getter hands out each request's own.
const states = new WeakMap<FastifyRequest, AuthState>();

/** Request metadata recorded with sessions and the trace. */
export function metaOf(request: FastifyRequest): RequestMeta {
  return { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null, requestId: String(request.id) };
}

/**
 * Resolves who is calling, from a session cookie or an API token (`Authorization: Bearer …`).
 * Cookie-authenticated writes must echo the session's CSRF token in `x-csrf-token`.
 */
export function registerAuth(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('auth', {
    getter(this: FastifyRequest): AuthState {
      let state = states.get(this);
      if (!state) {
        state = { actor: null, session: null, error: null };
        states.set(this, state);
      }
      return state;
    },
  });
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    try {
      if (bearer) {
        const token = await findActiveToken(deps.db, sha256(bearer), deps.clock.now());
        if (!token) throw new AppError('unauthenticated', 'API 令牌无效或已过期');
        const actor = await loadActor(deps.db, token.account_id, metaOf(request));
        if (!actor) throw new AppError('account_disabled');
        await markTokenUsed(deps.db, token.id, deps.clock.now());
        request.auth.actor = actor;
        return;
      }
      const cookie = request.cookies[SESSION_COOKIE];
      if (!cookie) return;
      const session = await resolveSession(deps, cookie, metaOf(request));
      if (UNSAFE.has(request.method) && !csrfMatches(session.csrfToken, headerOf(request, 'x-csrf-token'))) {
        throw new AppError('csrf_failed');
      }
      request.auth.session = session;
      request.auth.actor = session.actor;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === 'csrf_failed') throw err;
      request.auth.error = err;
    }
  });
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The signed-in actor, or 401 with the reason (not signed in, session timed out …). */
export function actorOf(request: FastifyRequest): Actor {
  if (request.auth.actor) return request.auth.actor;
  throw request.auth.error ?? new AppError('unauthenticated');
}

/** The cookie session, for routes that only make sense in a browser (logout, password change). */
export function sessionOf(request: FastifyRequest): SessionContext {
  if (request.auth.session) return request.auth.session;
  throw request.auth.error ?? new AppError('unauthenticated');
}

/** Sets or clears the session and CSRF cookies. */
export function setSessionCookies(
  reply: FastifyReply,
  deps: Deps,
  request: FastifyRequest,
  value: { token: string; csrfToken: string; expiresAt: Date } | null,
): void {
  const secure = deps.config.cookieSecure === 'on' || (deps.config.cookieSecure === 'auto' && request.protocol === 'https');
  if (!value) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    return;
  }
  reply.setCookie(SESSION_COOKIE, value.token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: value.expiresAt });
  reply.setCookie(CSRF_COOKIE, value.csrfToken, { path: '/', httpOnly: false, sameSite: 'strict', secure, expires: value.expiresAt });
}
