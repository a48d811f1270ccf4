import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { okSchema, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { disableTotp, enableTotp, regenerateRecoveryCodes, setupTotp } from './totp.service';

const codeSchema = z.object({ code: z.string().trim().min(1, { error: '请输入验证码' }).max(20) });
const recoverySchema = z.object({ recoveryCodes: z.array(z.string()) });

/** Two-factor sign-in (TOTP) for oneself: set up (QR code), confirm, new recovery codes, turn off. */
export async function totpRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/api/auth/totp/setup',
    {
      schema: {
        tags: ['auth'],
        summary: '双因素登录：生成密钥与二维码（扫码后用验证码确认）',
        response: { 200: z.object({ secret: z.string(), otpauthUri: z.string(), qrDataUrl: z.string() }) },
      },
    },
    async (request) => setupTotp(deps, actorOf(request)),
  );

  app.post(
    '/api/auth/totp/enable',
    { schema: { tags: ['auth'], summary: '双因素登录：用验证码确认开启（返回一次性恢复码，只显示这一次）', body: codeSchema, response: { 200: recoverySchema } } },
    async (request) => enableTotp(deps, actorOf(request), request.body.code),
  );

  app.post(
    '/api/auth/totp/recovery-codes',
    { schema: { tags: ['auth'], summary: '双因素登录：重新生成恢复码（旧的作废）', body: codeSchema, response: { 200: recoverySchema } } },
    async (request) => regenerateRecoveryCodes(deps, actorOf(request), request.body.code),
  );

  app.post(
    '/api/auth/totp/disable',
    {
      schema: {
        tags: ['auth'],
        summary: '双因素登录：关闭（管理员账号不可关闭）',
        body: z.object({ password: z.string().min(1, { error: '请输入当前密码' }).max(256) }),
        response: { 200: okSchema },
      },
    },
    async (request) => {
      await disableTotp(deps, actorOf(request), request.body.password);
      return { ok: true as const };
    },
  );
}
