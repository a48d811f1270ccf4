import { ADMIN_ROLES, type Role } from '@duban/shared';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, validationError } from '../../errors';
import type { Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { openSecret, sealSecret } from '../../lib/secret';
import { recordTrace } from '../trace/trace.service';
import type { Account } from './account.table';
import { findById, updateAccount } from './account.repository';
import { verifyPassword } from './password';
import { acceptTotp, looksLikeRecoveryCode, newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpProvisioning } from './totp';

/** True when the account must sign in with a second factor before doing anything: an admin role, ADMIN_2FA=required. */
export function totpRequired(deps: Deps, roles: readonly Role[]): boolean {
  return deps.config.admin2fa === 'required' && roles.some((r) => (ADMIN_ROLES as readonly Role[]).includes(r));
}

/**
 * Checks the second factor at sign-in: a TOTP code (each good once) or an unused recovery code (then spent).
 * Writes in the caller's transaction; false when the code is wrong.
 */
export async function checkSecondFactor(trx: Transaction<DB>, deps: Deps, account: Account, code: string): Promise<'totp' | 'recovery' | null> {
  if (!account.totp_secret) return null;
  if (looksLikeRecoveryCode(code)) {
    const spent = await trx
      .updateTable('recovery_codes')
      .set({ used_at: deps.clock.now() })
      .where('account_id', '=', account.id)
      .where('code_hash', '=', recoveryCodeHash(code))
      .where('used_at', 'is', null)
      .returning('code_hash')
      .executeTakeFirst();
    return spent ? 'recovery' : null;
  }
  const last = account.totp_last_step === null ? null : Number(account.totp_last_step);
  const step = acceptTotp(openSecret(deps.secretKey, account.totp_secret), code.trim(), deps.clock.now(), last);
  if (step === null) return null;
  // Conditional on the step read, so two concurrent sign-ins with one code cannot both pass.
  const moved = await trx
    .updateTable('accounts')
    .set({ totp_last_step: String(step) })
    .where('id', '=', account.id)
    .where((eb) => (last === null ? eb('totp_last_step', 'is', null) : eb('totp_last_step', '=', String(last))))
    .returning('id')
    .executeTakeFirst();
  return moved ? 'totp' : null;
}

async function ownAccount(deps: Deps, actor: Actor): Promise<Account> {
  if (actor.accountId === null) throw new AppError('forbidden');
  const account = await findById(deps.db, actor.tenantId, actor.accountId);
  if (!account) throw new AppError('account_not_found');
  return account;
}

/** Starts enrolment: a new secret (kept pending until a code confirms it), its URI and QR code. */
export async function setupTotp(deps: Deps, actor: Actor) {
  const account = await ownAccount(deps, actor);
  if (account.totp_enabled_at) throw new AppError('totp_already_enabled');
  const secret = newTotpSecret();
  await updateAccount(deps.db, actor.tenantId, account.id, { totp_pending_secret: sealSecret(deps.secretKey, secret) });
  return { secret, ...(await totpProvisioning(secret, account.username)) };
}

/** Confirms enrolment with a code from the app; returns ten recovery codes, shown this once. */
export async function enableTotp(deps: Deps, actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
  const account = await ownAccount(deps, actor);
  if (account.totp_enabled_at) throw new AppError('totp_already_enabled');
  if (!account.totp_pending_secret) throw new AppError('totp_not_set_up');
  const secret = openSecret(deps.secretKey, account.totp_pending_secret);
  const step = acceptTotp(secret, code.trim(), deps.clock.now(), null);
  if (step === null) throw validationError([{ field: 'code', message: '验证码不正确，请输入验证器应用中当前显示的 6 位数字' }]);
  const codes = newRecoveryCodes();
  await inTransaction(deps.db, async (trx) => {
    await updateAccount(trx, actor.tenantId, account.id, {
      totp_secret: account.totp_pending_secret,
      totp_pending_secret: null,
      totp_enabled_at: deps.clock.now(),
      totp_last_step: String(step),
    });
    await replaceRecoveryCodes(trx, account.id, codes);
    await recordTrace(trx, deps.clock, actor, { action: 'auth.totp_enable', entityType: 'account', entityId: account.id, after: { outcome: 'success' } });
  });
  return { recoveryCodes: codes };
}

/** New recovery codes (the old ones stop working), after a current TOTP code. */
export async function regenerateRecoveryCodes(deps: Deps, actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
  const account = await ownAccount(deps, actor);
  if (!account.totp_enabled_at) throw new AppError('totp_not_set_up');
  const codes = newRecoveryCodes();
  await inTransaction(deps.db, async (trx) => {
    if ((await checkSecondFactor(trx, deps, account, code)) !== 'totp') {
      throw validationError([{ field: 'code', message: '验证码不正确' }]);
    }
    await replaceRecoveryCodes(trx, account.id, codes);
    await recordTrace(trx, deps.clock, actor, { action: 'auth.recovery_codes', entityType: 'account', entityId: account.id, after: { outcome: 'success' } });
  });
  return { recoveryCodes: codes };
}

/** Turns two-factor sign-in off for oneself (with the password); not for the admin roles when it is required. */
export async function disableTotp(deps: Deps, actor: Actor, password: string): Promise<void> {
  const account = await ownAccount(deps, actor);
  if (totpRequired(deps, account.roles)) throw new AppError('forbidden', '管理员账号必须使用双因素登录，不能关闭');
  if (!(await verifyPassword(account.password_hash, password))) {
    throw validationError([{ field: 'password', message: '当前密码不正确' }], '当前密码不正确');
  }
  await inTransaction(deps.db, async (trx) => {
    await clearTotp(trx, actor.tenantId, account.id);
    await recordTrace(trx, deps.clock, actor, { action: 'auth.totp_disable', entityType: 'account', entityId: account.id, after: { outcome: 'success' } });
  });
}

/** Removes an account's second factor and recovery codes (it enrols again at next sign-in if required). */
export async function clearTotp(trx: Transaction<DB>, tenantId: number, accountId: number): Promise<void> {
  await updateAccount(trx, tenantId, accountId, { totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null });
  await trx.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
}

async function replaceRecoveryCodes(trx: Transaction<DB>, accountId: number, codes: string[]): Promise<void> {
  await trx.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
  await trx
    .insertInto('recovery_codes')
    .values(codes.map((c) => ({ account_id: accountId, code_hash: recoveryCodeHash(c), used_at: null })))
    .execute();
}
