import { accountCreateSchema, idSchema, ROLES } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { pageOf, paging, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { accountSchema } from './account.presenter';
import { createAccount, listAccounts, resetPassword, setRoles, unlockAccount, updateAccount } from './account.service';

const params = z.object({ id: idSchema });

export async function accountRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: '账号列表（系统管理员、安全管理员）',
        querystring: z.object({ q: z.string().trim().max(50).optional(), ...paging }),
        response: { 200: pageOf(accountSchema) },
      },
    },
    async (request) => listAccounts(deps, actorOf(request), request.query.q, request.query.limit, request.query.offset),
  );

  app.post(
    '/api/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: '新建账号（系统管理员；角色由安全管理员授予）',
        body: accountCreateSchema.omit({ roles: true }),
        response: { 200: accountSchema },
      },
    },
    async (request) => createAccount(deps, actorOf(request), request.body),
  );

  app.put(
    '/api/accounts/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: '修改账号（系统管理员）',
        params,
        body: z.object({
          displayName: z.string().trim().min(1).max(50),
          personId: idSchema.nullish(),
          status: z.enum(['active', 'disabled']),
          version: z.number().int(),
        }),
        response: { 200: accountSchema },
      },
    },
    async (request) => updateAccount(deps, actorOf(request), request.params.id, request.body),
  );

  app.put(
    '/api/accounts/:id/roles',
    {
      schema: {
        tags: ['accounts'],
        summary: '授予角色（安全管理员）',
        params,
        body: z.object({ roles: z.array(z.enum(ROLES)).max(ROLES.length), version: z.number().int() }),
        response: { 200: accountSchema },
      },
    },
    async (request) => setRoles(deps, actorOf(request), request.params.id, request.body.roles, request.body.version),
  );

  app.post(
    '/api/accounts/:id/unlock',
    { schema: { tags: ['accounts'], summary: '解除登录锁定（安全管理员）', params, response: { 200: accountSchema } } },
    async (request) => unlockAccount(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/accounts/:id/reset-password',
    {
      schema: {
        tags: ['accounts'],
        summary: '重置密码（安全管理员；下次登录须修改）',
        params,
        body: z.object({ password: z.string().min(1).max(256) }),
        response: { 200: accountSchema },
      },
    },
    async (request) => resetPassword(deps, actorOf(request), request.params.id, request.body.password),
  );
}
