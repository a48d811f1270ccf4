import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, shanghaiDay as day, useBrowser } from './browser';

const b = useBrowser();
const SCREENSHOTS = path.resolve(new URL('.', import.meta.url).pathname, '../../../docs/screenshots');
const FULL_HD = { width: 1920, height: 1080 };

/** A signed-in API client (the page's cookies, with the CSRF token for writes). */
async function apiAs(username: string): Promise<{ request: APIRequestContext; csrf: string; page: Page }> {
  const ctx = await b.context();
  const page = await ctx.newPage();
  await loginAs(page, username);
  const csrf = (await ctx.cookies()).find((c) => c.name === 'duban_csrf')?.value ?? '';
  return { request: ctx.request, csrf, page };
}

async function call<T>(who: { request: APIRequestContext; csrf: string }, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const res = await who.request.fetch(url, { method, data, headers: { 'x-csrf-token': who.csrf } });
  if (!res.ok()) throw new Error(`${method} ${url} → ${res.status()} ${await res.text()}`);
  return res.json();
}

async function shot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

describe('leader cockpit and big screen', () => {
  let liaison: { request: APIRequestContext; csrf: string };
  let wulibaoMatter = 0;

  beforeAll(async () => {
    // 督查办 registers and assigns matters across units and sources; 五里堡's liaison signs and reports on its own.
    const office = await apiAs('duchaban');
    liaison = await apiAs('liaison');
    const units = (await call<{ items: { id: number; name: string; kind: string }[] }>(office, 'GET', '/api/units')).items.filter((u) => u.kind !== 'division' && u.name !== '区领导');
    const categoryIds = (await call<{ items: { id: number }[] }>(office, 'GET', '/api/categories')).items.map((c) => c.id);
    const wulibao = units.find((u) => u.name === '五里堡街道办事处');
    const picks = [wulibao, ...units.filter((u) => u !== wulibao).slice(0, 11)];
    const sources = ['superior', 'leader_instruction', 'key_work', 'major_project', 'meeting', 'citizen'];
    for (const [i, unit] of picks.entries()) {
      if (!unit) continue;
      const source = sources[i % sources.length];
      const m = await call<{ id: number; version: number }>(office, 'POST', '/api/matters', {
        title: `${unit.name}${['老旧小区改造', '背街小巷整治', '重点项目征迁', '营商环境提升', '信访积案化解', '安全生产排查'][i % 6]}`,
        content: '浏览器测试登记的督办事项',
        source,
        categoryId: categoryIds[i % categoryIds.length],
        leadUnitId: unit.id,
        startDate: day(-60),
        // A third are already past their deadline: overdue once assigned.
        deadline: i % 3 === 0 ? day(-5 - i) : day(20 + i),
        investmentPlan: source === 'major_project' ? 12000 : null,
      });
      await call(office, 'POST', `/api/matters/${m.id}/assign`, { version: m.version });
      if (unit === wulibao) wulibaoMatter = m.id;
    }
    await call(liaison, 'POST', `/api/matters/${wulibaoMatter}/sign`, {});
    await call(liaison, 'POST', `/api/matters/${wulibaoMatter}/reports`, { progress: 35, text: '已完成 4 条背街小巷路面整修' });
  });

  it('书记 opens the cockpit and a figure lands on the ledger listing exactly that many matters', async () => {
    const ctx = await b.context(FULL_HD);
    const page = await ctx.newPage();
    await loginAs(page, 'shuji');
    await page.getByTestId('main-menu').getByText('领导驾驶舱').click();
    await page.getByTestId('cockpit').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('kpi-all-value').innerText())).toBeGreaterThanOrEqual(12);
    await page.waitForTimeout(800); // let the charts finish their entrance animation
    await shot(page, 'cockpit');

    for (const kpi of ['kpi-all', 'kpi-overdue']) {
      await page.goto('/cockpit');
      const shown = Number(await page.getByTestId(`${kpi}-value`).innerText());
      await page.getByTestId(kpi).click();
      await page.waitForURL(/\/matters\?/);
      const query = new URL(page.url()).search;
      expect(query).toContain('createdFrom=');
      const api = await ctx.request.get(`/api/matters${query}&limit=1`);
      expect((await api.json()).total).toBe(shown);
      // The ledger page (matters-web) shows the same total.
      await expect.poll(async () => page.getByTestId('ledger-total').innerText(), { timeout: 20_000 }).toBe(`共 ${shown} 项`);
    }
  });

  it('the big screen shows a new progress report without a reload', async () => {
    const page = await b.as('shuji', FULL_HD);
    await page.goto('/screen');
    await page.getByTestId('screen').waitFor();
    await expect.poll(async () => page.getByTestId('screen-live').innerText(), { timeout: 20_000 }).toBe('实时');
    const marker = `大屏实时测试：完成第 ${Date.now() % 1000} 号路段照明改造`;
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await call(liaison, 'POST', `/api/matters/${wulibaoMatter}/reports`, { progress: 60, text: marker });
    await expect.poll(async () => page.getByTestId('screen-feed').innerText(), { timeout: 20_000 }).toContain(marker);
    expect(navigations).toEqual([]);
    await page.waitForTimeout(600);
    await shot(page, 'screen');
  });
});
