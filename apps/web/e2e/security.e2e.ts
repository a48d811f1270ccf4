import type { APIRequestContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAs, nextTotpCode, rememberTotp, snap, useBrowser } from './browser';
import { generateSync } from 'otplib';

const b = useBrowser();

// Signs an API client in as a demo account (with its authenticator code) and returns its CSRF header.
async function apiLogin(request: APIRequestContext, username: string): Promise<Record<string, string>> {
  const res = await request.post('/api/auth/login', { data: { username, password: 'Demo@2026', code: await nextTotpCode(username) } });
  expect(res.ok(), await res.text()).toBe(true);
  const state = await request.storageState();
  return { 'x-csrf-token': state.cookies.find((c) => c.name === 'duban_csrf')?.value ?? '' };
}

describe('two-factor sign-in and the forced password change', () => {
  it('a new audit admin changes the initial password, enrols an authenticator, then signs in with a code', async () => {
    // 系统管理员 creates the account; 安全管理员 asks for the auditor role; 系统管理员 approves (双人复核).
    const adminCtx = await b.context();
    const admin = await apiLogin(adminCtx.request, 'admin');
    const created = await adminCtx.request.post('/api/accounts', { headers: admin, data: { username: 'e2eaudit', displayName: '新审计员', password: 'Initial#2026x' } });
    expect(created.ok(), await created.text()).toBe(true);
    const secCtx = await b.context();
    const sec = await apiLogin(secCtx.request, 'secadmin');
    const asked = await secCtx.request.put(`/api/accounts/${(await created.json()).id}/roles`, { headers: sec, data: { roles: ['auditor'], version: (await created.json()).version } });
    expect(asked.status()).toBe(202);
    const approved = await adminCtx.request.post(`/api/admin-requests/${(await asked.json()).id}/approve`, { headers: admin });
    expect(approved.ok(), await approved.text()).toBe(true);
    await adminCtx.close();
    await secCtx.close();

    const ctx = await b.context();
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByPlaceholder('用户名').fill('e2eaudit');
    await page.getByPlaceholder('密码').fill('Initial#2026x');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    // The initial password must be changed first; nothing else is shown.
    await page.getByText('为了账号安全，请先修改初始密码').waitFor();
    await snap(page, 'forced-password-change');
    await page.getByLabel('当前密码').fill('Initial#2026x');
    await page.getByLabel('新密码', { exact: true }).fill('Auditor#E2e2026');
    await page.getByLabel('确认新密码').fill('Auditor#E2e2026');
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    // Then an admin must turn on two-factor sign-in.
    await page.getByTestId('totp-enrol').waitFor();
    await page.getByTestId('totp-start').click();
    await page.getByTestId('totp-qr').waitFor();
    await snap(page, 'totp-enrol');
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    const enrolledAt = Date.now();
    await page.getByTestId('totp-confirm-code').fill(generateSync({ secret, epoch: Math.floor(enrolledAt / 1000) }));
    await page.getByRole('button', { name: /确认开启/ }).click();
    await page.getByTestId('recovery-codes').waitFor();
    const codes = (await page.getByTestId('recovery-codes').locator('pre').innerText()).split('\n').filter(Boolean);
    expect(codes).toHaveLength(10);
    rememberTotp('e2eaudit', secret, enrolledAt);
    await page.getByRole('button', { name: '我已保存恢复码' }).click();
    await page.getByTestId('workbench').waitFor();
    expect(await page.getByTestId('main-menu').innerText()).toContain('痕迹审计');

    // Signing in again asks for the code after the password.
    await page.getByTestId('user-menu').click();
    await page.getByText('退出登录').click();
    await page.getByPlaceholder('用户名').fill('e2eaudit');
    await page.getByPlaceholder('密码').fill('Auditor#E2e2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('totp-code').waitFor();
    await snap(page, 'login-totp');
    await page.getByTestId('totp-code').fill('000000');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('验证码不正确');
    // A recovery code works in place of the phone.
    await page.getByTestId('totp-code').fill(codes[0] ?? '');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('workbench').waitFor();
    await ctx.close();

    // And the demo admins sign in with their published secrets.
    const demo = await b.context();
    await loginAs(await demo.newPage(), 'auditor');
    await demo.close();
  });
});
