import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { snap, useBrowser } from './browser';

const b = useBrowser();
const FULL_HD = { width: 1920, height: 1080 };

/** Switches the signed-in page to English (the language is remembered in the browser) and reloads. */
async function english(page: Page): Promise<void> {
  await page.evaluate(() => localStorage.setItem('duban.lang', 'en'));
  await page.reload();
}

/**
 * The league table's headings as drawn: each heading's text boxes (one per line) must stay inside its own cell and
 * clear of every other heading's text.
 */
async function headingOverlaps(page: Page): Promise<string[]> {
  return page.getByTestId('screen-league').evaluate((table) => {
    const cells = [...table.querySelectorAll('thead th')];
    const boxes = cells.map((th) => {
      const range = document.createRange();
      range.selectNodeContents(th);
      return { text: th.textContent ?? '', cell: th.getBoundingClientRect(), lines: [...range.getClientRects()] };
    });
    const problems: string[] = [];
    const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    for (const [i, a] of boxes.entries()) {
      for (const r of a.lines) {
        if (r.left < a.cell.left - 0.5 || r.right > a.cell.right + 0.5) problems.push(`"${a.text}" runs out of its cell`);
        for (const b of boxes.slice(i + 1)) if (b.lines.some((q) => overlap(r, q))) problems.push(`"${a.text}" overlaps "${b.text}"`);
      }
    }
    return problems;
  });
}

describe('each role lands where its work is; the big screen and English read cleanly', () => {
  it('督查办 lands on a 待我处理 tab with work waiting, not an empty 待签收', async () => {
    const page = await b.as('duchaban');
    const active = page.getByTestId('matters-todo').locator('.ant-tabs-tab-active [data-testid^="todo-"]');
    await active.waitFor();
    const count = Number(/\d+/.exec(await active.innerText())?.[0] ?? 0);
    expect(count, `${await active.getAttribute('data-testid')} is open`).toBeGreaterThan(0);
    expect(['todo-to_review_completion', 'todo-to_approve_extension', 'todo-to_sign', 'todo-to_report', 'todo-overdue']).toContain(await active.getAttribute('data-testid'));
    await snap(page, 'workbench-office');
  });

  it('书记 lands on the cockpit, not on 暂无待办', async () => {
    const page = await b.as('shuji');
    await page.getByTestId('cockpit').waitFor();
    expect(new URL(page.url()).pathname).toBe('/cockpit');
    expect(await page.getByText('暂无待办').count()).toBe(0);
  });

  it('the big screen at 1920×1080: league headings do not run into each other, in Chinese and in English', async () => {
    const page = await b.as('shuji', FULL_HD);
    await page.goto('/screen');
    await page.getByTestId('screen-league').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('screen-league').locator('thead').innerText()).toContain('事项总数');
    expect(await headingOverlaps(page)).toEqual([]);
    await page.waitForTimeout(800); // the charts' entrance animation
    await snap(page, 'screen-1920');

    await english(page);
    await page.getByTestId('screen-league').locator('tbody tr').first().waitFor();
    expect(await headingOverlaps(page)).toEqual([]);
    // 书记 sees the matters he oversees or leads, said in English.
    const top = await page.locator('.screen-top-left').innerText();
    expect(top).toMatch(/^Overseen or led by /);
    expect(top).not.toMatch(/全区|分管|牵头/);
    await snap(page, 'screen-1920-en');
  });

  it('English: the issue of a report, its matter tags and the cockpit scope are translated', async () => {
    const page = await b.as('duchaban');
    const csrf = (await page.context().cookies()).find((c) => c.name === 'duban_csrf')?.value ?? '';
    const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86400_000).toISOString().slice(0, 10);
    const res = await page.request.post('/api/reports', { data: { kind: 'weekly', from: day(-60), to: day(0) }, headers: { 'x-csrf-token': decodeURIComponent(csrf) } });
    expect(res.ok(), await res.text()).toBe(true);
    const report = (await res.json()) as { id: number; seq: number; figures: { matters: { tags: string[] }[] } };
    expect(report.figures.matters.some((m) => m.tags.length > 0)).toBe(true);

    await english(page);
    await page.goto('/reports');
    await page.getByTestId('reports').locator('tr.ant-table-row').first().waitFor();
    const list = await page.getByTestId('reports').innerText();
    expect(list).toContain(`No. ${report.seq}`);
    expect(list).not.toMatch(/第\d+期/);

    await page.goto(`/reports/${report.id}`);
    await page.getByTestId('report-editor').locator('.ant-table-row .ant-tag').first().waitFor();
    const tags = await page.getByTestId('report-editor').locator('.ant-table-row .ant-tag').allInnerTexts();
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(['New', 'Closed', 'Warned', 'Overdue', 'Decided', 'Done', '督查']).toContain(tag); // Decided, Done: a 例会 decision's matter
    expect(await page.getByTestId('report-editor').innerText()).not.toMatch(/第\d+期/);

    await page.goto('/cockpit');
    await page.getByTestId('cockpit').waitFor();
    await expect.poll(() => page.getByTestId('cockpit').innerText()).toContain('Whole district');
    expect(await page.getByTestId('cockpit').innerText()).not.toContain('全区');
  });

  it('a file over the server limit is refused in the browser, in Chinese, and never sent', async () => {
    const page = await b.as('duchaban');
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/attachments')) sent.push(r.url());
    });
    await page.goto('/matters');
    await page.getByTestId('register-matter').click();
    await page.getByTestId('matter-form').waitFor();
    // A 30 MB file on disk (sparse), handed to the file input by path.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-upload-'));
    const big = path.join(dir, '现场录像.mp4');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 30 * 1024 * 1024);
    await page.getByTestId('matter-form').locator('input[type=file]').setInputFiles(big);
    fs.rmSync(dir, { recursive: true, force: true });
    const toast = page.locator('.ant-message-notice').filter({ hasText: '现场录像.mp4' });
    await toast.waitFor();
    expect(await toast.innerText()).toContain('有 30 MB，超过了 20 MB 的上限，未上传');
    await snap(page, 'upload-too-large');
    await page.waitForTimeout(500);
    expect(sent).toEqual([]);
    expect(await page.getByTestId('matter-form').locator('.ant-upload-list-item').count()).toBe(0);
  });
});
