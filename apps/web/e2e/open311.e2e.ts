import { request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, loginAs, snap, useBrowser } from './browser';

const b = useBrowser();

describe('Open311 keys and the 12345 hotline (issue 17)', () => {
  it('the security admin issues a key, shown once, that an Open311 client then submits with', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await loginAs(page, 'secadmin');
    await page.goto('/security/open311');
    await page.getByRole('button', { name: '签发密钥' }).click();
    await page.getByPlaceholder('如：市城市服务App').fill('数字城管平台');
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    const shown = page.getByText('密钥已签发').locator('..').locator('code');
    await shown.waitFor();
    const key = (await shown.textContent()) ?? '';
    expect(key).toMatch(/^o311_/);
    await snap(page, 'open311-keys');
    // An Open311 client: no browser session, just the key (a signed-in page's cookie would need its CSRF token).
    const client = await request.newContext();
    const res = await client.post(`${baseUrl()}/api/open311/erqi/v2/requests.json`, { form: { api_key: key, service_code: 'SJ0101', address_string: '大学路与汝河路口', description: '垃圾堆了好几天' } });
    expect(res.status()).toBe(200);
    expect((await res.json())[0].service_request_id).toMatch(/^\d+$/);
    await client.dispose();
    await ctx.close();
  });

  it('the district platform imports hotline work orders: a bad row is named, a good sheet imported', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await loginAs(page, 'duchaban');
    await page.goto('/grid/hotline');
    await page.getByRole('button', { name: '导入工单' }).click();
    const bad = '工单编号,来电时间,诉求类别,诉求内容,问题地址\r\nE2E-0001,2026-12-01 09:00,没有这个类别,井盖丢了,工人路\r\n';
    await page.locator('input[type=file]').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByTestId('import-issues').getByText('“没有这个类别”不是本辖区启用的问题类别').waitFor();
    await snap(page, 'hotline-import-errors');
    const good = bad.replace('没有这个类别', 'BJ0101');
    await page.locator('input[type=file]').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByText('共 1 条：新建 1 个问题').waitFor();
    await ctx.close();
  });
});
