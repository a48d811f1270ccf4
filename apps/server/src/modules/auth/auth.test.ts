import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, TEST_PASSWORD } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;

const tryLogin = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('auth over HTTP', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt);
    app = await testApp(rt);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('stores argon2id hashes, never the password', async () => {
    const a = await rt.db.selectFrom('accounts').select('password_hash').where('username', '=', 't1dcb').executeTakeFirstOrThrow();
    expect(a.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('logs in with an HttpOnly, SameSite session cookie and a CSRF token', async () => {
    const res = await tryLogin('t1dcb', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const sid = res.cookies.find((c) => c.name === 'duban_sid');
    expect(sid?.httpOnly).toBe(true);
    expect(sid?.sameSite).toBe('Lax');
    expect(res.json().user).toMatchObject({ username: 't1dcb', roles: ['supervisor', 'inspector'], tenant: { code: 't1' } });
    expect(res.body).not.toContain('password_hash');
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const unknown = await tryLogin('nobody-here', 'Whatever@123');
    const wrong = await tryLogin('t1shuji', 'Whatever@123');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().error).toBe('invalid_credentials');
    expect(unknown.json().message).toBe(wrong.json().message);
  });

  it('locks after 5 failures in 15 minutes: the 6th attempt fails even with the right password, for 30 minutes', async () => {
    for (let i = 0; i < 5; i++) expect((await tryLogin('t1head', `Wrong@${i}pass`)).statusCode).toBe(401);
    const sixth = await tryLogin('t1head', TEST_PASSWORD);
    expect(sixth.statusCode).toBe(423);
    expect(sixth.json().error).toBe('account_locked');
    rt.clock.advance(29 * 60_000);
    expect((await tryLogin('t1head', TEST_PASSWORD)).statusCode).toBe(423);
    rt.clock.advance(2 * 60_000);
    expect((await tryLogin('t1head', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('does not lock when the failures are spread over more than 15 minutes', async () => {
    for (let i = 0; i < 4; i++) expect((await tryLogin('t1deputy', `Wrong@${i}pass`)).statusCode).toBe(401);
    rt.clock.advance(16 * 60_000);
    expect((await tryLogin('t1deputy', 'Wrong@5pass')).statusCode).toBe(401);
    expect((await tryLogin('t1deputy', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('locks unknown usernames the same way, so a lock reveals nothing', async () => {
    for (let i = 0; i < 5; i++) await tryLogin('ghost-user', `Wrong@${i}pass`);
    expect((await tryLogin('ghost-user', 'Wrong@9pass')).json().error).toBe('account_locked');
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const s = await login(app, 't1admin');
    const body = { name: '区审计局', kind: 'government' };
    const without = await app.inject({ method: 'POST', url: '/api/units', headers: { cookie: s.cookie }, payload: body });
    expect(without.statusCode).toBe(403);
    expect(without.json().error).toBe('csrf_failed');
    const withToken = await app.inject({ method: 'POST', url: '/api/units', headers: as(s), payload: body });
    expect(withToken.statusCode).toBe(200);
  });

  it('ends a session after 30 idle minutes, and at the absolute lifetime even when busy', async () => {
    const s = await login(app, 't1liaison');
    rt.clock.advance(29 * 60_000);
    expect((await app.inject({ url: '/api/auth/me', headers: as(s) })).statusCode).toBe(200);
    rt.clock.advance(31 * 60_000);
    const idle = await app.inject({ url: '/api/auth/me', headers: as(s) });
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error).toBe('session_expired');

    const busy = await login(app, 't1liaison');
    // A request every 20 minutes keeps it alive until the 12-hour absolute lifetime.
    for (let i = 0; i < 35; i++) {
      rt.clock.advance(20 * 60_000);
      expect((await app.inject({ url: '/api/auth/me', headers: as(busy) })).statusCode).toBe(200);
    }
    rt.clock.advance(20 * 60_000);
    expect((await app.inject({ url: '/api/auth/me', headers: as(busy) })).json().error).toBe('session_expired');
  });

  it('extends the idle time on every request, including those in the first minute', async () => {
    const s = await login(app, 't1deputy');
    rt.clock.advance(30_000);
    expect((await app.inject({ url: '/api/auth/me', headers: as(s) })).statusCode).toBe(200);
    // 30 idle minutes counted from the last request (30 s after sign-in), not from sign-in.
    rt.clock.advance(29 * 60_000 + 50_000);
    expect((await app.inject({ url: '/api/auth/me', headers: as(s) })).statusCode).toBe(200);
    // Likewise a request 40 s after the previous one moves the idle clock.
    rt.clock.advance(40_000);
    expect((await app.inject({ url: '/api/auth/me', headers: as(s) })).statusCode).toBe(200);
    rt.clock.advance(29 * 60_000 + 50_000);
    expect((await app.inject({ url: '/api/auth/me', headers: as(s) })).statusCode).toBe(200);
  });

  it('changes one’s own password under the policy and signs out the other sessions', async () => {
    const a = await login(app, 't1handler');
    const b = await login(app, 't1handler');
    const weak = await app.inject({ method: 'POST', url: '/api/auth/password', headers: as(a), payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().details[0]).toMatchObject({ field: 'newPassword' });
    expect(weak.json().message).toMatch(/新密码：密码长度不能少于 8 位/);
    const wrongCurrent = await app.inject({ method: 'POST', url: '/api/auth/password', headers: as(a), payload: { currentPassword: 'Nope@12345', newPassword: 'Better#Pass2026' } });
    expect(wrongCurrent.statusCode).toBe(400);
    const ok = await app.inject({ method: 'POST', url: '/api/auth/password', headers: as(a), payload: { currentPassword: TEST_PASSWORD, newPassword: 'Better#Pass2026' } });
    expect(ok.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: as(a) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: as(b) })).statusCode).toBe(401);
    expect((await tryLogin('t1handler', TEST_PASSWORD)).statusCode).toBe(401);
    expect((await tryLogin('t1handler', 'Better#Pass2026')).statusCode).toBe(200);
  });

  it('logs out: the cookie stops working', async () => {
    const s = await login(app, 't1shuji');
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: as(s) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: as(s) })).statusCode).toBe(401);
  });

  it('accepts API tokens for integrations, stores only their hash, and honours revocation', async () => {
    const sec = await login(app, 't1sec');
    // An integration account: no person, no admin role (a token never acts for a person's account: separation.test.ts).
    const hotline = await rt.db
      .insertInto('accounts')
      .values({ tenant_id: t.tenantId, username: 'hotline', display_name: '12345 热线对接', password_hash: 'x', roles: ['supervisor'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const issued = await app.inject({ method: 'POST', url: '/api/tokens', headers: as(sec), payload: { name: '12345 热线对接', accountId: hotline.id } });
    expect(issued.statusCode).toBe(200);
    const { token, id } = issued.json();
    const stored = await rt.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    const listed = await app.inject({ url: '/api/tokens', headers: as(sec) });
    expect(listed.body).not.toContain(token);
    const me = await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().username).toBe('hotline');
    // Bearer-authenticated writes need no CSRF token (no cookie is involved).
    expect((await app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: as(sec) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });
});
