import { accountCreateSchema, adminRequestSchema, idSchema, ROLES } from '@duban/shared';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { pageOf, paging, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { accountSchema } from './account.presenter';
import { createAccount, listAccounts, resetPassword, resetTotp, setRoles, unlockAccount, updateAccount, type Outcome } from './account.service';

const params = z.object({ id: idSchema });
/** 200 with the account when done at once; 202 with the request when it waits for a second admin role (双人复核). */
const outcomeResponse = { 200: accountSchema, 202: adminRequestSchema };

function send(reply: FastifyReply, outcome: Outcome) {
  if (outcome.request) return reply.code(202).send(outcome.request);
  return reply.send(outcome.account);
}

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
        summary: '修改账号（系统管理员；停用管理员账号须另一管理员复核，返回 202）',
        params,
        body: z.object({
          displayName: z.string().trim().min(1).max(50),
          personId: idSchema.nullish(),
          status: z.enum(['active', 'disabled']),
          version: z.number().int(),
        }),
        response: outcomeResponse,
      },
    },
    async (request, reply) => send(reply, await updateAccount(deps, actorOf(request), request.params.id, request.body)),
  );

  app.put(
    '/api/accounts/:id/roles',
    {
      schema: {
        tags: ['accounts'],
        summary: '授予角色（安全管理员；涉及管理员角色须另一管理员复核，返回 202）',
        params,
        body: z.object({ roles: z.array(z.enum(ROLES)).max(ROLES.length), version: z.number().int() }),
        response: outcomeResponse,
      },
    },
    async (request, reply) => send(reply, await setRoles(deps, actorOf(request), request.params.id, request.body.roles, request.body.version)),
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
        summary: '重置密码（安全管理员；下次登录须修改；管理员账号须另一管理员复核，返回 202）',
        params,
        body: z.object({ password: z.string().min(1).max(256) }),
        response: outcomeResponse,
      },
    },
    async (request, reply) => send(reply, await resetPassword(deps, actorOf(request), request.params.id, request.body.password)),
  );

  app.post(
    '/api/accounts/:id/totp-reset',
    { schema: { tags: ['accounts'], summary: '重置双因素登录（安全管理员；管理员账号须另一管理员复核，返回 202）', params, response: outcomeResponse } },
    async (request, reply) => send(reply, await resetTotp(deps, actorOf(request), request.params.id)),
  );
}
