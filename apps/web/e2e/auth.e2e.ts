import { describe, expect, it } from 'vitest';
import { apiCall, loginAs, snap, useBrowser } from './browser';

const b = useBrowser();

// What each demo role must find in its menu (and must not).
const MENUS: Record<string, { has: string[]; lacks: string[] }> = {
  admin: { has: ['工作台', '单位管理', '人员管理', '账号管理'], lacks: ['账号与角色', '痕迹审计', 'API 令牌'] },
  secadmin: { has: ['工作台', '账号与角色', 'API 令牌'], lacks: ['单位管理', '账号管理', '痕迹审计'] },
  auditor: { has: ['工作台', '痕迹审计'], lacks: ['单位管理', '账号与角色', '账号管理'] },
  duchaban: { has: ['工作台'], lacks: ['单位管理', '账号与角色', '痕迹审计'] },
  shuji: { has: ['工作台'], lacks: ['单位管理', '账号与角色', '痕迹审计'] },
  liaison: { has: ['工作台'], lacks: ['单位管理', '账号与角色', '痕迹审计'] },
  handler: { has: ['工作台'], lacks: ['单位管理', '账号与角色', '痕迹审计'] },
};

describe('signing in', () => {
  for (const [username, menu] of Object.entries(MENUS)) {
    it(`${username} lands on a workbench with the menu of the role`, async () => {
      const ctx = await b.context();
      const page = await ctx.newPage();
      await loginAs(page, username);
      const text = await page.getByTestId('main-menu').innerText();
      for (const item of menu.has) expect(text).toContain(item);
      for (const item of menu.lacks) expect(text).not.toContain(item);
      await snap(page, `workbench-${username}`);
      await page.getByTestId('user-menu').click();
      await page.getByText('退出登录').click();
      await page.getByRole('button', { name: /登\s*录/ }).waitFor();
      await ctx.close();
    });
  }

  it('shows the Chinese error for a wrong password, and locks the 6th attempt', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await page.goto('/login');
    for (let i = 1; i <= 5; i++) {
      await page.getByPlaceholder('用户名').fill('handler');
      await page.getByPlaceholder('密码').fill(`Wrong@pass${i}`);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('用户名或密码错误');
      if (i === 1) await snap(page, 'login-wrong-password');
    }
    // The 6th attempt fails even with the right password.
    await page.getByPlaceholder('密码').fill('Demo@2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('锁定');
    await ctx.close();
    // Every browser test signs in from 127.0.0.1: the security admin lifts the lock, or the other files' handler
    // could not sign in while it lasts.
    const sec = await b.context();
    const secPage = await sec.newPage();
    await loginAs(secPage, 'secadmin');
    const found = await apiCall<{ items: { id: number; username: string }[] }>(secPage, 'get', '/api/accounts?q=handler');
    const handler = found.items.find((a) => a.username === 'handler');
    expect(handler).toBeDefined();
    await apiCall(secPage, 'post', `/api/accounts/${handler?.id}/unlock`, {});
    await sec.close();
    const again = await b.context();
    await loginAs(await again.newPage(), 'handler');
    await again.close();
  });
});
