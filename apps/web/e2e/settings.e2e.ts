import { describe, expect, it } from 'vitest';
import { loginAs, snap, useBrowser } from './browser';

const b = useBrowser();

describe('working-day calendar and warning settings', () => {
  it('the system admin is told next year’s holiday notice is missing and sees the year’s exceptions', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await loginAs(page, 'admin');
    const next = new Date().getFullYear() + 1;
    if (next > 2026) await expect.poll(() => page.getByTestId('calendar-banner').innerText()).toContain(`${next} 年的节假日安排尚未录入`);
    await page.getByTestId('main-menu').getByText('工作日历').click();
    await page.getByTestId('calendar-page').waitFor();
    await page.getByText('2026-09-20').waitFor(); // the 国庆 make-up Sunday of the official seed
    await expect.poll(() => page.getByTestId('calendar-page').getByRole('switch').getAttribute('aria-checked')).toBe('true');
    await snap(page, 'calendar');
    await ctx.close();
  });

  it('the supervision office changes a threshold and sees it saved', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await loginAs(page, 'duchaban');
    await page.getByTestId('main-menu').getByText('预警设置').click();
    await page.getByTestId('warning-settings').waitFor();
    await page.getByLabel('停滞天数').first().fill('10');
    await page.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('预警设置已保存').waitFor();
    await snap(page, 'warning-settings');
    await ctx.close();
  });
});
