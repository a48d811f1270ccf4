import { passwordProblems, roleConflict, type Role } from '@duban/shared';
import { AppError, validationError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { isUniqueViolation } from '../../lib/pg-errors';
import { findPerson } from '../org/person.repository';
import { findUnit } from '../org/unit.repository';
import { recordTrace } from '../trace/trace.service';
import * as repo from './account.repository';
import { presentAccount, type AccountView } from './account.presenter';
import { hashPassword } from './password';
import { revokeAccountSessions } from './session.repository';

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
  const throttle = await repo.getThrottle(deps.db, a.username);
  return presentAccount(
    { ...a, person_name: person?.name ?? null, unit_name: unit?.name ?? null, locked_until: throttle?.locked_until ?? null },
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
      await recordTrace(trx, deps.clock, actor, {
        action: 'account.create',
        entityType: 'account',
        entityId: row.id,
        after: { username: input.username, displayName: input.displayName, personId: input.personId ?? null },
      });
      return row.id;
    });
    return view(deps, actor, id);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('username_taken', `用户名“${input.username}”已被使用`);
    throw err;
  }
}

/** 系统管理员: display name, linked person, enabled or disabled. Disabling ends the account's sessions. */
export async function updateAccount(
  deps: Deps,
  actor: Actor,
  id: number,
  input: { displayName: string; personId?: number | null; status: 'active' | 'disabled'; version: number },
): Promise<AccountView> {
  requirePermission(actor, 'account.manage');
  if (id === actor.accountId && input.status === 'disabled') throw new AppError('forbidden', '不能停用自己的账号');
  await checkPerson(deps, actor, input.personId);
  const before = await view(deps, actor, id);
  if (before.version !== input.version) throw new AppError('version_conflict');
  await inTransaction(deps.db, async (trx) => {
    await repo.updateAccount(trx, actor.tenantId, id, { display_name: input.displayName, person_id: input.personId ?? null, status: input.status });
    if (input.status === 'disabled') await revokeAccountSessions(trx, id, deps.clock.now());
    await recordTrace(trx, deps.clock, actor, {
      action: 'account.update',
      entityType: 'account',
      entityId: id,
      before: { displayName: before.displayName, personId: before.personId, status: before.status },
      after: { displayName: input.displayName, personId: input.personId ?? null, status: input.status },
    });
  });
  return view(deps, actor, id);
}

/** 安全管理员 grants roles. Admin roles stay separate, and nobody changes their own roles. */
export async function setRoles(deps: Deps, actor: Actor, id: number, roles: Role[], version: number): Promise<AccountView> {
  requirePermission(actor, 'account.roles');
  if (id === actor.accountId) throw new AppError('forbidden', '不能修改自己的角色');
  const unique = [...new Set(roles)];
  const conflict = roleConflict(unique);
  if (conflict) throw new AppError('role_conflict', conflict);
  const before = await view(deps, actor, id);
  if (before.version !== version) throw new AppError('version_conflict');
  await inTransaction(deps.db, async (trx) => {
    await repo.updateAccount(trx, actor.tenantId, id, { roles: unique });
    await revokeAccountSessions(trx, id, deps.clock.now());
    await recordTrace(trx, deps.clock, actor, { action: 'account.roles', entityType: 'account', entityId: id, before: { roles: before.roles }, after: { roles: unique } });
  });
  return view(deps, actor, id);
}

/** 安全管理员 lifts a login lock-out. */
export async function unlockAccount(deps: Deps, actor: Actor, id: number): Promise<AccountView> {
  requirePermission(actor, 'account.roles');
  const a = await view(deps, actor, id);
  await inTransaction(deps.db, async (trx) => {
    await repo.clearThrottle(trx, a.username);
    await recordTrace(trx, deps.clock, actor, { action: 'account.unlock', entityType: 'account', entityId: id });
  });
  return view(deps, actor, id);
}

/** 安全管理员 sets a temporary password that must be changed at next login; the account's sessions end. */
export async function resetPassword(deps: Deps, actor: Actor, id: number, password: string): Promise<AccountView> {
  requirePermission(actor, 'account.roles');
  if (id === actor.accountId) throw new AppError('forbidden', '请在“修改密码”中修改自己的密码');
  const a = await view(deps, actor, id);
  const problems = passwordProblems(password, a.username);
  if (problems.length) throw validationError(problems.map((message) => ({ field: 'password', message })));
  const hash = await hashPassword(password);
  await inTransaction(deps.db, async (trx) => {
    await repo.updateAccount(trx, actor.tenantId, id, { password_hash: hash, must_change_password: true, password_changed_at: deps.clock.now() });
    await revokeAccountSessions(trx, id, deps.clock.now());
    await repo.clearThrottle(trx, a.username);
    await recordTrace(trx, deps.clock, actor, { action: 'account.password_reset', entityType: 'account', entityId: id });
  });
  return view(deps, actor, id);
}
