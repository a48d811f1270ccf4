import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, loginAs, useBrowser } from './browser';

const b = useBrowser();
let ctx: BrowserContext;
const SCREENSHOTS = path.resolve(new URL('.', import.meta.url).pathname, '../../../docs/screenshots');

type Version = { id: number; state: string; note: string; rowCount: number };

describe('网格设置: 转入督办 and the versioned time-limit table (issue 16)', () => {
  let page: Page;
  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    ctx = await b.context({ width: 1440, height: 1000 });
    page = await ctx.newPage();
    await loginAs(page, 'duchaban');
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('督查办 changes how long a supervised grid matter gets; a bad value is refused naming the field', async () => {
    await page.goto('/grid/settings');
    const card = page.getByTestId('grid-supervise');
    const days = card.getByRole('spinbutton');
    await expect.poll(() => days.inputValue(), { timeout: 30_000 }).toBe('10');
    await days.fill('');
    await card.getByRole('button', { name: /保\s*存/ }).click();
    await card.getByText('请填写督办时限').waitFor();
    await days.fill('8');
    await card.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('督办设置已保存').waitFor();
    await page.reload();
    await page.getByTestId('grid-supervise').getByText(/最近修改/).waitFor();
    await expect.poll(() => page.getByTestId('grid-supervise').getByRole('spinbutton').inputValue(), { timeout: 30_000 }).toBe('8');
  });

  it('publishes a new version from tomorrow based on the one in force; the old one is kept as it was', async () => {
    const before = await apiCall<{ items: Version[] }>(page, 'get', '/api/grid/limit-versions');
    const inForce = before.items.find((v) => v.state === 'in_force');
    if (!inForce) throw new Error('no version in force');
    const limits = page.getByTestId('grid-limits');
    await limits.getByText(`版本 #${inForce.id} 的时限（现行）`).waitFor();
    await limits.getByText('街道办理').first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-settings.png'), fullPage: true });

    await limits.getByRole('button', { name: '以此为基础发布新版本' }).click();
    const modal = page.getByTestId('limit-version-form');
    await modal.waitFor();
    // A limit left empty is caught before sending.
    const firstAmount = modal.getByRole('spinbutton', { name: '时限' }).first();
    const was = await firstAmount.inputValue();
    await firstAmount.fill('');
    await page.getByRole('button', { name: /^发\s*布$/ }).click();
    await modal.getByText('请填写时限').waitFor();
    await firstAmount.fill(was);
    await modal.getByLabel('说明').fill('浏览器测试：年度复核，时限不变');
    await page.getByRole('button', { name: /^发\s*布$/ }).click();
    await page.getByText('新版时限表已发布').waitFor();
    await limits.locator('tbody tr', { hasText: '待生效' }).first().waitFor();

    const after = await apiCall<{ items: Version[] }>(page, 'get', '/api/grid/limit-versions');
    expect(after.items).toHaveLength(before.items.length + 1);
    expect(after.items[0]).toMatchObject({ state: 'pending', note: '浏览器测试：年度复核，时限不变', rowCount: inForce.rowCount });
    expect(after.items.find((v) => v.id === inForce.id)).toMatchObject({ state: 'in_force' });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-settings-versions.png') });
    // Back to the default so other tests meet the demo as seeded.
    await apiCall(page, 'get', '/api/grid/settings');
    await page.request.put('/api/grid/settings', {
      data: { superviseEnabled: true, superviseWorkdays: 10, superviseLeadUnitId: null },
      headers: { 'x-csrf-token': decodeURIComponent((await ctx.cookies()).find((c) => c.name === 'duban_csrf')?.value ?? '') },
    });
  });
});
