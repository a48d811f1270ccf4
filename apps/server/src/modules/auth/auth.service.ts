import { passwordProblems, type LoginInput } from '@duban/shared';
import { AppError, validationError } from '../../errors';
import type { Actor } from '../../lib/actor';
import { randomToken, safeEqual, sha256 } from '../../lib/crypto';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import { clearThrottle, findById, findByUsername, getThrottle, putThrottle, updateAccount } from './account.repository';
import { actorFromRow, loadActor } from './actor.loader';
import { dummyHash, hashPassword, verifyPassword } from './password';
import { findSession, insertSession, revokeAccountSessions, revokeSession, touchSession } from './session.repository';

/** 5 failures within 15 minutes lock the username for 30 minutes. */
export const LOCK_POLICY = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 30 * 60_000 } as const;

export type RequestMeta = { ip: string | null; userAgent: string | null; requestId: string | null };

export type LoginResult = { token: string; csrfToken: string; actor: Actor; expiresAt: Date };

/**
 * Signs in. Unknown users and wrong passwords get the same answer and cost the same time;
 * failures are counted per username, so a locked name says nothing about whether it exists.
 */
export async function login(deps: Deps, input: LoginInput, meta: RequestMeta): Promise<LoginResult> {
  const now = deps.clock.now();
  const username = input.username.trim();
  const throttle = await getThrottle(deps.db, username);
  if (throttle?.locked_until && throttle.locked_until > now) {
    throw new AppError('account_locked', `登录失败次数过多，账号已锁定至 ${formatShanghaiTime(throttle.locked_until)}，请稍后再试或联系安全管理员`);
  }
  const account = await findByUsername(deps.db, username);
  const ok = await verifyPassword(account?.password_hash ?? (await dummyHash()), input.password);
  if (!account || !ok) {
    const fresh = !throttle || now.getTime() - throttle.window_started_at.getTime() > LOCK_POLICY.windowMs;
    const failures = fresh ? 1 : throttle.failures + 1;
    const locked = failures >= LOCK_POLICY.maxFailures;
    await inTransaction(deps.db, async (trx) => {
      await putThrottle(trx, {
        username,
        failures: locked ? 0 : failures,
        window_started_at: fresh ? now : throttle.window_started_at,
        locked_until: locked ? new Date(now.getTime() + LOCK_POLICY.lockMs) : null,
      });
      if (account) {
        await recordTrace(trx, deps.clock, anonymousActor(account.tenant_id, username, meta), {
          action: locked ? 'auth.locked' : 'auth.login_failed',
          entityType: 'account',
          entityId: account.id,
          after: { failures },
        });
      }
    });
    const left = LOCK_POLICY.maxFailures - failures;
    throw new AppError(
      'invalid_credentials',
      locked ? '用户名或密码错误。失败次数过多，账号已锁定 30 分钟' : `用户名或密码错误，还可尝试 ${left} 次`,
    );
  }
  if (account.status !== 'active') throw new AppError('account_disabled');
  const token = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(now.getTime() + deps.config.sessionMaxHours * 3600_000);
  const actor = await loadActor(deps.db, account.id, meta);
  if (!actor) throw new AppError('account_disabled');
  await inTransaction(deps.db, async (trx) => {
    if (throttle) await clearThrottle(trx, username);
    await insertSession(trx, {
      id: sha256(token),
      tenant_id: account.tenant_id,
      account_id: account.id,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await updateAccount(trx, account.tenant_id, account.id, { last_login_at: now });
    await recordTrace(trx, deps.clock, actor, { action: 'auth.login', entityType: 'account', entityId: account.id });
  });
  return { token, csrfToken, actor, expiresAt };
}

export type SessionContext = { actor: Actor; sessionId: string; csrfToken: string };

/**
 * The actor behind a session cookie, or an error saying why there is none. Sessions end after
 * `sessionIdleMinutes` without a request and at `sessionMaxHours` whatever happens.
 */
export async function resolveSession(deps: Deps, token: string, meta: RequestMeta): Promise<SessionContext> {
  const id = sha256(token);
  const s = await findSession(deps.db, id);
  const now = deps.clock.now();
  if (!s || s.revoked_at) throw new AppError('unauthenticated');
  const idleMs = deps.config.sessionIdleMinutes * 60_000;
  if (s.expires_at <= now || now.getTime() - s.last_seen_at.getTime() > idleMs) {
    await revokeSession(deps.db, id, now);
    throw new AppError('session_expired');
  }
  const actor = actorFromRow(s, meta);
  if (!actor) throw new AppError('account_disabled');
  // One write a minute at most keeps the idle clock without a write per request.
  if (now.getTime() - s.last_seen_at.getTime() > 60_000) await touchSession(deps.db, id, now);
  return { actor, sessionId: id, csrfToken: s.csrf_token };
}

/** True when the header carries the session's CSRF token. */
export function csrfMatches(expected: string, header: string | undefined): boolean {
  return !!header && safeEqual(expected, header);
}

export async function logout(deps: Deps, session: SessionContext): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    await revokeSession(trx, session.sessionId, deps.clock.now());
    await recordTrace(trx, deps.clock, session.actor, { action: 'auth.logout', entityType: 'account', entityId: session.actor.accountId ?? 0 });
  });
}

/** Changes one's own password after checking the current one and the policy; other sessions end. */
export async function changeOwnPassword(
  deps: Deps,
  session: SessionContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const { actor } = session;
  if (actor.accountId === null) throw new AppError('forbidden');
  const account = await findById(deps.db, actor.tenantId, actor.accountId);
  if (!account) throw new AppError('account_not_found');
  if (!(await verifyPassword(account.password_hash, input.currentPassword))) {
    throw validationError([{ field: 'currentPassword', message: '当前密码不正确' }], '当前密码不正确');
  }
  const problems = passwordProblems(input.newPassword, account.username);
  if (input.newPassword === input.currentPassword) problems.push('新密码不能与当前密码相同');
  if (problems.length) throw validationError(problems.map((message) => ({ field: 'newPassword', message })));
  const hash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    await updateAccount(trx, actor.tenantId, account.id, { password_hash: hash, password_changed_at: now, must_change_password: false });
    await revokeAccountSessions(trx, account.id, now, session.sessionId);
    await recordTrace(trx, deps.clock, actor, { action: 'account.password_change', entityType: 'account', entityId: account.id });
  });
}

function anonymousActor(tenantId: number, username: string, meta: RequestMeta): Actor {
  return {
    tenantId,
    accountId: null,
    username,
    name: `登录尝试：${username}`,
    roles: [],
    permissions: new Set(),
    personId: null,
    unitId: null,
    scope: { kind: 'units', unitIds: [] },
    ip: meta.ip,
    requestId: meta.requestId,
  };
}

function formatShanghaiTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
