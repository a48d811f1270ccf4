import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiCall, pickTreeOption, snap, useBrowser } from './browser';
import { gridAct } from './grid-actions';
import { photo } from './grid-photo';

// The side paths of a problem's flow (issue 16) clicked in the web UI. apiCall only brings a problem to the state a
// step starts from; the step under test is always done in the page.
const b = useBrowser();
const RUN = Date.now();
const pages = new Map<string, Page>();

async function as(username: string, opts: { width?: number; height?: number } = {}): Promise<Page> {
  const have = pages.get(username);
  if (have) return have;
  const page = await b.as(username, opts);
  pages.set(username, page);
  return page;
}

type Stage = 'reported' | 'registered' | 'dispatched' | 'handling' | 'handled' | 'closed';

/**
 * A problem in wangge's cell, reported by the office and brought (by API) to `stage`: dispatched to 五里堡 and done by
 * its 承办人, or (`self`) dispatched to the 网格长 wangge himself, who signs and handles it.
 */
async function problemAt(stage: Stage, what: string, self = false): Promise<string> {
  const office = await as('duchaban');
  const cats = await apiCall<{ items: { id: number; code: string }[] }>(office, 'get', '/api/grid/categories');
  const wangge = await as('wangge');
  const cells = await apiCall<{ items: { id: number }[] }>(wangge, 'get', '/api/grid/cells?mine=true');
  const r = await apiCall<{ id: string }>(office, 'post', '/api/grid/problems', { categoryId: cats.items.find((c) => c.code === 'SJ0101')?.id, description: `${what} ${RUN}`, cellId: cells.items[0]?.id });
  const order: Stage[] = ['reported', 'registered', 'dispatched', 'handling', 'handled', 'closed'];
  const upTo = order.indexOf(stage);
  const step = (who: Page, path: string, body: unknown = {}) => apiCall(who, 'post', `/api/grid/problems/${r.id}/${path}`, body);
  if (upTo >= 1) {
    await step(office, 'accept');
    await step(office, 'register');
  }
  if (upTo >= 2 && self) {
    const me = await apiCall<{ accountId: number }>(wangge, 'get', '/api/auth/me');
    await step(office, 'dispatch', { handlerAccountId: me.accountId });
  } else if (upTo >= 2) {
    const units = await apiCall<{ id: number; name: string }[] | { items: { id: number; name: string }[] }>(office, 'get', '/api/units');
    const list = Array.isArray(units) ? units : units.items;
    await step(office, 'dispatch', { unitId: list.find((u) => u.name === '五里堡街道办事处')?.id });
  }
  const handler = upTo >= 3 ? (self ? wangge : await as('handler')) : null;
  if (handler && upTo >= 3) await step(handler, 'sign');
  if (handler && upTo >= 4) await step(handler, 'handle', { result: '已清运', photoIds: [] });
  if (upTo >= 5) await step(office, 'verify', { pass: true, photoIds: [] });
  return r.id;
}

const statusOf = (page: Page) => page.getByTestId('grid-problem').locator('.ant-tag').nth(0).innerText();
const timeline = (page: Page) => page.getByTestId('grid-problem-timeline').innerText();

describe('网格问题 side paths in the browser (issue 16)', () => {
  it('即办: the 网格长 solves it on the spot from the phone with before and after photos; it is closed at once', async () => {
    const page = await as('wangge', { width: 375, height: 812 });
    await page.goto('/grid/phone');
    const cells = await apiCall<{ items: { id: number; name: string }[] }>(page, 'get', '/api/grid/cells?mine=true');
    const cell = cells.items[0];
    if (!cell) throw new Error('wangge has no cell');
    const detail = await apiCall<{ polygon: { coordinates: number[][][] } }>(page, 'get', `/api/grid/cells/${cell.id}`);
    const ring = (detail.polygon.coordinates[0] ?? []).slice(0, -1);
    await page.context().grantPermissions(['geolocation']);
    await page.context().setGeolocation({ longitude: ring.reduce((s, p) => s + (p[0] ?? 0), 0) / ring.length, latitude: ring.reduce((s, p) => s + (p[1] ?? 0), 0) / ring.length });
    await page.getByTestId('grid-phone-cells').getByText(cell.name).waitFor();

    await page.getByTestId('grid-report-instant').click();
    await page.getByTestId('grid-report-photos-input').setInputFiles(await photo(page, '#2d6a4f'));
    await page.getByTestId('grid-report-photos').locator('img').first().waitFor();
    await page.getByTestId('grid-report-locate').click();
    await page.getByText(/^已定位/).waitFor();
    await pickTreeOption(page, page.getByTestId('grid-report-category'), '非法小广告');
    await page.getByTestId('grid-report-description').fill(`单元门上张贴小广告 ${RUN}`);
    await page.getByTestId('grid-report-result').fill('已当场清除小广告');
    await page.getByTestId('grid-report-after-input').setInputFiles(await photo(page, '#c9ced4'));
    await page.getByTestId('grid-report-after').locator('img').first().waitFor();
    await page.getByTestId('grid-report-submit').click();
    const done = page.getByTestId('grid-report-done');
    await done.waitFor();
    await done.getByRole('button', { name: '查看问题' }).click();
    await page.getByTestId('grid-problem').waitFor();
    expect(await statusOf(page)).toBe('已结案');
    await page.getByTestId('grid-problem-photos').locator('[data-phase="before"] img').first().waitFor();
    await page.getByTestId('grid-problem-photos').locator('[data-phase="after"] img').first().waitFor();
    expect(await timeline(page)).toContain('已当场清除小广告');
  });

  it('不予立案 with a reason: the office refuses to register it; the reason is on the timeline', async () => {
    const id = await problemAt('reported', '不予立案测试');
    const page = await as('duchaban');
    await page.goto(`/grid/problems/${id}`);
    await gridAct(page, 'reject', async (modal) => {
      // Without a reason the form says what to fill in.
      await modal.locator('.ant-btn-primary').last().click();
      await modal.getByText('请填写理由').first().waitFor();
      await modal.getByTestId('grid-action-reason').fill('属物业管理区域，由物业自行处理');
    });
    await expect.poll(() => statusOf(page)).toBe('不予立案');
    expect(await timeline(page)).toContain('属物业管理区域');
  });

  it('退回: the street office sends a wrong dispatch back with the reason', async () => {
    const id = await problemAt('dispatched', '退回测试');
    const page = await as('handler');
    await page.goto(`/grid/problems/${id}`);
    await gridAct(page, 'return', async (modal) => {
      await modal.getByTestId('grid-action-reason').fill('该路段属城管局直管，非本街道职责');
    });
    await expect.poll(() => statusOf(page)).toBe('已立案');
    expect(await timeline(page)).toContain('非本街道职责');
  });

  it('延期: the handler asks for more time; the office approves it', async () => {
    const id = await problemAt('handling', '延期测试');
    const handler = await as('handler');
    await handler.goto(`/grid/problems/${id}`);
    await gridAct(handler, 'request_extension', async (modal) => {
      await modal.locator('input.ant-input-number-input').fill('8');
      await modal.getByTestId('grid-action-reason').fill('需协调环卫车辆，次日清运');
    });
    await handler.getByTestId('grid-problem-timeline').getByText('需协调环卫车辆').first().waitFor();
    const office = await as('duchaban');
    await office.goto(`/grid/problems/${id}`);
    await gridAct(office, 'decide_extension', async (modal) => {
      await modal.locator('.ant-radio-wrapper').first().click();
    });
    await expect.poll(async () => (await timeline(office)).includes('审批延期')).toBe(true);
    expect(await office.getByTestId('grid-problem').innerText()).toMatch(/延期 1 次/);
  });

  it('挂账: the office parks it with the reason and a review date', async () => {
    const id = await problemAt('registered', '挂账测试');
    const page = await as('duchaban');
    await page.goto(`/grid/problems/${id}`);
    const review = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await gridAct(page, 'park', async (modal) => {
      await modal.locator('.ant-picker input').click();
      await modal.locator('.ant-picker input').fill(review);
      await page.keyboard.press('Enter');
      await modal.getByTestId('grid-action-reason').fill('涉及拆迁安置，待片区改造统一解决');
    });
    await expect.poll(() => statusOf(page)).toBe('挂账');
    expect(await timeline(page)).toContain('待片区改造统一解决');
    expect(await page.getByTestId('grid-problem').innerText()).toContain(review);
  });

  it('核查: the handler may not check their own work (the reason is shown); a failed check sends it back for 返工', async () => {
    const id = await problemAt('handled', '返工测试', true);
    const leader = await as('wangge');
    await leader.goto(`/grid/problems/${id}`);
    await leader.getByTestId('grid-problem').waitFor();
    // Their 核查 button is there but disabled, and the reason is written beside it.
    expect(await leader.locator('[data-testid="grid-problem-actions"] [data-action="verify"]').isDisabled()).toBe(true);
    expect(await leader.getByTestId('grid-blocked-reason').innerText()).toContain('核查须由处置人以外的人员进行');
    const office = await as('duchaban');
    await office.goto(`/grid/problems/${id}`);
    await gridAct(office, 'verify', async (modal) => {
      await modal.getByText('不通过，返工').click();
      await modal.locator('.ant-btn-primary').last().click();
      await modal.getByText(/须写明原因|请写明/).first().waitFor();
      await modal.locator('textarea').first().fill('现场仍有垃圾残留');
    });
    await expect.poll(() => statusOf(office)).toBe('处置中');
    expect(await office.getByTestId('grid-problem').innerText()).toMatch(/返工 1 次/);
    expect(await timeline(office)).toContain('现场仍有垃圾残留');
  });

  it('回访 不满意: the first reopens the problem at the level that closed it', async () => {
    const id = await problemAt('closed', '回访不满意测试');
    const page = await as('duchaban');
    await page.goto(`/grid/problems/${id}`);
    await gridAct(page, 'visit', async (modal) => {
      await modal.getByText('不满意', { exact: true }).click();
      await modal.locator('textarea').first().fill('垃圾清运后又有人倾倒');
    });
    await expect.poll(() => statusOf(page)).toBe('已立案');
    expect(await page.getByTestId('grid-problem').innerText()).toMatch(/重办 1 次/);
    await snap(page, 'grid-sides-reopened');
  });
});
