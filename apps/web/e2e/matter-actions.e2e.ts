import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiCall as call, shanghaiDay as day, snap, useBrowser } from './browser';

// Issue 12, items 8–10: the matter page offers only actions that can succeed and says why others cannot.

const b = useBrowser();
const TAG = `动作${Date.now() % 100000}`;

type M = { id: number; version: number; number: string };

async function streetUnitId(page: Page): Promise<number> {
  const units = await call<{ items: { id: number; name: string }[] }>(page, 'get', '/api/units');
  const u = units.items.find((x) => x.name === '五里堡街道办事处');
  if (!u) throw new Error('no 五里堡街道办事处 in the demo');
  return u.id;
}

async function registerAndAssign(office: Page, url: string, title: string, leadUnitId: number, extra: Record<string, unknown> = {}): Promise<M> {
  const m = await call<M>(office, 'post', url, { title, content: `${title}：按期完成`, source: 'key_work', leadUnitId, startDate: day(0), deadline: day(40), ...extra });
  await call(office, 'post', `/api/matters/${m.id}/assign`, { version: m.version });
  return m;
}

async function open(page: Page, id: number) {
  await page.goto(`/matters/${id}`);
  await page.getByTestId('matter-page').waitFor();
}

describe('actions offered only when they can succeed', () => {
  it('no 审批延期 without a pending request; no 申请办结 while a sub-matter is open, with the reason shown', async () => {
    const office = await b.as('duchaban');
    const liaison = await b.as('liaison');
    const street = await streetUnitId(office);
    const parent = await registerAndAssign(office, '/api/matters', `主干道提升（${TAG}）`, street);
    await call(liaison, 'post', `/api/matters/${parent.id}/sign`, {});
    const child = await registerAndAssign(office, `/api/matters/${parent.id}/children`, `人行道铺装（${TAG}）`, street, { deadline: day(30) });

    await open(office, parent.id);
    await office.locator('[data-action="urge"]').waitFor();
    expect(await office.locator('[data-action="decide_extension"]').count()).toBe(0);

    await open(liaison, parent.id);
    await liaison.locator('[data-action="report"]').waitFor();
    expect(await liaison.locator('[data-action="request_completion"]').count()).toBe(0);
    await expect.poll(() => liaison.getByTestId('blocked-action').innerText()).toBe(`暂不能申请办结：子事项尚未全部办结（1 项未办结：${child.number}），不能申请办结`);
    await snap(liaison, 'matter-blocked-completion');

    // The unit asks for more time: now, and only now, the office is offered 审批延期 and the unit not a second request.
    await call(liaison, 'post', `/api/matters/${parent.id}/extensions`, { requestedDeadline: day(50), reason: '雨季施工受限' });
    await open(office, parent.id);
    await office.locator('[data-action="decide_extension"]').waitFor();
    await open(liaison, parent.id);
    await expect.poll(() => liaison.getByTestId('blocked-action').allInnerTexts()).toContain('暂不能申请延期：本单位已有待审批的延期申请，请等待督查办审批');
    expect(await liaison.locator('[data-action="request_extension"]').count()).toBe(0);
  });

  it('the handler only reports; 督查办 closes the part of a co-unit that cannot act, with a reason', async () => {
    const office = await b.as('duchaban');
    const liaison = await b.as('liaison');
    const handler = await b.as('handler');
    const street = await streetUnitId(office);
    const units = await call<{ items: { id: number; name: string; kind: string; active: boolean }[] }>(office, 'get', '/api/units');
    const co = units.items.find((u) => u.id !== street && u.kind !== 'division' && u.active && u.name.endsWith('局'));
    if (!co) throw new Error('no co-unit in the demo');
    const m = await registerAndAssign(office, '/api/matters', `背街小巷照明（${TAG}）`, street, { coUnitIds: [co.id] });
    await open(handler, m.id);
    await handler.getByTestId('matter-page').getByText(co.name).first().waitFor();
    expect(await handler.locator('[data-action="sign"]').count()).toBe(0);
    await call(liaison, 'post', `/api/matters/${m.id}/sign`, {});
    await open(handler, m.id);
    await handler.locator('[data-action="report"]').waitFor();
    for (const a of ['request_extension', 'request_completion', 'delegate']) expect(await handler.locator(`[data-action="${a}"]`).count()).toBe(0);

    await open(office, m.id);
    await office.locator('[data-action="settle_unit"]').click();
    const modal = office.locator('.ant-modal').last();
    await modal.waitFor();
    await modal.getByTestId('settle-unit').click();
    // A click that lands while the dropdown is still opening is ignored and leaves it open over the form: click
    // again until it has closed with the unit chosen.
    const dropdown = office.locator('.ant-select-dropdown:visible');
    const option = dropdown.locator('.ant-select-item-option', { hasText: co.name });
    await option.click();
    for (let i = 0; i < 5 && (await dropdown.count()); i++) {
      await dropdown.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
      if (await dropdown.count()) await option.click({ timeout: 5_000 }).catch(() => undefined);
    }
    await expect.poll(() => modal.getByTestId('settle-unit').innerText()).toContain(co.name);
    await modal.getByText('办结该单位的部分', { exact: true }).click();
    await modal.getByLabel('理由').fill('该单位无在用账号，配合部分已由牵头单位完成');
    await snap(office, 'matter-settle-unit');
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(() => office.getByTestId('matter-page').innerText()).toContain('已办结');
    const after = await call<{ units: { unitId: number; status: string }[] }>(office, 'get', `/api/matters/${m.id}`);
    expect(after.units.find((u) => u.unitId === co.id)?.status).toBe('completed');
  });
});

