import { changePasswordSchema, loginSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf, DEVICE_COOKIE, metaOf, sessionOf, setSessionCookies } from '../../http/auth.plugin';
import { okSchema, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { findById } from './account.repository';
import { changeOwnPassword, login, logout } from './auth.service';
import { meSchema, presentMe } from './auth.presenter';
import type { Actor } from '../../lib/actor';
import { totpRequired } from './totp.service';

export async function authRoutes(app: App, deps: Deps): Promise<void> {
  const describeMe = async (actor: Actor, csrfToken: string | null) => {
    const [tenant, unit, account] = await Promise.all([
      deps.db.selectFrom('tenants').select(['id', 'code', 'name']).where('id', '=', actor.tenantId).executeTakeFirstOrThrow(),
      actor.unitId ? deps.db.selectFrom('units').select('name').where('id', '=', actor.unitId).executeTakeFirst() : undefined,
      actor.accountId ? findById(deps.db, actor.tenantId, actor.accountId) : undefined,
    ]);
    return presentMe(actor, {
      tenant,
      unitName: unit?.name ?? null,
      mustChangePassword: account?.must_change_password ?? false,
      totpEnabled: !!account?.totp_enabled_at,
      totpEnrolmentRequired: !!account && !account.totp_enabled_at && totpRequired(deps, account.roles),
      csrfToken,
      maxUploadBytes: deps.config.maxUploadBytes,
    });
  };

  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: 'login' },
      schema: {
        tags: ['auth'],
        summary: '登录',
        body: loginSchema,
        response: { 200: z.object({ user: meSchema }) },
      },
    },
    async (request, reply) => {
      const result = await login(deps, request.body, { ...metaOf(request), deviceToken: request.cookies[DEVICE_COOKIE] ?? null });
      setSessionCookies(reply, deps, request, result);
      return { user: await describeMe(result.actor, result.csrfToken) };
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: '退出登录', response: { 200: okSchema } } }, async (request, reply) => {
    if (request.auth.session) await logout(deps, request.auth.session);
    setSessionCookies(reply, deps, request, null);
    return { ok: true as const };
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: '当前用户', response: { 200: meSchema } } }, async (request) => {
    const actor = actorOf(request);
    return describeMe(actor, request.auth.session?.csrfToken ?? null);
  });

  app.post(
    '/api/auth/password',
    { schema: { tags: ['auth'], summary: '修改本人密码', body: changePasswordSchema, response: { 200: okSchema } } },
    async (request) => {
      await changeOwnPassword(deps, sessionOf(request), request.body);
      return { ok: true as const };
    },
  );
}
