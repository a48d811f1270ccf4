import { describe, expect, it } from 'vitest';
import { loginAs, useBrowser } from './browser';

// Issue 12, item 4: a fixed deadline that falls on a day off under the calendar is shown as such.
const b = useBrowser();

describe('a fixed deadline on a day off', () => {
  it('is marked 非工作日 on the matter page', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await loginAs(page, 'duchaban');
    const today = new Date(Date.now() + 8 * 3600_000);
    const saturday = new Date(today.getTime() + (((6 - today.getUTCDay() + 7) % 7) + 7) * 86400_000).toISOString().slice(0, 10);
    const units = await (await page.request.get('/api/units')).json();
    const unit = units.items.find((u: { name: string }) => u.name === '五里堡街道办事处');
    const csrf = (await ctx.cookies()).find((c) => c.name === 'duban_csrf')?.value ?? '';
    const res = await page.request.post('/api/matters', {
      data: { title: `周末时限（${Date.now() % 100000}）`, source: 'meeting', leadUnitId: unit.id, startDate: today.toISOString().slice(0, 10), deadline: saturday },
      headers: { 'x-csrf-token': decodeURIComponent(csrf) },
    });
    expect(res.ok(), await res.text()).toBe(true);
    await page.goto(`/matters/${(await res.json()).id}`);
    await page.getByTestId('matter-page').waitFor();
    await expect.poll(() => page.getByTestId('deadline-on-holiday').innerText()).toContain('非工作日');
  });
});
