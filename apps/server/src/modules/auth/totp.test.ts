import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, seedTenant, testApp, TEST_PASSWORD, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { openSecret } from '../../lib/secret';
import { totpCode } from './totp';

// Two-factor sign-in (等保 L3 双因素鉴别): required for the three admin roles, optional for everyone else.
let rt: TestRuntime;
let app: FastifyInstance;

function signIn(username: string, code?: string, password = TEST_PASSWORD) {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...(code ? { code } : {}) } });
}

function sessionOf(res: Awaited<ReturnType<typeof signIn>>): Session {
  return { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), csrf: res.cookies.find((c) => c.name === 'duban_csrf')?.value ?? '' };
}

async function enrol(s: Session): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: as(s) });
  expect(setup.statusCode).toBe(200);
  const { secret, qrDataUrl, otpauthUri } = setup.json();
  expect(qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
  expect(otpauthUri).toContain(`secret=${secret}`);
  const wrong = await app.inject({ method: 'POST', url: '/api/auth/totp/enable', headers: as(s), payload: { code: '000000' } });
  expect(wrong.statusCode).toBe(400);
  const ok = await app.inject({ method: 'POST', url: '/api/auth/totp/enable', headers: as(s), payload: { code: totpCode(secret, rt.clock.now()) } });
  expect(ok.statusCode).toBe(200);
  return { secret, recoveryCodes: ok.json().recoveryCodes };
}

describe('two-factor sign-in', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ config: { admin2fa: 'required' } });
    await seedTenant(rt);
    app = await testApp(rt);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('an admin without a second factor must enrol before doing anything, then signs in only with a fresh code', async () => {
    const first = await signIn('t1sec');
    expect(first.statusCode).toBe(200);
    expect(first.json().user).toMatchObject({ totpEnrolmentRequired: true, totpEnabled: false });
    const s = sessionOf(first);
    const blocked = await app.inject({ url: '/api/accounts', headers: as(s) });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error).toBe('totp_enrolment_required');
    const { secret, recoveryCodes } = await enrol(s);
    expect(recoveryCodes).toHaveLength(10);
    expect((await app.inject({ url: '/api/accounts', headers: as(s) })).statusCode).toBe(200);
    // The codes are stored hashed, the secret sealed.
    const stored = await rt.db.selectFrom('accounts').select(['totp_secret']).where('username', '=', 't1sec').executeTakeFirstOrThrow();
    expect(stored.totp_secret).not.toContain(secret);
    const hashes = await rt.db.selectFrom('recovery_codes').select('code_hash').execute();
    expect(hashes.map((h) => h.code_hash)).not.toContain(recoveryCodes[0]);

    // Now the password alone is not enough; a wrong code counts as a failed sign-in.
    const noCode = await signIn('t1sec');
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error).toBe('totp_required');
    expect((await signIn('t1sec', '123456')).json().error).toBe('totp_invalid');
    rt.clock.advance(60_000);
    const code = totpCode(secret, rt.clock.now());
    expect((await signIn('t1sec', code)).statusCode).toBe(200);
    // The same code a second time (a replay) is refused.
    expect((await signIn('t1sec', code)).json().error).toBe('totp_invalid');
    // A recovery code works once.
    expect((await signIn('t1sec', recoveryCodes[0])).statusCode).toBe(200);
    expect((await signIn('t1sec', recoveryCodes[0])).json().error).toBe('totp_invalid');
    const events = await rt.db.selectFrom('trace').select(['action', 'after']).where('action', 'in', ['auth.totp_enable', 'auth.login']).execute();
    expect(events.map((e) => e.action)).toContain('auth.totp_enable');
    expect(events.filter((e) => e.action === 'auth.login').map((e) => (e.after as { secondFactor?: string }).secondFactor)).toEqual(expect.arrayContaining(['totp', 'recovery']));
  });

  it('is optional for business roles, and turning it off needs the password (admins cannot)', async () => {
    const first = await signIn('t1dcb');
    expect(first.json().user.totpEnrolmentRequired).toBe(false);
    const s = sessionOf(first);
    expect((await app.inject({ url: '/api/matters', headers: as(s) })).statusCode).toBe(200);
    await enrol(s);
    expect((await signIn('t1dcb')).json().error).toBe('totp_required');
    const bad = await app.inject({ method: 'POST', url: '/api/auth/totp/disable', headers: as(s), payload: { password: 'Wrong#pass1' } });
    expect(bad.statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/auth/totp/disable', headers: as(s), payload: { password: TEST_PASSWORD } })).statusCode).toBe(200);
    expect((await signIn('t1dcb')).statusCode).toBe(200);
    const admin = sessionOf(await signIn('t1admin'));
    await enrol(admin);
    expect((await app.inject({ method: 'POST', url: '/api/auth/totp/disable', headers: as(admin), payload: { password: TEST_PASSWORD } })).statusCode).toBe(403);
  });

  it("a lost phone: the security admin resets a business account's second factor; an admin's needs a second admin", async () => {
    rt.clock.advance(60_000);
    const sec = sessionOf(await signIn('t1sec', totpCode((await secretOf('t1sec')) ?? '', rt.clock.now())));
    const dcb = await rt.db.selectFrom('accounts').select('id').where('username', '=', 't1dcb').executeTakeFirstOrThrow();
    const dcbSession = sessionOf(await signIn('t1dcb'));
    await enrol(dcbSession);
    expect((await app.inject({ method: 'POST', url: `/api/accounts/${dcb.id}/totp-reset`, headers: as(sec) })).statusCode).toBe(200);
    expect((await signIn('t1dcb')).statusCode).toBe(200);
    const adminId = (await rt.db.selectFrom('accounts').select('id').where('username', '=', 't1admin').executeTakeFirstOrThrow()).id;
    expect((await app.inject({ method: 'POST', url: `/api/accounts/${adminId}/totp-reset`, headers: as(sec) })).statusCode).toBe(202);
    expect((await signIn('t1admin')).json().error).toBe('totp_required');
  });
});

// The test reads the sealed secret back through the same server key, as the server does.
async function secretOf(username: string): Promise<string | null> {
  const row = await rt.db.selectFrom('accounts').select('totp_secret').where('username', '=', username).executeTakeFirstOrThrow();
  return row.totp_secret ? openSecret(rt.secretKey, row.totp_secret) : null;
}
