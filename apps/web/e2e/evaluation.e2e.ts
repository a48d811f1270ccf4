import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowser } from './browser';

const b = useBrowser();
const SCREENSHOTS = path.resolve(new URL('.', import.meta.url).pathname, '../../../docs/screenshots');

describe('季评 (quarterly division evaluation)', () => {
  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  it('shows the office last quarter’s result table with the seed’s columns and the 后进 division’s 整改事项', async () => {
    const page = await b.as('duchaban', { width: 1600, height: 900 });
    await page.goto('/evaluation');
    await page.getByTestId('evaluation').waitFor();
    // The newest round (this quarter, open) first; last quarter's carries the 整改.
    await page.locator('.ant-select').first().click();
    await page.getByTitle(/第三季度处室季评/).click();
    const table = page.getByTestId('evaluation-table');
    for (const h of ['序号', '单位', '参加评议的处室（个）', '本机关处室排名情况', '排名后处室存在的突出问题', '整改措施']) await table.getByRole('columnheader', { name: h, exact: true }).waitFor();
    const street = table.getByRole('row').filter({ hasText: '五里堡街道办事处' });
    await street.getByText('服务群众主动性不强', { exact: false }).waitFor();
    const text = await street.innerText();
    expect(text).toContain('社区建设办');
    expect(text).toMatch(/二七督〔2026〕\d+号/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'evaluation-table.png'), fullPage: true });
  }, 120_000);

  it('lets a rater score their divisions on a phone', async () => {
    const page = await b.as('handler', { width: 375, height: 812 });
    await page.goto('/evaluation/rate');
    const card = page.locator('[data-testid^="rate-"]').first();
    await card.waitFor();
    expect(await card.innerText()).toContain('五里堡街道办事处');
    await card.getByLabel('创新工作').fill('78');
    await card.getByRole('button', { name: '提交评分' }).click();
    await page.getByText('已保存').waitFor();
    await card.getByText('已评', { exact: true }).waitFor();
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'evaluation-rate-375.png') });
  }, 120_000);
});
