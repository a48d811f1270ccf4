import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiCall as call, shanghaiDay as day, snap, useBrowser } from './browser';

// Issue 12, item 10: a 督查通知单 asking for a written reply (书面报送) lets the unit's liaison reply with text and
// a file on the matter page, and the office reads the reply there.

const b = useBrowser();
const TAG = `报送${Date.now() % 100000}`;
const PHOTO = { name: '整改照片.png', mimeType: 'image/png', buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64') };

async function as(username: string): Promise<Page> {
  const page = await b.as(username);
  return page;
}

async function openNotices(page: Page, id: number) {
  await page.goto(`/matters/${id}`);
  await page.getByTestId('matter-page').waitFor();
  await page.getByRole('tab', { name: /督查通知单/ }).click();
  await page.getByTestId('notice-list').waitFor();
}

describe('written reply to a notice (书面报送)', () => {
  it('the liaison replies with text and a file; the office sees the reply on the notice', async () => {
    const office = await as('duchaban');
    const liaison = await as('liaison');
    const me = await call<{ personId: number; unitId: number }>(liaison, 'get', '/api/auth/me');
    const m = await call<{ id: number; version: number }>(office, 'post', '/api/matters', {
      title: `背街小巷整治（${TAG}）`,
      content: '按期完成整治',
      source: 'key_work',
      leadUnitId: me.unitId,
      startDate: day(0),
      deadline: day(40),
    });
    await call(office, 'post', `/api/matters/${m.id}/assign`, { version: m.version });
    const n = await call<{ id: number }>(office, 'post', `/api/matters/${m.id}/notices`, {
      title: `关于背街小巷整治的督查通知（${TAG}）`,
      body: '请书面报送整改落实情况。',
      replyBy: day(7),
      recipients: [{ personId: me.personId }],
    });

    await openNotices(liaison, m.id);
    const box = liaison.getByTestId(`notice-replies-${n.id}`);
    await expect.poll(() => box.innerText()).toContain('未报送');
    await box.getByRole('button', { name: '书面报送' }).click();
    const form = liaison.getByTestId(`notice-reply-form-${n.id}`);
    await form.getByRole('button', { name: '提交报送' }).click();
    await expect.poll(() => form.innerText()).toContain('请填写报送内容');
    await form.getByLabel('报送内容').fill('已完成 12 条小巷整治，剩余 3 条月底前完成。');
    await form.locator('input[type=file]').setInputFiles(PHOTO);
    await form.locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)').first().waitFor();
    await snap(liaison, 'notice-reply-form');
    await form.getByRole('button', { name: '提交报送' }).click();
    await expect.poll(() => box.innerText()).toContain('已完成 12 条小巷整治');
    await expect.poll(() => box.innerText()).toContain('已报送');
    expect(await liaison.getByTestId(`notice-reply-form-${n.id}`).count()).toBe(0);

    await openNotices(office, m.id);
    const seen = office.getByTestId(`notice-replies-${n.id}`);
    await expect.poll(() => seen.innerText()).toContain('已完成 12 条小巷整治');
    await expect.poll(() => seen.locator('img, a').count()).toBeGreaterThan(0);
    expect(await seen.getByRole('button', { name: '书面报送' }).count()).toBe(0);
    await snap(office, 'notice-reply-office');
  });
});
