import { passwordProblems, type LoginInput } from '@duban/shared';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, validationError } from '../../errors';
import type { Actor } from '../../lib/actor';
import { randomToken, safeEqual, sha256 } from '../../lib/crypto';
import { inTransaction, type Deps } from '../../lib/deps';
import { enqueue } from '../outbox/outbox.service';
import { recordSecurityEvent } from '../trace/security-events';
import { findById, findByUsername, updateAccount } from './account.repository';
import type { Account } from './account.table';
import { actorFromRow, loadActor } from './actor.loader';
import { findDevice, rememberDevice } from './device.repository';
import { dummyHash, hashPassword, verifyPassword } from './password';
import { findSession, insertSession, revokeAccountSessions, revokeSession, touchSession } from './session.repository';
import { clearSource, countFailure, getThrottles, type ThrottleRule } from './throttle.repository';
import { checkSecondFactor, totpRequired } from './totp.service';

/** Failures from one source (an address, or a trusted device): 5 within 15 minutes lock that source for 30 minutes. */
export const LOCK_POLICY = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 30 * 60_000 } as const satisfies ThrottleRule;
/**
 * Failures of the account from every untrusted source: 50 within 15 minutes lock it for 15 minutes for every
 * browser the account has not signed in from before (its owner's own browsers still sign in).
 */
export const ACCOUNT_LOCK_POLICY = { maxFailures: 50, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const satisfies ThrottleRule;
const ALL_SOURCES = '*';

export type RequestMeta = { ip: string | null; userAgent: string | null; requestId: string | null };

export type LoginResult = { token: string; csrfToken: string; actor: Actor; expiresAt: Date; deviceToken: string };

/**
 * Signs in. Unknown users and wrong passwords get the same answer and cost the same time. Failures are
 * counted per (username, source): the source is the client address, or the trusted device (a browser that
 * signed in to this account before, by its cookie) — so nobody locks the owner out from elsewhere — plus an
 * account-wide ceiling that trusted devices pass. Accounts with two-factor sign-in also need `code`.
 */
export async function login(deps: Deps, input: LoginInput, meta: RequestMeta & { deviceToken?: string | null }): Promise<LoginResult> {
  const now = deps.clock.now();
  const username = input.username.trim();
  const account = await findByUsername(deps.db, username);
  const device = meta.deviceToken ? await findDevice(deps.db, sha256(meta.deviceToken)) : undefined;
  const trusted = !!device && !!account && device.account_id === account.id;
  const source = trusted ? `device:${device.token_hash.slice(0, 16)}` : (meta.ip ?? 'unknown');
  const throttles = await getThrottles(deps.db, username, [source, ALL_SOURCES]);
  const lock = throttles
    .filter((t) => t.locked_until && t.locked_until > now && (t.source === source || !trusted))
    .map((t) => t.locked_until)
    .sort()
    .pop();
  if (lock) {
    throw new AppError('account_locked', `登录失败次数过多，账号已锁定至 ${formatShanghaiTime(lock)}，请稍后再试或联系安全管理员`);
  }
  const ok = await verifyPassword(account?.password_hash ?? (await dummyHash()), input.password);
  if (!account || !ok) {
    const failures = await recordFailure(deps, { username, source, trusted, account, meta, reason: 'password' });
    const left = LOCK_POLICY.maxFailures - failures;
    throw new AppError(
      'invalid_credentials',
      left <= 0 ? '用户名或密码错误。失败次数过多，账号已锁定 30 分钟' : `用户名或密码错误，还可尝试 ${left} 次`,
    );
  }
  if (account.status !== 'active') throw new AppError('account_disabled');
  const actor = await loadActor(deps.db, account.id, meta);
  if (!actor) throw new AppError('account_disabled');
  const token = randomToken();
  const csrfToken = randomToken(24);
  const deviceToken = trusted && meta.deviceToken ? meta.deviceToken : randomToken();
  const expiresAt = new Date(now.getTime() + deps.config.sessionMaxHours * 3600_000);
  const factor = await inTransaction(deps.db, async (trx) => {
    let second: 'totp' | 'recovery' | null = null;
    if (account.totp_enabled_at) {
      if (!input.code) return 'missing' as const;
      second = await checkSecondFactor(trx, deps, account, input.code);
      if (!second) return 'wrong' as const;
    }
    await clearSource(trx, username, source);
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
    await rememberDevice(trx, sha256(deviceToken), account.id, now);
    await updateAccount(trx, account.tenant_id, account.id, { last_login_at: now });
    await recordSecurityEvent(trx, deps.clock, actor, {
      action: 'auth.login',
      entityType: 'account',
      entityId: account.id,
      outcome: 'success',
      detail: { secondFactor: second, trustedDevice: trusted },
    });
    return 'ok' as const;
  });
  // The password was right: say a code is needed (no failure counted) or count a wrong code as a failure.
  if (factor === 'missing') throw new AppError('totp_required');
  if (factor === 'wrong') {
    await recordFailure(deps, { username, source, trusted, account, meta, reason: 'second_factor' });
    throw new AppError('totp_invalid');
  }
  return { token, csrfToken, actor, expiresAt, deviceToken };
}

type FailureContext = { username: string; source: string; trusted: boolean; account: Account | undefined; meta: RequestMeta; reason: 'password' | 'second_factor' };

/** Counts a failed sign-in (atomically), traces it for a known account and tells the owner when it locks. */
async function recordFailure(deps: Deps, f: FailureContext): Promise<number> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const own = await countFailure(trx, f.username, f.source, now, LOCK_POLICY);
    const all = f.trusted ? null : await countFailure(trx, f.username, ALL_SOURCES, now, ACCOUNT_LOCK_POLICY);
    const lockedNow = own.lockedNow || !!all?.lockedNow;
    if (f.account) {
      const actor = anonymousActor(f.account.tenant_id, f.username, f.meta);
      const detail = { failures: own.failures, accountFailures: all?.failures ?? null, reason: f.reason, source: f.trusted ? 'trusted_device' : 'address' };
      await recordSecurityEvent(trx, deps.clock, actor, { action: 'auth.login_failed', entityType: 'account', entityId: f.account.id, outcome: 'failure', detail });
      if (lockedNow) {
        const scope = all?.lockedNow ? 'account' : 'source';
        await recordSecurityEvent(trx, deps.clock, actor, { action: 'auth.locked', entityType: 'account', entityId: f.account.id, outcome: 'success', detail: { scope } });
        await tellOwnerOfLock(trx, f.account, scope, f.meta.ip, now);
      }
    }
    return own.failures;
  });
}

// The account's person learns of a lock through the outbox (inbox and their channels), at once, even in quiet hours.
async function tellOwnerOfLock(trx: Transaction<DB>, account: Account, scope: 'account' | 'source', ip: string | null, now: Date): Promise<void> {
  if (account.person_id === null) return;
  const where = scope === 'account' ? '多个来源' : `地址 ${ip ?? '未知'}`;
  await enqueue(trx, {
    tenantId: account.tenant_id,
    kind: 'security.locked',
    eventKey: `security.locked:${account.id}:${scope}:${now.getTime()}`,
    title: '账号登录失败次数过多，已临时锁定',
    body: `您的账号 ${account.username} 于 ${formatShanghaiTime(now)} 因来自${where}的连续登录失败被临时锁定。您在常用浏览器上仍可登录；如非本人操作，请联系安全管理员。`,
    link: null,
    payload: { urgent: true, scope },
    personIds: [account.person_id],
    at: now,
  });
}

/**
 * What a session must do before anything else: change a password that was set by someone else (reset, new
 * account), or enrol a second factor (an admin role while ADMIN_2FA=required). Enforced by the server.
 */
export type SessionRestriction = 'password_change' | 'totp_enrolment' | null;

export type SessionContext = { actor: Actor; sessionId: string; csrfToken: string; restriction: SessionRestriction };

// Below this the idle clock is not written again: every request extends the session, at most one write a second.
const TOUCH_GRANULARITY_MS = 1000;

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
  if (now.getTime() - s.last_seen_at.getTime() >= TOUCH_GRANULARITY_MS) await touchSession(deps.db, id, now);
  const restriction: SessionRestriction = s.must_change_password
    ? 'password_change'
    : !s.totp_enabled_at && totpRequired(deps, s.roles)
      ? 'totp_enrolment'
      : null;
  return { actor, sessionId: id, csrfToken: s.csrf_token, restriction };
}

/** True when the header carries the session's CSRF token. */
export function csrfMatches(expected: string, header: string | undefined): boolean {
  return !!header && safeEqual(expected, header);
}

export async function logout(deps: Deps, session: SessionContext): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    await revokeSession(trx, session.sessionId, deps.clock.now());
    await recordSecurityEvent(trx, deps.clock, session.actor, { action: 'auth.logout', entityType: 'account', entityId: session.actor.accountId ?? 0, outcome: 'success' });
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
    await inTransaction(deps.db, (trx) =>
      recordSecurityEvent(trx, deps.clock, actor, { action: 'account.password_change', entityType: 'account', entityId: account.id, outcome: 'failure', detail: { reason: 'wrong_current_password' } }),
    );
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
    await recordSecurityEvent(trx, deps.clock, actor, { action: 'account.password_change', entityType: 'account', entityId: account.id, outcome: 'success' });
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
