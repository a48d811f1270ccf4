import { passwordProblems, roleConflict, type AdminRequestView, type Role } from '@duban/shared';
import { AppError, validationError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { isUniqueViolation } from '../../lib/pg-errors';
import { findPerson } from '../org/person.repository';
import { findUnit } from '../org/unit.repository';
import { recordSecurityEvent } from '../trace/security-events';
import * as repo from './account.repository';
import { presentAccount, type AccountView } from './account.presenter';
import { fileRequest, needsSecondAdmin } from './admin-request.service';
import { hashPassword } from './password';
import { revokeAccountSessions } from './session.repository';
import { clearThrottle, getLock } from './throttle.repository';
import { clearTotp } from './totp.service';

/** An act done at once, or filed for a second admin role's approval (双人复核). */
export type Outcome = { account: AccountView; request: null } | { account: null; request: AdminRequestView };

export async function listAccounts(deps: Deps, actor: Actor, q: string | undefined, limit: number, offset: number) {
  if (!actor.permissions.has('account.manage') && !actor.permissions.has('account.roles')) throw new AppError('forbidden');
  const [rows, total] = await repo.listAccounts(deps.db, actor.tenantId, q, limit, offset);
  const now = deps.clock.now();
  return { items: rows.map((r) => presentAccount(r, now)), total: Number(total.n) };
}

async function view(deps: Deps, actor: Actor, id: number): Promise<AccountView> {
  const a = await repo.findById(deps.db, actor.tenantId, id);
  if (!a) throw new AppError('account_not_found');
  const person = a.person_id ? await findPerson(deps.db, actor.tenantId, a.person_id) : undefined;
  // The same unit as the list shows (the person's unit), so an answer to an edit does not blank it.
  const unit = person ? await findUnit(deps.db, actor.tenantId, person.unit_id) : undefined;
  const lockedUntil = await getLock(deps.db, a.username);
  return presentAccount(
    { ...a, person_name: person?.name ?? null, unit_name: unit?.name ?? null, locked_until: lockedUntil },
    deps.clock.now(),
  );
}

async function checkPerson(deps: Deps, actor: Actor, personId: number | null | undefined) {
  if (personId && !(await findPerson(deps.db, actor.tenantId, personId))) throw new AppError('person_not_found');
}

/**
 * 系统管理员 creates accounts; roles are granted separately by 安全管理员 (三员分立), so a new
 * account starts with none and must change its initial password at first login.
 */
export async function createAccount(
  deps: Deps,
  actor: Actor,
  input: { username: string; displayName: string; personId?: number | null; password: string },
): Promise<AccountView> {
  requirePermission(actor, 'account.manage');
  await checkPerson(deps, actor, input.personId);
  const problems = passwordProblems(input.password, input.username);
  if (problems.length) throw validationError(problems.map((message) => ({ field: 'password', message })));
  const hash = await hashPassword(input.password);
  try {
    const id = await inTransaction(deps.db, async (trx) => {
      const row = await trx
        .insertInto('accounts')
        .values({
          tenant_id: actor.tenantId,
          person_id: input.personId ?? null,
          username: input.username,
          display_name: input.displayName,
          password_hash: hash,
          roles: [],
          must_change_password: true,
        })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      await recordSecurityEvent(trx, deps.clock, actor, {
        action: 'account.create',
        entityType: 'account',
        entityId: row.id,
        outcome: 'success',
        detail: { username: input.username, displayName: input.displayName, personId: input.personId ?? null },
      });
      return row.id;
    });
    return view(deps, actor, id);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('username_taken', `用户名“${input.username}”已被使用`);
    throw err;
  }
}

/**
 * 系统管理员: display name, linked person, enabled or disabled. Disabling ends the account's sessions; disabling
 * an admin-role account is filed for another admin role's approval (the other fields change at once).
 */
export async function updateAccount(
  deps: Deps,
  actor: Actor,
  id: number,
  input: { displayName: string; personId?: number | null; status: 'active' | 'disabled'; version: number },
): Promise<Outcome> {
  requirePermission(actor, 'account.manage');
  if (id === actor.accountId && input.status === 'disabled') throw new AppError('forbidden', '不能停用自己的账号');
  await checkPerson(deps, actor, input.personId);
  const before = await view(deps, actor, id);
  if (before.version !== input.version) throw new AppError('version_conflict');
  const dual = input.status === 'disabled' && before.status === 'active' && needsSecondAdmin(before.roles);
  const status = dual ? before.status : input.status;
  await inTransaction(deps.db, async (trx) => {
    await repo.updateAccount(trx, actor.tenantId, id, { display_name: input.displayName, person_id: input.personId ?? null, status });
    if (status === 'disabled') await revokeAccountSessions(trx, id, deps.clock.now());
    await recordSecurityEvent(trx, deps.clock, actor, {
      action: 'account.update',
      entityType: 'account',
      entityId: id,
      outcome: 'success',
      before: { displayName: before.displayName, personId: before.personId, status: before.status },
      detail: { displayName: input.displayName, personId: input.personId ?? null, status },
    });
  });
  if (dual) return { account: null, request: await fileRequest(deps, actor, 'disable', before) };
  return { account: await view(deps, actor, id), request: null };
}

/**
 * 安全管理员 grants roles. Admin roles stay separate, nobody changes their own roles, and granting or removing
 * an admin role (or changing an admin's roles) is filed for another admin role's approval (双人复核).
 */
export async function setRoles(deps: Deps, actor: Actor, id: number, roles: Role[], version: number): Promise<Outcome> {
  requirePermission(actor, 'account.roles');
  if (id === actor.accountId) throw new AppError('forbidden', '不能修改自己的角色');
  const unique = [...new Set(roles)];
  const conflict = roleConflict(unique);
  if (conflict) throw new AppError('role_conflict', conflict);
  const before = await view(deps, actor, id);
  if (before.version !== version) throw new AppError('version_conflict');
  if (needsSecondAdmin(before.roles, unique)) return { account: null, request: await fileRequest(deps, actor, 'roles', before, { roles: unique }) };
  await inTransaction(deps.db, async (trx) => {
    await repo.updateAccount(trx, actor.tenantId, id, { roles: unique });
    await revokeAccountSessions(trx, id, deps.clock.now());
    await recordSecurityEvent(trx, deps.clock, actor, { action: 'account.roles', entityType: 'account', entityId: id, outcome: 'success', before: { roles: before.roles }, detail: { roles: unique } });
  });
  return { account: await view(deps, actor, id), request: null };
}

/** 安全管理员 lifts a login lock-out. */
export async function unlockAccount(deps: Deps, actor: Actor, id: number): Promise<AccountView> {
  requirePermission(actor, 'account.roles');
  const a = await view(deps, actor, id);
  await inTransaction(deps.db, async (trx) => {
    await clearThrottle(trx, a.username);
    await recordSecurityEvent(trx, deps.clock, actor, { action: 'account.unlock', entityType: 'account', entityId: id, outcome: 'success' });
  });
  return view(deps, actor, id);
}

/**
 * 安全管理员 sets a temporary password that must be changed at next sign-in (enforced by the server); the
 * account's sessions end. For an admin-role account the reset is filed for another admin role's approval: the
 * requester knows the password but cannot apply it, the approver applies it without ever seeing it.
 */
export async function resetPassword(deps: Deps, actor: Actor, id: number, password: string): Promise<Outcome> {
  requirePermission(actor, 'account.roles');
  if (id === actor.accountId) throw new AppError('forbidden', '请在“修改密码”中修改自己的密码');
  const a = await view(deps, actor, id);
  const problems = passwordProblems(password, a.username);
  if (problems.length) throw validationError(problems.map((message) => ({ field: 'password', message })));
  const hash = await hashPassword(password);
  if (needsSecondAdmin(a.roles)) return { account: null, request: await fileRequest(deps, actor, 'password_reset', a, { passwordHash: hash }) };
  await inTransaction(deps.db, async (trx) => {
    await repo.updateAccount(trx, actor.tenantId, id, { password_hash: hash, must_change_password: true, password_changed_at: deps.clock.now() });
    await revokeAccountSessions(trx, id, deps.clock.now());
    await clearThrottle(trx, a.username);
    await recordSecurityEvent(trx, deps.clock, actor, { action: 'account.password_reset', entityType: 'account', entityId: id, outcome: 'success' });
  });
  return { account: await view(deps, actor, id), request: null };
}

/** 安全管理员 removes an account's second factor (a lost phone); it enrols again. Admin-role accounts: 双人复核. */
export async function resetTotp(deps: Deps, actor: Actor, id: number): Promise<Outcome> {
  requirePermission(actor, 'account.roles');
  if (id === actor.accountId) throw new AppError('forbidden', '不能重置自己的双因素登录');
  const a = await view(deps, actor, id);
  if (needsSecondAdmin(a.roles)) return { account: null, request: await fileRequest(deps, actor, 'totp_reset', a) };
  await inTransaction(deps.db, async (trx) => {
    await clearTotp(trx, actor.tenantId, id);
    await revokeAccountSessions(trx, id, deps.clock.now());
    await recordSecurityEvent(trx, deps.clock, actor, { action: 'auth.totp_disable', entityType: 'account', entityId: id, outcome: 'success', detail: { reset: true } });
  });
  return { account: await view(deps, actor, id), request: null };
}
