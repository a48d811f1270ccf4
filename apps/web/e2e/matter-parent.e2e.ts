import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, loginAs, newContext, shanghaiDay as day } from './browser';

// A parent's progress on its page combines its own reports and its children's (issue 12, item 6).
let browser: Browser;
const contexts: BrowserContext[] = [];
const TAG = `进度测试${Date.now() % 100000}`;

async function as(username: string): Promise<Page> {
  const ctx = await newContext(browser);
  contexts.push(ctx);
  const page = await ctx.newPage();
  await loginAs(page, username);
  return page;
}

async function call<T>(page: Page, url: string, data: unknown = {}): Promise<T> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'duban_csrf')?.value ?? '';
  const res = await page.request.post(url, { data, headers: { 'x-csrf-token': decodeURIComponent(csrf) } });
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()) as T;
}

describe('a parent matter\'s progress', () => {
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
  });

  it('shows its own report combined with its children\'s, and says how', async () => {
    const office = await as('duchaban');
    const liaison = await as('liaison');
    const units = await (await office.request.get('/api/units')).json();
    const unit = units.items.find((u: { name: string }) => u.name === '五里堡街道办事处');
    const body = { content: '', source: 'key_work', leadUnitId: unit.id, startDate: day(0), deadline: day(60) };
    const parent = await call<{ id: number; version: number }>(office, '/api/matters', { ...body, title: `城市更新（${TAG}）` });
    await call(office, `/api/matters/${parent.id}/assign`, { version: parent.version });
    await call(liaison, `/api/matters/${parent.id}/sign`);
    await call(office, `/api/matters/${parent.id}/children`, { ...body, title: `拆迁清零（${TAG}）` });
    await call(liaison, `/api/matters/${parent.id}/reports`, { progress: 25, text: '本级完成方案' });

    await office.goto(`/matters/${parent.id}`);
    await office.getByTestId('matter-page').waitFor();
    await expect.poll(() => office.getByTestId('progress-parts').innerText()).toContain('本级汇报 25%');
    expect(await office.getByTestId('matter-page').innerText()).toContain('12.5');
  });
});
