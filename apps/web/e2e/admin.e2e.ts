import { describe, expect, it } from 'vitest';
import { loginAs, snap, useBrowser } from './browser';

const b = useBrowser();

describe('administration', () => {
  it('system admin sees the unit tree and the people with ranks', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await loginAs(page, 'admin');
    await page.getByTestId('main-menu').getByText('单位管理').click();
    await page.getByText('五里堡街道办事处').first().waitFor();
    await snap(page, 'units');
    await page.getByTestId('main-menu').getByText('人员管理').click();
    await expect.poll(async () => page.locator('.ant-pagination-total-text').innerText()).toMatch(/共 \d{3,} 人/);
    await snap(page, 'people');
    await ctx.close();
  });

  it('in English the unit and people pages show their headings, columns and totals in English', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await loginAs(page, 'admin');
    await page.evaluate(() => localStorage.setItem('duban.lang', 'en'));
    await page.goto('/org/people');
    await expect.poll(async () => page.locator('.ant-pagination-total-text').innerText()).toMatch(/^\d{3,} people$/);
    await page.locator('.ant-card-head-title').getByText('People', { exact: true }).waitFor();
    await page.locator('th').getByText('Rank', { exact: true }).waitFor();
    await page.goto('/org/units');
    await page.locator('.ant-card-head-title').getByText('Units', { exact: true }).waitFor();
    await page.locator('th').getByText('Type', { exact: true }).waitFor();
    await ctx.close();
  });

  it('audit admin verifies the trace as intact', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await loginAs(page, 'auditor');
    await page.getByTestId('main-menu').getByText('痕迹审计').click();
    await page.getByTestId('verify-button').click();
    await page.getByTestId('verify-intact').waitFor();
    await snap(page, 'audit');
    await ctx.close();
  });

  it('changing one’s own password works, and the old one stops working', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await loginAs(page, 'liaison');
    await page.getByTestId('user-menu').click();
    await page.getByText('修改密码').click();
    await page.getByLabel('当前密码').fill('Demo@2026');
    await page.getByLabel('新密码', { exact: true }).fill('Wlb#Street2026x');
    await page.getByLabel('确认新密码').fill('Wlb#Street2026x');
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('密码已修改').waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByText('退出登录').click();
    await page.getByPlaceholder('用户名').fill('liaison');
    await page.getByPlaceholder('密码').fill('Demo@2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('用户名或密码错误');
    await loginAs(page, 'liaison', 'Wlb#Street2026x');
    // Put the demo password back: the other browser test files sign in as the liaison too.
    const csrf = (await ctx.cookies()).find((c) => c.name === 'duban_csrf')?.value ?? '';
    const back = await ctx.request.post('/api/auth/password', {
      data: { currentPassword: 'Wlb#Street2026x', newPassword: 'Demo@2026' },
      headers: { 'x-csrf-token': csrf },
    });
    expect(back.ok(), await back.text()).toBe(true);
    await ctx.close();
  });
});
