import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiCall as call, pickLeadUnit, snap, useBrowser } from './browser';

const b = useBrowser();
const TAG = `测试${Date.now() % 100000}`;
const TITLE = `五里堡辖区背街小巷整治（${TAG}）`;
let matterUrl = '';

// A 1×1 PNG, for the camera input.
const PHOTO = { name: '现场.png', mimeType: 'image/png', buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64') };

const day = (offset: number) => {
  const d = new Date(Date.now() + 8 * 3600_000 + offset * 86400_000); // Asia/Shanghai calendar date
  return d.toISOString().slice(0, 10);
};

/** The lifecycle state shown in the matter page's header. */
const headerStatus = (page: Page) => page.getByTestId('matter-page').locator('[data-status]').first().getAttribute('data-status');

/** Clicks an action button, fills its modal and submits it; waits for the modal to close. */
async function act(page: Page, action: string, fill?: (modal: ReturnType<Page['locator']>) => Promise<void>) {
  await page.locator(`[data-action="${action}"]`).click();
  const modal = page.locator('.ant-modal').last();
  await modal.waitFor();
  if (fill) await fill(modal);
  await modal.locator('.ant-modal-footer .ant-btn-primary').click();
  try {
    await modal.waitFor({ state: 'hidden' });
  } catch (e) {
    // Say what the form or the server complained about, not only that the modal stayed.
    const text = await modal.innerText().catch(() => '');
    const toast = await page.locator('.ant-message, .ant-notification').innerText().catch(() => '');
    throw new Error(`the ${action} modal stayed open: ${text} ${toast}`, { cause: e });
  }
}

/** Chooses a person in a modal's multiple person picker, and checks the choice took. */
async function pickRecipient(page: Page, modal: ReturnType<Page['locator']>, name: string) {
  const item = modal.locator('.ant-form-item').filter({ has: page.locator('#recipients') });
  for (let attempt = 0; attempt < 3; attempt++) {
    await modal.locator('#recipients').click();
    await modal.locator('#recipients').fill(name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().click();
    await modal.locator('.ant-modal-title').click(); // closes the dropdown; Escape could close the modal too
    if ((await item.locator('.ant-select-selection-item').allInnerTexts()).some((x) => x.includes(name))) return;
  }
  throw new Error(`could not choose ${name}`);
}

async function openMatter(page: Page) {
  await page.goto(matterUrl);
  await page.getByTestId('matter-page').waitFor();
}

async function report(page: Page, progress: number, text: string) {
  await openMatter(page);
  await page.locator('[data-action="report"]').click();
  await page.getByTestId('report-page').waitFor();
  await page.getByTestId('progress-input').fill(String(progress));
  await page.getByLabel('汇报内容').fill(text);
  await page.getByTestId('report-submit').click();
  await page.getByTestId('matter-page').waitFor();
  await expect.poll(() => page.getByTestId('report-list').innerText()).toContain(text);
}

describe('a supervised matter from registration to archive', () => {
  it('the ledger lists, filters and counts matters as the URL says', async () => {
    const page = await b.as('duchaban');
    const units: { id: number; name: string; kind: string }[] = (await (await page.request.get('/api/units')).json()).items.filter((u: { kind: string }) => u.kind !== 'division');
    const people: { id: number; leaderOfUnitIds: number[] }[] = (await (await page.request.get('/api/people?limit=500')).json()).items;
    const leaders = people.filter((p) => p.leaderOfUnitIds.length > 0);
    const categories: { id: number }[] = (await (await page.request.get('/api/categories')).json()).items;
    const titles = ['大学路沿线老旧小区改造', '嵩山路积水点改造', '长江路便民市场建设', '二七广场周边交通秩序整治', '京广路快速化工程征迁', '淮河路街道背街小巷照明提升'];
    const sources = ['key_work', 'citizen', 'major_project', 'meeting', 'superior', 'leader_instruction'];
    let assigned = 0;
    for (const [i, title] of titles.entries()) {
      const m = await call<{ id: number; version: number }>(page, 'post', '/api/matters', {
        title: `${title}（${TAG}）`,
        content: `${title}，按节点推进，按期办结。`,
        source: sources[i],
        categoryId: categories[i % categories.length]?.id ?? null,
        leadLeaderId: leaders[i % Math.max(1, leaders.length)]?.id ?? null,
        leadUnitId: units[(i * 7) % units.length]?.id,
        coUnitIds: i % 2 ? [units[(i * 7 + 3) % units.length]?.id] : [],
        startDate: day(-20 - i * 5),
        deadline: day(10 + i * 15),
        milestones: [{ date: day(-5), plannedProgress: 40, description: '完成方案和招标' }],
        priority: i === 4 ? 'urgent' : 'normal',
      });
      if (i % 2 === 0) {
        await call(page, 'post', `/api/matters/${m.id}/assign`, { version: m.version });
        assigned++;
      }
    }
    await page.goto(`/matters?q=${encodeURIComponent(TAG)}`);
    await expect.poll(() => page.getByTestId('ledger-total').innerText()).toContain(`共 ${titles.length} 项`);
    await page.goto(`/matters?q=${encodeURIComponent(TAG)}&status=assigned`);
    await expect.poll(() => page.getByTestId('ledger-total').innerText()).toContain(`共 ${assigned} 项`);
    expect(await page.getByTestId('ledger-table').locator('tr.ant-table-row').count()).toBe(assigned);
  });

  it('督查办 registers a matter on the ledger and assigns it', async () => {
    const page = await b.as('duchaban');
    await page.getByTestId('main-menu').getByText('督办台账').click();
    await page.getByTestId('ledger-table').waitFor();
    await page.getByTestId('register-matter').click();
    const form = page.getByTestId('matter-form');
    await form.waitFor();
    await page.getByLabel('事项标题').fill(TITLE);
    await page.getByLabel('事项内容').fill('对辖区 12 条背街小巷路面、照明、绿化进行整治，做到路平、灯亮、景美。');
    await pickLeadUnit(page, '五里堡街道办事处');
    await page.locator('#deadline').click();
    await page.locator('#deadline').fill(day(40));
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '添加节点' }).click();
    await page.getByPlaceholder('节点日期').fill(day(20));
    await page.keyboard.press('Enter');
    await page.getByPlaceholder('计划进度').fill('50');
    await page.getByPlaceholder('节点内容，如：完成招标').fill('完成一半路段');
    await snap(page, 'matter-form');
    await page.getByTestId('matter-save').click();
    await page.getByTestId('matter-page').waitFor();
    matterUrl = new URL(page.url()).pathname;
    expect(matterUrl).toMatch(/^\/matters\/\d+$/);
    expect(await headerStatus(page)).toBe('registered');

    await act(page, 'assign', (m) => m.getByLabel('交办意见').fill('请于 3 个工作日内签收'));
    await expect.poll(() => headerStatus(page)).toBe('assigned');
  });

  it('the liaison finds it to sign on the workbench, signs and reports twice', async () => {
    const page = await b.as('liaison');
    // The workbench lists the most pressing few; the new matter is counted among those to sign.
    await expect.poll(async () => Number(/\d+/.exec(await page.getByTestId('todo-to_sign').innerText())?.[0] ?? 0)).toBeGreaterThan(0);
    await snap(page, 'workbench-liaison-matters');
    // 查看全部 lists on the ledger exactly the matters the workbench counted, the new one among them.
    const toSign = Number(/\d+/.exec(await page.getByTestId('todo-to_sign').innerText())?.[0] ?? 0);
    await page.getByTestId('todo-all-to_sign').click();
    await expect.poll(() => page.getByTestId('ledger-total').innerText()).toContain(`共 ${toSign} 项`);
    await page.getByTestId('ledger-table').getByText(TITLE).waitFor();
    await openMatter(page);
    await act(page, 'sign');
    await expect.poll(() => headerStatus(page)).toBe('in_progress');
    await report(page, 30, '已完成 4 条路段的路面修补，照明改造进场施工。');
    await page.waitForTimeout(1500); // the chart's drawing animation
    await snap(page, 'matter-page');
  });

  it('in English the workbench and the ledger name sections and sources in English', async () => {
    const page = await b.as('liaison');
    await page.evaluate(() => localStorage.setItem('duban.lang', 'en'));
    await page.reload();
    await expect.poll(() => page.getByTestId('todo-to_sign').innerText()).toContain('To sign for');
    await page.goto(`/matters?q=${encodeURIComponent(TITLE)}`);
    await expect.poll(() => page.getByTestId('ledger-table').locator('tr.ant-table-row').first().innerText()).toContain('Key work');
  });

  it('the second report comes from a 375 px phone: the form fits, with big touch targets and the camera', async () => {
    const phone = await b.as('liaison', { width: 375, height: 812 });
    await openMatter(phone);
    await phone.locator('[data-action="report"]').click();
    await phone.getByTestId('report-page').waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const submit = await phone.getByTestId('report-submit').boundingBox();
    expect(submit?.height ?? 0).toBeGreaterThanOrEqual(44);
    expect(submit?.width ?? 0).toBeGreaterThan(280);
    const camera = phone.locator('input[type=file][capture=environment]');
    expect(await camera.count()).toBeGreaterThan(0);
    expect(await camera.first().getAttribute('accept')).toBe('image/*');
    await phone.getByTestId('progress-input').fill('55');
    await phone.getByLabel('汇报内容').fill('已完成 7 条路段，绿化补植同步推进。');
    await camera.first().setInputFiles(PHOTO);
    await phone.locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)').first().waitFor();
    await snap(phone, 'report-375');
    await phone.getByTestId('report-submit').click();
    await phone.getByTestId('matter-page').waitFor();
    await expect.poll(() => phone.getByTestId('report-list').innerText()).toContain('已完成 7 条路段');
    // The photo travels with the report.
    await expect.poll(() => phone.getByTestId('report-list').locator('img').count()).toBeGreaterThan(0);
  });

  it('督查办 issues a notice the liaison acknowledges, and records a field inspection', async () => {
    const office = await b.as('duchaban');
    await openMatter(office);
    await act(office, 'issue_notice', async (m) => {
      await m.getByLabel('通知内容').fill('请于本周五前报送整治前后对比照片。');
      await pickRecipient(office, m, '郑丽丽');
    });
    await office.getByRole('tab', { name: /督查通知单/ }).click();
    await expect.poll(() => office.getByTestId('notice-list').innerText()).toContain('0/1 已签收');
    await act(office, 'inspect', async (m) => {
      await m.getByLabel('地点').fill('五里堡街道兴华街');
      await m.getByLabel('纬度').fill('34.7294');
      await m.getByLabel('经度').fill('113.6239');
      await m.getByLabel('督查情况').fill('现场路面已修复，与汇报一致。');
    });
    await office.getByRole('tab', { name: /现场督查/ }).click();
    await expect.poll(() => office.getByTestId('inspection-list').innerText()).toContain('北纬 34.72940°');

    const liaison = await b.as('liaison');
    await openMatter(liaison);
    await liaison.getByRole('tab', { name: /督查通知单/ }).click();
    await liaison.getByTestId('notice-list').getByRole('button', { name: /签\s*收/ }).click();
    await expect.poll(() => liaison.getByTestId('notice-list').innerText()).toContain('1/1 已签收');
    // The Word file of the notice downloads.
    const href = await liaison.getByTestId('notice-list').getByRole('link', { name: /下载 Word/ }).getAttribute('href');
    const docx = await liaison.request.get(href ?? '');
    expect(docx.status()).toBe(200);
  });

  it('an extension is requested by the unit and approved by 督查办', async () => {
    const liaison = await b.as('liaison');
    await openMatter(liaison);
    await act(liaison, 'request_extension', async (m) => {
      await m.locator('#requestedDeadline').click();
      await m.locator('#requestedDeadline').fill(day(60));
      await liaison.keyboard.press('Enter');
      await m.getByLabel('延期理由').fill('雨季影响沥青摊铺，需顺延 20 天');
    });
    await liaison.getByRole('tab', { name: /延期与办结/ }).click();
    await expect.poll(() => liaison.getByTestId('extension-list').innerText()).toContain('待审批');

    const office = await b.as('duchaban');
    await openMatter(office);
    await act(office, 'decide_extension', (m) => m.getByLabel('审批意见').fill('同意，请抓紧推进'));
    await office.getByRole('tab', { name: /延期与办结/ }).click();
    await expect.poll(() => office.getByTestId('extension-list').innerText()).toContain('已同意');
    // The new deadline is shown, with the original one struck through beside it.
    await expect.poll(() => office.getByTestId('matter-page').innerText()).toContain(day(60));
  });

  it('completion is requested, returned, requested again, accepted, rated and archived', async () => {
    const liaison = await b.as('liaison');
    const office = await b.as('duchaban');
    await openMatter(liaison);
    await act(liaison, 'request_completion', (m) => m.getByLabel('办结情况说明').fill('12 条背街小巷全部整治完毕'));
    await openMatter(office);
    await expect.poll(() => headerStatus(office)).toBe('completion_requested');
    await act(office, 'return', (m) => m.getByLabel('退回理由').fill('请补充整治前后对比照片'));
    await expect.poll(() => headerStatus(office)).toBe('in_progress');

    await openMatter(liaison);
    await act(liaison, 'request_completion', (m) => m.getByLabel('办结情况说明').fill('已补充整治前后对比照片，全部完成'));
    await openMatter(office);
    await act(office, 'accept_completion');
    await expect.poll(() => headerStatus(office)).toBe('closed');
    if (await office.locator('[data-action="rate"]').count()) await act(office, 'rate');
    await act(office, 'archive');
    await expect.poll(() => headerStatus(office)).toBe('archived');
    // The whole story is in the trace.
    await office.getByRole('tab', { name: '全程痕迹' }).click();
    await expect.poll(() => office.locator('.ant-timeline-item').count()).toBeGreaterThanOrEqual(10);
    await snap(office, 'matter-trace');

    // The ledger finds it by filters carried in the URL.
    await office.goto(`/matters?status=archived&q=${encodeURIComponent(TITLE)}`);
    await expect.poll(() => office.getByTestId('ledger-total').innerText()).toContain('共 1 项');
    const exported = await office.request.get(`/api/matters/export.xlsx?q=${encodeURIComponent(TITLE)}`);
    expect(exported.status()).toBe(200);
    expect(exported.headers()['content-type']).toContain('spreadsheetml');
    await office.goto('/matters');
    await office.getByTestId('ledger-table').locator('tr.ant-table-row').first().waitFor();
    await snap(office, 'matters-ledger');
  });

  it('a change made meanwhile by someone else is reported with a reload, not overwritten', async () => {
    const page = await b.as('duchaban');
    const units = await (await page.request.get('/api/units')).json();
    const unit = units.items.find((u: { name: string }) => u.name === '五里堡街道办事处');
    const m = await call<{ id: number; version: number }>(page, 'post', '/api/matters', { title: `${TITLE}（并发）`, source: 'meeting', leadUnitId: unit.id, startDate: day(0), deadline: day(30) });
    await page.goto(`/matters/${m.id}`);
    await page.getByTestId('matter-page').waitFor();
    // A colleague edits the matter after this page was loaded.
    await call(page, 'put', `/api/matters/${m.id}`, { title: `${TITLE}（并发，已改）`, source: 'meeting', leadUnitId: unit.id, startDate: day(0), deadline: day(31), version: m.version });
    await page.locator('[data-action="assign"]').click();
    const modal = page.locator('.ant-modal').last();
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('action-error').innerText()).toContain('重新加载');
    await page.getByTestId('action-error').getByRole('button', { name: /重新加载/ }).click();
    await expect.poll(() => page.getByTestId('matter-page').innerText()).toContain('已改');
    await act(page, 'assign');
    await expect.poll(() => headerStatus(page)).toBe('assigned');
  });
});
