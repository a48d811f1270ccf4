import { describe, expect, it } from 'vitest';
import { loginAs, snap, useBrowser } from './browser';

const b = useBrowser();

describe('notifications', () => {
  it('the supervision office sees the unread badge, opens the inbox and reads everything', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await loginAs(page, 'duchaban');
    // The demo's sweep owes the office reminders (red warnings, pending extensions); the dispatcher job fans them out into inboxes within seconds.
    const badge = page.getByTestId('inbox-badge').locator('.ant-badge-count');
    await badge.waitFor({ timeout: 60_000 });
    await page.getByTestId('inbox-bell').click();
    const items = page.getByTestId('inbox-item');
    await items.first().waitFor();
    await snap(page, 'inbox');
    const before = Number((await badge.innerText()).replace(/\D/g, '')) || 0;
    await page.getByRole('button', { name: '全部已读' }).click();
    await expect.poll(async () => page.evaluate(() => fetch('/api/inbox/unread-count').then((r) => r.json()))).toEqual({ unread: 0 });
    await expect.poll(async () => page.getByTestId('inbox-badge').locator('.ant-badge-count:visible').count()).toBe(0);
    expect(before).toBeGreaterThan(0);
    await ctx.close();
  });

  it('the security admin saves a channel secret without ever seeing it again', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await loginAs(page, 'secadmin');
    await page.getByTestId('main-menu').getByText('通知渠道').click();
    const card = page.locator('.ant-card').filter({ hasText: '企业微信群机器人' });
    await card.getByText('未设置').waitFor();
    await card.locator('input[type="password"]').fill('e2e-robot-key');
    await page.getByTestId('save-wecom-robot').click();
    await card.getByText('已设置').waitFor();
    expect(await card.locator('input[type="password"]').inputValue()).toBe('');
    expect(await page.content()).not.toContain('e2e-robot-key');
    await snap(page, 'channels');
    await ctx.close();
  });
});
