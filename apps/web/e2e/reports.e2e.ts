import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, shanghaiDay as day, useBrowser } from './browser';

const b = useBrowser();
const SCREENSHOTS = path.resolve(new URL('.', import.meta.url).pathname, '../../../docs/screenshots');
describe('督查周报 as the leaders read it', () => {
  let reportId = 0;

  beforeAll(async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await loginAs(page, 'duchaban');
    const csrf = (await ctx.cookies()).find((c) => c.name === 'duban_csrf')?.value ?? '';
    const post = async (url: string, data: unknown) => {
      const res = await ctx.request.post(url, { data, headers: { 'x-csrf-token': csrf } });
      if (!res.ok()) throw new Error(`${url} → ${res.status()} ${await res.text()}`);
      return res.json() as Promise<{ id: number; version: number; sections: { summary: string }; figures: { warnings: Record<string, number>; warningsAtEnd?: Record<string, number> } }>;
    };
    const draft = await post('/api/reports', { kind: 'weekly', from: day(-7), to: day(-1) });
    // The demo has a warning history: the week's figures are not zero beside a ledger full of red.
    expect(Object.values(draft.figures.warningsAtEnd ?? {}).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(10);
    expect(draft.sections.summary).toContain('处于预警状态的事项');
    reportId = (await post(`/api/reports/${draft.id}/publish`, { version: draft.version })).id;
  });

  it('shows shuji a published issue as a document, not as disabled text boxes', async () => {
    const page = await b.as('shuji');
    await page.goto(`/reports/${reportId}`);
    const doc = page.getByTestId('report-document');
    await doc.waitFor();
    const text = await doc.innerText();
    expect(text).toMatch(/督办事项办理情况/);
    expect(text).toContain('一、总体情况');
    expect(text).toContain('处于预警状态的事项');
    expect(await page.locator('textarea, input[disabled]').count()).toBe(0);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'report-published-leader.png') });
  });
});
