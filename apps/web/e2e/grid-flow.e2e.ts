import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiCall, pickTreeOption, useBrowser } from './browser';
import { gridAct } from './grid-actions';
import { photo } from './grid-photo';

const b = useBrowser();
const SCREENSHOTS = path.resolve(new URL('.', import.meta.url).pathname, '../../../docs/screenshots');
const DESCRIPTION = `浏览器测试：人行道井盖旁堆放建筑垃圾 ${Date.now()}`;

describe('网格问题 from the phone to closure (issue 16)', () => {
  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  let problemId = '';
  let ticket = '';
  let cellName = '';

  it('a 网格长 at 375×812 lands on the phone page and reports a problem with a photo and GPS', async () => {
    const page = await b.as('wangge', { width: 375, height: 812 });
    await page.getByTestId('grid-phone').waitFor();
    expect(page.url()).toContain('/grid/phone');
    // Their cell's outline gives a point inside it for the phone's GPS.
    const cells = await apiCall<{ items: { id: number; name: string }[] }>(page, 'get', '/api/grid/cells?mine=true');
    const cell = cells.items[0];
    if (!cell) throw new Error('wangge has no cell');
    cellName = cell.name;
    const detail = await apiCall<{ polygon: { type: string; coordinates: number[][][] } }>(page, 'get', `/api/grid/cells/${cell.id}`);
    const ring = (detail.polygon.coordinates[0] ?? []).slice(0, -1);
    const at = { longitude: ring.reduce((s, p) => s + (p[0] ?? 0), 0) / ring.length, latitude: ring.reduce((s, p) => s + (p[1] ?? 0), 0) / ring.length };
    await page.context().grantPermissions(['geolocation']);
    await page.context().setGeolocation(at);
    await page.getByTestId('grid-phone-cells').getByText(cell.name).waitFor();

    await page.getByTestId('grid-report-photos-input').setInputFiles(await photo(page, '#7a5230'));
    await page.getByTestId('grid-report-photos').locator('img').first().waitFor();
    await page.getByTestId('grid-report-locate').click();
    await page.getByText(/^已定位/).waitFor();
    await page.getByText(`${cell.name}内`, { exact: false }).first().waitFor();
    await pickTreeOption(page, page.getByTestId('grid-report-category'), '暴露垃圾');
    await page.getByTestId('grid-report-description').fill(DESCRIPTION);
    // No horizontal scrolling at 375 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-phone.png'), fullPage: true });

    // A weak network: the report reaches the server but the answer is lost. The page keeps the draft and offers
    // 重试; the retry carries the same Idempotency-Key, so the server answers with the problem it already made.
    // The demo's own problems (seed/demo-grid-problems.ts) include one wangge reported.
    const before = await apiCall<{ total: number }>(page, 'get', '/api/grid/problems?mine=reported');
    let dropped = 0;
    await page.route('**/api/grid/problems', async (route) => {
      if (route.request().method() !== 'POST' || dropped > 0) return route.fallback();
      dropped += 1;
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    await page.getByTestId('grid-report-submit').click();
    const failed = page.getByTestId('grid-report-failed');
    await failed.waitFor();
    expect(await page.getByTestId('grid-report-description').inputValue()).toBe(DESCRIPTION);
    await failed.getByRole('button', { name: /重\s*试/ }).click();
    const done = page.getByTestId('grid-report-done');
    await done.waitFor();
    const title = (await done.locator('.ant-result-title').textContent()) ?? '';
    ticket = /编号\s*([A-Z0-9]+)/.exec(title)?.[1] ?? '';
    expect(ticket).toMatch(/^WG\d+$/);
    await page.unroute('**/api/grid/problems');
    // One problem, not two: the retry was answered with the first attempt's result.
    const reported = await apiCall<{ total: number; items: { ticket: string }[] }>(page, 'get', '/api/grid/problems?mine=reported');
    expect(reported.total).toBe(before.total + 1);
    expect(reported.items.filter((p) => p.ticket === ticket)).toHaveLength(1);
    await done.getByRole('button', { name: '查看问题' }).click();
    await page.getByTestId('grid-problem').waitFor();
    problemId = page.url().split('/').pop() ?? '';
    expect(await page.getByTestId('grid-problem-basics').textContent()).toContain(cell.name);
    await page.getByTestId('grid-problem-map').waitFor();
  });

  it('appears in the office queue in the right cell; the office accepts, registers and dispatches it', async () => {
    // A few more reports from both demo 网格长 (by API, the cell picked by hand), so the queue reads like a day's work.
    const other = await b.as('wangge2');
    for (const [who, code, description, urgency] of [
      [other, 'SJ0401', '升龙广场东门早市占道经营，影响通行', 'normal'],
      [other, 'BJ0102', '升龙社区3号楼前路灯连续三晚不亮', 'urgent'],
      [other, 'BJ0101', '淮河路与政通路口井盖缺失，已临时围挡', 'critical'],
    ] as const) {
      const cats = await apiCall<{ items: { id: number; code: string }[] }>(who, 'get', '/api/grid/categories');
      const mine = await apiCall<{ items: { id: number }[] }>(who, 'get', '/api/grid/cells?mine=true');
      await apiCall(who, 'post', '/api/grid/problems', { categoryId: cats.items.find((c) => c.code === code)?.id, description, urgency, cellId: mine.items[0]?.id });
    }
    const page = await b.as('duchaban');
    await page.goto(`/grid/problems?q=${encodeURIComponent(ticket)}`);
    const row = page.getByTestId('grid-queue-table').locator('tbody tr', { hasText: ticket });
    await row.waitFor();
    expect(await row.textContent()).toContain(cellName);
    expect(await row.locator('[data-colour]').count()).toBe(1);
    await page.goto('/grid/problems');
    await page.getByTestId('grid-queue-table').locator('tbody tr', { hasText: ticket }).waitFor();
    await page.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-queue.png') });

    await page.goto(`/grid/problems/${problemId}`);
    await gridAct(page, 'accept');
    await gridAct(page, 'register');
    await gridAct(page, 'dispatch', async (modal) => {
      await pickTreeOption(page, modal.getByTestId('grid-action-unit'), '五里堡街道办事处');
    });
    await page.getByTestId('grid-problem').getByText('已派遣').first().waitFor();
  });

  it('the street office signs and handles it with an after-photo; the handler cannot check their own work', async () => {
    const page = await b.as('handler');
    await page.goto(`/grid/problems/${problemId}`);
    await gridAct(page, 'sign');
    await gridAct(page, 'handle', async (modal) => {
      await modal.getByTestId('grid-action-result').fill('已清运建筑垃圾，恢复人行道通行');
      await modal.getByTestId('grid-action-photos-input').setInputFiles(await photo(page, '#c9ced4'));
      await modal.getByTestId('grid-action-photos').locator('img').first().waitFor();
    });
    await page.getByTestId('grid-problem-photos').locator('[data-phase="after"] img').first().waitFor();
    expect(await page.locator('[data-testid="grid-problem-actions"] [data-action="verify"]').count()).toBe(0);
  });

  it('the 网格长 checks it from the phone’s 核查 list; it closes; the office rates it at the follow-up visit', async () => {
    const phone = await b.as('wangge', { width: 375, height: 812 });
    await phone.getByTestId('grid-phone-tabs').getByText('核查任务').click();
    await phone.getByTestId('grid-phone-verify').locator('.ant-list-item', { hasText: ticket }).click();
    await phone.getByTestId('grid-problem').waitFor();
    await gridAct(phone, 'verify', async (modal) => {
      await modal.getByText('通过，结案').click();
    });
    await phone.getByTestId('grid-problem').getByText('已结案').first().waitFor();

    const page = await b.as('duchaban');
    await page.goto(`/grid/problems/${problemId}`);
    await gridAct(page, 'visit', async (modal) => {
      await modal.getByText('满意', { exact: true }).click();
    });
    await page.getByTestId('grid-problem').getByText('已回访').first().waitFor();
    const timeline = (await page.getByTestId('grid-problem-timeline').textContent()) ?? '';
    for (const step of ['上报', '受理', '立案', '派遣', '签收', '处置', '核查', '回访']) expect(timeline).toContain(step);
    expect((await page.getByTestId('grid-problem-holds').locator('tbody tr').count()) >= 1).toBe(true);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-problem.png'), fullPage: true });
    await phone.goto(`/grid/problems/${problemId}`);
    await phone.getByTestId('grid-problem-photos').locator('[data-phase="after"] img').first().waitFor();
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'grid-problem-phone.png'), fullPage: true });
  });
});
