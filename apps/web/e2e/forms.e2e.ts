import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, pickLeadUnit, snap, useBrowser } from './browser';

const b = useBrowser();
let ctx: BrowserContext;
const TITLE = `东风路人行道修复（草稿${Date.now() % 100000}）`;

const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86400_000).toISOString().slice(0, 10);
const confirmBox = (page: Page) => page.locator('.ant-modal-confirm:visible');

async function openRegister(page: Page) {
  await page.goto('/matters');
  await page.getByTestId('register-matter').click();
  await page.getByTestId('matter-form').waitFor();
}

describe('forms keep unsaved input', () => {
  beforeAll(async () => {
    ctx = await b.context();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('the registration drawer asks before Esc or a click outside throws input away, and keeps a draft until it is saved', async () => {
    const page = await ctx.newPage();
    await loginAs(page, 'duchaban');
    await openRegister(page);
    // Nothing typed: Esc closes at once.
    await page.keyboard.press('Escape');
    await page.getByTestId('matter-form').waitFor({ state: 'hidden' });
    expect(await confirmBox(page).count()).toBe(0);

    await openRegister(page);
    await page.getByLabel('事项标题').fill(TITLE);
    await page.getByLabel('事项内容').fill('修复破损路面 300 米');
    await page.keyboard.press('Escape');
    await confirmBox(page).waitFor();
    expect(await confirmBox(page).innerText()).toContain('关闭表单？');
    await snap(page, 'register-confirm-close');
    await confirmBox(page).getByRole('button', { name: '继续填写' }).click();
    await confirmBox(page).waitFor({ state: 'hidden' });
    expect(await page.getByLabel('事项标题').inputValue()).toBe(TITLE);

    // A click outside asks too; closing keeps the draft, and reopening brings it back.
    await page.locator('.ant-drawer-mask').click({ position: { x: 20, y: 300 } });
    await confirmBox(page).waitFor();
    await confirmBox(page).getByRole('button', { name: /关\s*闭/ }).click();
    await page.getByTestId('matter-form').waitFor({ state: 'hidden' });
    await page.reload();
    await page.getByTestId('register-matter').click();
    await page.getByTestId('draft-restored').waitFor();
    expect(await page.getByLabel('事项标题').inputValue()).toBe(TITLE);
    expect(await page.getByLabel('事项内容').inputValue()).toBe('修复破损路面 300 米');
    await snap(page, 'register-draft-restored');

    // Saved: the draft is gone.
    await pickLeadUnit(page, '五里堡街道办事处');
    await page.locator('#deadline').click();
    await page.locator('#deadline').fill(day(30));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#deadline').inputValue()).toBe(day(30));
    await page.getByTestId('matter-save').click();
    await page.getByTestId('matter-page').waitFor();
    await openRegister(page);
    expect(await page.getByTestId('draft-restored').count()).toBe(0);
    expect(await page.getByLabel('事项标题').inputValue()).toBe('');
    await page.keyboard.press('Escape');
    await page.getByTestId('matter-form').waitFor({ state: 'hidden' });
  });

  it('an action modal with typed input asks before closing, and then discards it', async () => {
    const page = await ctx.newPage();
    await page.goto(`/matters?q=${encodeURIComponent(TITLE)}`);
    await page.getByTestId('ledger-table').getByText(TITLE).click();
    await page.getByTestId('matter-page').waitFor();
    await page.locator('[data-action="assign"]').click();
    const modal = page.locator('.ant-modal').filter({ has: page.getByLabel('交办意见') });
    await modal.waitFor();
    await page.getByLabel('交办意见').fill('请尽快签收');
    await page.keyboard.press('Escape');
    await confirmBox(page).waitFor();
    expect(await confirmBox(page).innerText()).toContain('放弃未保存的内容？');
    await confirmBox(page).getByRole('button', { name: '继续填写' }).click();
    expect(await page.getByLabel('交办意见').inputValue()).toBe('请尽快签收');
    await modal.locator('.ant-modal-footer').getByRole('button', { name: /取\s*消/ }).click();
    await confirmBox(page).getByRole('button', { name: '放弃并关闭' }).click();
    await modal.waitFor({ state: 'hidden' });
  });
});
