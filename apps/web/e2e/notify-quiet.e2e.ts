import { describe, expect, it } from 'vitest';
import { loginAs, useBrowser } from './browser';

const b = useBrowser();

describe('quiet hours', () => {
  it('the security admin finds the 紧急-matter exemption off and turns it on explicitly', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await loginAs(page, 'secadmin');
    await page.getByTestId('main-menu').getByText('通知渠道').click();
    const toggle = page.getByTestId('exempt-urgent-matters');
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await page.getByText('免打扰时段内的所有消息（含红色预警）暂存').waitFor();
    await toggle.click();
    const card = page.locator('.ant-card').filter({ has: toggle });
    await card.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存').or(page.locator('.ant-message-success')).first().waitFor();
    const saved = await page.evaluate(() => fetch('/api/settings/channels').then((r) => r.json()));
    expect(saved.quietHours.exemptUrgentMatters).toBe(true);
    await page.reload();
    await page.getByTestId('exempt-urgent-matters').waitFor();
    expect(await page.getByTestId('exempt-urgent-matters').getAttribute('aria-checked')).toBe('true');
    await ctx.close();
  });
});
