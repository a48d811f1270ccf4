import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, loginAs, newContext } from './browser';

let browser: Browser;
const SCREENSHOTS = path.resolve(new URL('.', import.meta.url).pathname, '../../../docs/screenshots');

async function shot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

describe('assessment (督考一体)', () => {
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('督查办 reads the league table, opens a unit’s score lines, the cadre archive and the 容错 decisions', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await loginAs(page, 'duchaban');
    await page.goto('/assessment');
    const table = page.getByTestId('league-table').first();
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByText('街道（乡镇）排名').count()).toBe(1);
    await shot(page, 'assessment-league');
    await table.locator('tbody tr.ant-table-row').first().click();
    const lines = page.getByTestId('score-lines').last();
    await lines.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await lines.locator('tbody tr.ant-table-row').first().textContent()).toMatch(/依据《督查考核办法（默认）》/);
    await shot(page, 'assessment-lines');
    await page.goto('/assessment/cadres');
    await page.getByTestId('archive-table').locator('tbody tr.ant-table-row').first().waitFor();
    await shot(page, 'assessment-archive');
    await page.goto('/assessment/tolerance');
    await page.getByTestId('tolerance').locator('tbody tr.ant-table-row').nth(1).waitFor();
    expect(await page.getByTestId('tolerance').textContent()).toMatch(/已容错[\s\S]*不予容错|不予容错[\s\S]*已容错/);
    await ctx.close();
  }, 120_000);
});
