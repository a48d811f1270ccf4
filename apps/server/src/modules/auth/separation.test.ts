import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, TEST_PASSWORD } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { randomToken, sha256 } from '../../lib/crypto';

// 三员分立 for real (issue 14): what one admin used to do alone to become another is refused or waits for a second admin.
let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;

const TEMP = 'Temp#Pass2026';

function acct(username: string): number {
  const id = t.accounts[username];
  if (id === undefined) throw new Error(`no test account ${username}`);
  return id;
}

async function tryLogin(username: string, password: string) {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
}

async function versionOf(id: number): Promise<number> {
  return (await rt.db.selectFrom('accounts').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
}

async function actions(entityId: number): Promise<string[]> {
  const rows = await rt.db.selectFrom('trace').select(['action', 'after']).where('entity_type', '=', 'account').where('entity_id', '=', String(entityId)).orderBy('seq').execute();
  return rows.map((r) => `${r.action}:${(r.after as { outcome?: string } | null)?.outcome ?? ''}`);
}

describe('三员分立', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt);
    app = await testApp(rt);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('the security admin cannot issue a token that acts as a person or another admin, and such a token does not work', async () => {
    const sec = await login(app, 't1sec');
    for (const target of [acct('t1dcb'), acct('t1audit')]) {
      const res = await app.inject({ method: 'POST', url: '/api/tokens', headers: as(sec), payload: { name: '冒用', accountId: target } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe('token_not_allowed');
    }
    // For oneself (the default) and for an integration account (no person, no admin role) it works.
    const own = await app.inject({ method: 'POST', url: '/api/tokens', headers: as(sec), payload: { name: '本人脚本' } });
    expect(own.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${own.json().token}` } })).json().username).toBe('t1sec');
    const integration = await rt.db
      .insertInto('accounts')
      .values({ tenant_id: t.tenantId, username: 'hotline12345', display_name: '12345 热线对接', password_hash: 'x', roles: ['supervisor'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ok = await app.inject({ method: 'POST', url: '/api/tokens', headers: as(sec), payload: { name: '热线对接', accountId: integration.id } });
    expect(ok.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${ok.json().token}` } })).json().username).toBe('hotline12345');
    // A token for the supervision office written by other means (an old one, or straight into the table) is refused at use.
    const secret = `dbn_${randomToken(32)}`;
    await rt.db
      .insertInto('api_tokens')
      .values({ tenant_id: t.tenantId, account_id: acct('t1dcb'), name: '旧令牌', token_hash: sha256(secret), token_prefix: secret.slice(0, 8), created_by: acct('t1sec') })
      .execute();
    expect((await app.inject({ url: '/api/matters', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(401);
    expect(await actions(acct('t1dcb'))).toContain('token.issue:denied');
  });

  it('a session whose password was set by someone else can do nothing but change it (enforced by the server)', async () => {
    const sec = await login(app, 't1sec');
    const reset = await app.inject({ method: 'POST', url: `/api/accounts/${acct('t1liaison')}/reset-password`, headers: as(sec), payload: { password: TEMP } });
    expect(reset.statusCode).toBe(200);
    // The security admin signs in with the password they set: the server refuses everything but the change.
    const s = await login(app, 't1liaison', TEMP);
    for (const url of ['/api/matters', '/api/workbench', '/api/units', '/api/inbox']) {
      const res = await app.inject({ url, headers: as(s) });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error).toBe('password_change_required');
    }
    const me = await app.inject({ url: '/api/auth/me', headers: as(s) });
    expect(me.statusCode).toBe(200);
    expect(me.json().mustChangePassword).toBe(true);
    const changed = await app.inject({ method: 'POST', url: '/api/auth/password', headers: as(s), payload: { currentPassword: TEMP, newPassword: 'Liaison#2026ok' } });
    expect(changed.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/matters', headers: as(s) })).statusCode).toBe(200);
  });

  it("an admin's password reset waits for another admin role, who applies it without seeing it", async () => {
    const sec = await login(app, 't1sec');
    const res = await app.inject({ method: 'POST', url: `/api/accounts/${acct('t1audit')}/reset-password`, headers: as(sec), payload: { password: TEMP } });
    expect(res.statusCode).toBe(202);
    const request = res.json();
    expect(request).toMatchObject({ kind: 'password_reset', status: 'pending', targetUsername: 't1audit', requestedByUsername: 't1sec' });
    expect(JSON.stringify(request)).not.toContain('argon2');
    // Nothing changed yet: the temporary password does not sign in, the auditor's own still does.
    expect((await tryLogin('t1audit', TEMP)).statusCode).toBe(401);
    const audit = await login(app, 't1audit');
    // Neither the requester nor the account concerned may approve.
    for (const who of [sec, audit]) {
      const denied = await app.inject({ method: 'POST', url: `/api/admin-requests/${request.id}/approve`, headers: as(who) });
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error).toBe('approval_not_allowed');
    }
    // A business role may not even see the list.
    expect((await app.inject({ url: '/api/admin-requests', headers: as(await login(app, 't1dcb')) })).statusCode).toBe(403);
    const admin = await login(app, 't1admin');
    const pending = await app.inject({ url: '/api/admin-requests', headers: as(admin) });
    expect(pending.json().items.map((r: { id: number }) => r.id)).toContain(request.id);
    const approved = await app.inject({ method: 'POST', url: `/api/admin-requests/${request.id}/approve`, headers: as(admin) });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedByUsername: 't1admin' });
    expect((await app.inject({ url: '/api/auth/me', headers: as(audit) })).statusCode).toBe(401); // sessions ended
    const temp = await login(app, 't1audit', TEMP);
    expect((await app.inject({ url: '/api/trace', headers: as(temp) })).json().error).toBe('password_change_required');
    expect(await actions(acct('t1audit'))).toEqual(expect.arrayContaining(['admin_request.create:pending', 'admin_request.approve:success', 'account.password_reset:success']));
  });

  it('no admin grants or removes an admin role alone', async () => {
    const sec = await login(app, 't1sec');
    // Re-roling the auditor (removing the admin role) waits.
    const away = await app.inject({ method: 'PUT', url: `/api/accounts/${acct('t1audit')}/roles`, headers: as(sec), payload: { roles: ['supervisor'], version: await versionOf(acct('t1audit')) } });
    expect(away.statusCode).toBe(202);
    expect((await rt.db.selectFrom('accounts').select('roles').where('id', '=', acct('t1audit')).executeTakeFirstOrThrow()).roles).toEqual(['auditor']);
    // Granting an admin role to a business account waits too; the system admin (another admin role) approves.
    const grant = await app.inject({ method: 'PUT', url: `/api/accounts/${acct('t1deputy')}/roles`, headers: as(sec), payload: { roles: ['auditor'], version: await versionOf(acct('t1deputy')) } });
    expect(grant.statusCode).toBe(202);
    expect((await rt.db.selectFrom('accounts').select('roles').where('id', '=', acct('t1deputy')).executeTakeFirstOrThrow()).roles).toEqual(['leader']);
    const approved = await app.inject({ method: 'POST', url: `/api/admin-requests/${grant.json().id}/approve`, headers: as(await login(app, 't1admin')) });
    expect(approved.statusCode).toBe(200);
    expect((await rt.db.selectFrom('accounts').select('roles').where('id', '=', acct('t1deputy')).executeTakeFirstOrThrow()).roles).toEqual(['auditor']);
    // Business roles alone are still granted at once.
    const plain = await app.inject({ method: 'PUT', url: `/api/accounts/${acct('t1hliaison')}/roles`, headers: as(sec), payload: { roles: ['liaison', 'handler'], version: await versionOf(acct('t1hliaison')) } });
    expect(plain.statusCode).toBe(200);
    // A rejected request changes nothing.
    const admin = await login(app, 't1admin');
    const rejected = await app.inject({ method: 'POST', url: `/api/admin-requests/${away.json().id}/reject`, headers: as(admin) });
    expect(rejected.json().status).toBe('rejected');
    expect((await app.inject({ method: 'POST', url: `/api/admin-requests/${away.json().id}/approve`, headers: as(admin) })).statusCode).toBe(404);
  });

  it('the system admin disables an admin-role account only with another admin role agreeing', async () => {
    const admin = await login(app, 't1admin');
    const sec = await login(app, 't1sec');
    const body = { displayName: 't1sec', personId: null, status: 'disabled', version: await versionOf(acct('t1sec')) };
    const res = await app.inject({ method: 'PUT', url: `/api/accounts/${acct('t1sec')}`, headers: as(admin), payload: body });
    expect(res.statusCode).toBe(202);
    expect((await app.inject({ url: '/api/auth/me', headers: as(sec) })).statusCode).toBe(200); // still active
    // The security admin cannot approve their own disabling; the system admin cannot approve their own request.
    expect((await app.inject({ method: 'POST', url: `/api/admin-requests/${res.json().id}/approve`, headers: as(sec) })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: `/api/admin-requests/${res.json().id}/approve`, headers: as(admin) })).statusCode).toBe(403);
    // The other admin (the deputy became an auditor above) agrees.
    await rt.db.updateTable('accounts').set({ must_change_password: false }).where('id', '=', acct('t1deputy')).execute();
    const auditor = await login(app, 't1deputy', TEST_PASSWORD);
    const ok = await app.inject({ method: 'POST', url: `/api/admin-requests/${res.json().id}/approve`, headers: as(auditor) });
    expect(ok.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: as(sec) })).statusCode).toBe(401);
    expect((await tryLogin('t1sec', TEST_PASSWORD)).json().error).toBe('account_disabled');
    expect(await actions(acct('t1sec'))).toEqual(expect.arrayContaining(['admin_request.create:pending', 'admin_request.approve:success', 'account.update:success']));
  });
});
