import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import type { Actor } from '../lib/actor';
import { sha256 } from '../lib/crypto';
import type { Deps } from '../lib/deps';
import { loadActor } from '../modules/auth/actor.loader';
import { csrfMatches, resolveSession, type RequestMeta, type SessionContext } from '../modules/auth/auth.service';
import { findActiveToken, markTokenUsed } from '../modules/auth/token.repository';
import { tokenMayActFor } from '../modules/auth/token.service';

export const SESSION_COOKIE = 'duban_sid';
export const CSRF_COOKIE = 'duban_csrf';
/** A browser that signed in before (see trusted_devices): it may sign in while the account-wide lock holds. */
export const DEVICE_COOKIE = 'duban_device';
const DEVICE_COOKIE_DAYS = 180;

/**
 * What a restricted session may still do (its restriction is the only way forward): read who it is, sign
 * out, change the password, enrol a second factor. Everything else answers 403 with the restriction's code.
 */
const RESTRICTED_ALLOWED: Record<'password_change' | 'totp_enrolment', ReadonlySet<string>> = {
  password_change: new Set(['GET /api/auth/me', 'HEAD /api/auth/me', 'POST /api/auth/logout', 'POST /api/auth/password']),
  totp_enrolment: new Set([
    'GET /api/auth/me',
    'HEAD /api/auth/me',
    'POST /api/auth/logout',
    'POST /api/auth/password',
    'POST /api/auth/totp/setup',
    'POST /api/auth/totp/enable',
  ]),
};
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
  // request.ip honours TRUST_PROXY (X-Forwarded-For only behind a configured proxy).
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
        if (!tokenMayActFor({ id: token.account_id, person_id: actor.personId, roles: actor.roles }, token.created_by)) {
          throw new AppError('unauthenticated', 'API 令牌不能代表该账号使用（只能代表签发者本人或集成账号）');
        }
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
      if (session.restriction && !RESTRICTED_ALLOWED[session.restriction].has(`${request.method} ${request.routeOptions.url ?? ''}`)) {
        throw new AppError(session.restriction === 'password_change' ? 'password_change_required' : 'totp_enrolment_required');
      }
      request.auth.session = session;
      request.auth.actor = session.actor;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === 'csrf_failed' || err.code === 'password_change_required' || err.code === 'totp_enrolment_required') throw err;
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
  value: { token: string; csrfToken: string; expiresAt: Date; deviceToken?: string } | null,
): void {
  const secure = deps.config.cookieSecure === 'on' || (deps.config.cookieSecure === 'auto' && request.protocol === 'https');
  if (value?.deviceToken) {
    const expires = new Date(deps.clock.now().getTime() + DEVICE_COOKIE_DAYS * 86_400_000);
    reply.setCookie(DEVICE_COOKIE, value.deviceToken, { path: '/api/auth', httpOnly: true, sameSite: 'strict', secure, expires });
  }
  if (!value) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    return;
  }
  reply.setCookie(SESSION_COOKIE, value.token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: value.expiresAt });
  reply.setCookie(CSRF_COOKIE, value.csrfToken, { path: '/', httpOnly: false, sameSite: 'strict', secure, expires: value.expiresAt });
}
