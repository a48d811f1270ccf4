import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { snap, useBrowser } from './browser';

const b = useBrowser();
const SCREENSHOTS = path.resolve(new URL('.', import.meta.url).pathname, '../../../docs/screenshots');

async function shot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

describe('assessment in the cockpit, 满意率 and 能上能下', () => {
  it('a league-table figure in the cockpit opens its score lines, and a line opens its matter', async () => {
    const page = await b.as('duchaban', { width: 1600, height: 1000 });
    await page.goto('/cockpit');
    await page.getByTestId('cockpit-tabs').getByRole('tab', { name: '考核' }).click();
    const league = page.getByTestId('cockpit-league').first();
    await league.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('cockpit-accountability').innerText()).toContain('问责提示');
    expect(await page.getByTestId('cockpit-tolerance').innerText()).toMatch(/已容错|不予容错/);
    await shot(page, 'assessment-cockpit');

    // The first unit's score: its lines add up to the figure shown.
    const figure = league.locator('[data-testid^="assess-total-"]').first();
    const shown = Number(await figure.innerText());
    await figure.click();
    const lines = page.getByTestId('score-lines').last();
    await lines.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await lines.locator('tbody tr.ant-table-row').first().textContent()).toMatch(/依据《/);
    const link = lines.locator('tbody tr.ant-table-row').first().locator('a[href^="/matters/"]');
    const number = (await link.innerText()).trim();
    expect(Number.isFinite(shown)).toBe(true);
    await link.click();
    await page.waitForURL(/\/matters\/\d+/);
    await expect.poll(async () => page.getByTestId('matter-number').innerText(), { timeout: 20_000 }).toContain(number);
  }, 120_000);

  it('满意率: rates and vote counts by kind; the office records a unit’s vote and drills into the votes', async () => {
    const page = await b.as('duchaban', { width: 1440, height: 900 });
    await page.goto('/assessment/satisfaction');
    const table = page.getByTestId('satisfaction-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('satisfaction-rule').innerText()).toContain('群众评价 50%');
    const firstUnit = (await table.locator('tbody tr.ant-table-row').first().locator('td').nth(1).innerText()).trim();
    await shot(page, 'assessment-satisfaction');

    const otherUnit = (await table.locator('tbody tr.ant-table-row').nth(1).locator('td').nth(1).innerText()).trim();
    await page.getByTestId('satisfaction-record').click();
    const form = page.getByTestId('satisfaction-form');
    // Pick by typing into the searchable select and taking the match (steadier than clicking an animating list).
    const choose = async (item: number, name: string) => {
      await form.locator('.ant-form-item').nth(item).locator('.ant-select').click();
      await page.keyboard.type(name);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active').filter({ hasText: name }).waitFor();
      await page.keyboard.press('Enter');
    };
    await choose(0, firstUnit);
    await form.getByText('单位互评').click();
    await choose(2, otherUnit);
    // 不满意 lowers the top unit's rate, so it may sort past the first page (50 rows): the table turns to the page
    // the unit is on now and marks its row.
    await form.getByText('不满意', { exact: true }).click();
    await page.locator('.ant-modal-footer').getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已录入').waitFor();
    await page.locator('.ant-modal-close').click();

    const rated = table.locator('tbody tr.ant-table-row-selected');
    await expect.poll(async () => (await rated.count()) === 1 && (await rated.locator('td').nth(1).innerText()).trim(), { timeout: 20_000 }).toBe(firstUnit);
    await rated.click();
    const votes = page.getByTestId('satisfaction-votes');
    await votes.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await votes.innerText()).toContain('单位互评：');
  }, 120_000);

  it('能上能下: flags with their evidence for the organisation department', async () => {
    const page = await b.as('duchaban', { width: 1440, height: 900 });
    await page.goto('/assessment/indicators');
    await page.getByTestId('indicators-down').waitFor();
    await expect.poll(async () => page.getByTestId('indicators').innerText(), { timeout: 20_000 }).toContain('读取季度');
    expect(await page.getByTestId('indicators').innerText()).toContain('不是结论');
    await shot(page, 'assessment-indicators');
  }, 120_000);

  it('the big screen shows the 考核 panel at 1920×1080 without pushing the page past the screen', async () => {
    const page = await b.as('shuji', { width: 1920, height: 1080 });
    await page.goto('/screen');
    await page.getByTestId('screen-assessment').locator('p').first().waitFor();
    await page.waitForTimeout(800); // the charts' entrance animation
    await snap(page, 'screen-assessment');
    const overflow = await page.evaluate(() => ({ x: document.documentElement.scrollWidth - window.innerWidth, y: document.documentElement.scrollHeight - window.innerHeight }));
    expect(overflow.x).toBeLessThanOrEqual(0);
    expect(overflow.y).toBeLessThanOrEqual(0);
    const panel = await page.getByTestId('screen-assessment').boundingBox();
    expect((panel?.y ?? 0) + (panel?.height ?? 0)).toBeLessThanOrEqual(1080);
  }, 120_000);
});
