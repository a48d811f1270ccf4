import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAs, useBrowser } from './browser';

const b = useBrowser();
const SCREENSHOTS = path.resolve(new URL('.', import.meta.url).pathname, '../../../docs/screenshots');

async function shot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

describe('assessment (督考一体)', () => {
  it('督查办 reads the league table, opens a unit’s score lines, the cadre archive and the 容错 decisions', async () => {
    const ctx = await b.context();
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

  it('督查办 reads the 加扣分 items with their documents and the 复核申诉 list with its clocks; the form asks before discarding', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await loginAs(page, 'duchaban');
    await page.goto('/assessment/items');
    const items = page.getByTestId('assessment-items');
    await items.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await items.textContent()).toMatch(/批示表扬[\s\S]*区委办批〔/);
    expect(await items.textContent()).toMatch(/通报批评/);
    // The 通报批评 carries its document; 督查办 adds a scan to the 批示表扬 too.
    expect(await items.getByTestId('item-files').getByText(/二七督通〔\d+〕13号\.pdf/).count()).toBe(1);
    const praise = items.locator('tbody tr.ant-table-row', { hasText: '批示表扬' }).first();
    await praise.getByTestId('item-attach').click();
    const attach = page.getByTestId('item-attach-form');
    await attach.locator('input[type=file]').setInputFiles({ name: '区委书记批示.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
    await attach.getByText('区委书记批示.pdf').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: /保\s*存/ }).click();
    await praise.getByText('区委书记批示.pdf').waitFor();
    await shot(page, 'assessment-items');
    // The score line of the 通报批评 (league table → the unit → its lines) shows the document and its file.
    const criticised = (await items.locator('tbody tr.ant-table-row', { hasText: '通报批评' }).first().locator('td').nth(1).textContent())?.trim() ?? '';
    await page.goto('/assessment');
    await page.getByTestId('league-table').first().locator('tbody tr.ant-table-row').first().waitFor();
    await page.locator('[data-testid=league-table] tbody tr.ant-table-row', { hasText: criticised }).first().click();
    const lines = page.getByTestId('score-lines').last();
    await lines.locator('tbody tr.ant-table-row').first().waitFor();
    const evidence = lines.getByTestId('line-evidence');
    // A unit at the bottom has many lines: the item's may be on a later page.
    for (let i = 0; i < 6 && (await evidence.count()) === 0; i++) await lines.locator('.ant-pagination-next').click();
    await evidence.first().waitFor();
    expect(await evidence.first().textContent()).toMatch(/依据：二七督通〔\d+〕13号[\s\S]*13号\.pdf/);
    await page.keyboard.press('Escape');
    await page.goto('/assessment/appeals');
    const appeals = page.getByTestId('appeals');
    await appeals.locator('tbody tr.ant-table-row').nth(1).waitFor();
    const text = (await appeals.textContent()) ?? '';
    expect(text).toMatch(/申诉[\s\S]*待决定/);
    expect(text).toMatch(/已更正 \+0\.5/);
    expect(text).toMatch(/剩 \d+ 天/);
    await shot(page, 'assessment-appeals');
    // The pending 申诉 is the leaders' to decide: 督查办 opens it read-only.
    await appeals.locator('tbody tr.ant-table-row').first().click();
    await page.getByRole('dialog').waitFor();
    expect(await page.getByTestId('appeal-decide').count()).toBe(0);
    await page.keyboard.press('Escape');
    await ctx.close();

    // A leader decides the 申诉: typing then closing asks first.
    const leaderCtx = await b.context();
    const leader = await leaderCtx.newPage();
    await loginAs(leader, 'shuji');
    await leader.goto('/assessment/appeals');
    const list = leader.getByTestId('appeals');
    await list.locator('tbody tr.ant-table-row').first().waitFor();
    await list.locator('tbody tr.ant-table-row').first().click();
    const form = leader.getByTestId('appeal-decide');
    await form.waitFor();
    await form.locator('textarea').fill('正在研究');
    await leader.keyboard.press('Escape');
    await leader.getByRole('button', { name: '放弃并关闭' }).waitFor();
    await shot(leader, 'assessment-appeal-decide');
    await leader.getByRole('button', { name: '放弃并关闭' }).click();
    // The leaders extend the pending 申诉's decision deadline (once, ≤ 30 days).
    await list.getByTestId('appeal-extend').first().click();
    const ext = leader.getByTestId('appeal-extend-form');
    await ext.locator('textarea').fill('涉及多个配合单位，需逐一核实');
    await leader.getByRole('dialog').getByRole('button', { name: /保\s*存/ }).click();
    await list.getByTestId('appeal-extended').first().waitFor();
    expect(await list.getByTestId('appeal-extend').count()).toBe(0);
    await leaderCtx.close();
  }, 120_000);
});
