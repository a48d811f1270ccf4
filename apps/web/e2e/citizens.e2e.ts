import path from 'node:path';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiCall, baseUrl, loginAs, useBrowser } from './browser';

const b = useBrowser();
const SHOTS = path.resolve(new URL('.', import.meta.url).pathname, '../../../docs/screenshots');
const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: path.join(SHOTS, `citizen-${name}.png`), fullPage });

// A phone photo that says where it was taken (GPS in its EXIF): the served copy must not.
const gpsJpeg = () =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: '#6b6b6b' } })
    .withExif({ IFD0: { Make: 'PhoneCo' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 43/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 37/1 48/1' } })
    .jpeg()
    .toBuffer();

/** A 375 px phone in Chinese whose GPS says it stands in 五里堡街道 (the demo district). */
const phone = (): Promise<BrowserContext> =>
  b.browser.newContext({
    baseURL: baseUrl(),
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation: { latitude: 34.7251, longitude: 113.6302 },
    permissions: ['geolocation'],
  });

async function fillReport(page: Page, mobile: string | null) {
  await page.goto('/p/erqi');
  await page.getByRole('button', { name: /公用设施/ }).click();
  await page.getByRole('button', { name: '井盖缺失破损' }).click();
  await page.getByTestId('citizen-category-chosen').waitFor();
  await page.getByLabel('2. 描述问题').fill('工人路与建设路口东侧人行道上井盖缺失，晚上看不清，很危险');
  await page.getByTestId('citizen-photo-input').setInputFiles({ name: 'pothole.jpg', mimeType: 'image/jpeg', buffer: await gpsJpeg() });
  await page.locator('.cz-photo img').first().waitFor();
  await page.getByRole('button', { name: /使用手机定位/ }).click();
  await page.getByTestId('citizen-point').waitFor();
  if (mobile) await page.locator('input[autocomplete="tel"]').fill(mobile);
}

describe('群众反映 (citizens’ page) on a 375 px phone', () => {
  it('reports a pothole with a photo, gets a ticket, looks it up, is offered as a duplicate, sees it fixed and rates it', async () => {
    const ctx = await phone();
    const page = await ctx.newPage();
    await page.goto('/p/erqi');
    await page.getByRole('button', { name: /公用设施/ }).waitFor();
    await shot(page, 'report');
    // The page fits the phone: nothing wider than the viewport.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    await fillReport(page, '13800001234');
    await page.getByTestId('citizen-point').scrollIntoViewIfNeeded();
    await shot(page, 'place');
    await page.getByTestId('citizen-submit').click();
    const ticket = (await page.getByTestId('citizen-ticket').textContent())?.trim() ?? '';
    expect(ticket).toMatch(/^WG\d{14}$/);
    await shot(page, 'ticket');
    const link = (await page.getByTestId('citizen-done').locator('a[href*="/t/"]').getAttribute('href')) ?? '';
    expect(link).toMatch(/^\/p\/erqi\/t\/[\w-]{32}$/);

    // Look-up: a wrong last 4 is refused without saying which part; the right one shows the timeline.
    await page.getByRole('link', { name: '查询进度' }).click();
    await page.getByTestId('lookup-ticket').fill(ticket);
    await page.getByTestId('lookup-last4').fill('0000');
    await page.getByTestId('lookup-submit').click();
    expect(await page.getByTestId('lookup-error').textContent()).toContain('受理编号或手机号码后 4 位不正确');
    await page.getByTestId('lookup-last4').fill('1234');
    await page.getByTestId('lookup-submit').click();
    expect(await page.getByTestId('citizen-status').textContent()).toBe('待受理');
    await shot(page, 'lookup');

    // The served photo carries no GPS.
    const view = await (await page.request.get(`/api/public/erqi/track/${link.split('/t/')[1]}`)).json();
    const served = await page.request.get(view.photos[0]);
    expect((await sharp(await served.body()).metadata()).exif).toBeUndefined();

    // A second person at the same place is offered the first report and follows it.
    const ctx2 = await phone();
    const second = await ctx2.newPage();
    await fillReport(second, null);
    const dup = second.getByTestId('citizen-duplicates');
    await dup.waitFor();
    expect(await dup.textContent()).toContain('可能已有人反映');
    await dup.scrollIntoViewIfNeeded();
    await shot(second, 'duplicate');
    await dup.getByRole('button', { name: '加入关注' }).first().click();
    expect(await second.getByTestId('citizen-ticket').textContent()).toBe(ticket);
    await ctx2.close();

    // The district platform dispatches it, the street's 承办人 fixes it with an after-photo, 督查办 checks and closes it.
    const office = await b.context();
    const op = await office.newPage();
    await loginAs(op, 'duchaban');
    const queue = await apiCall<{ items: { id: string; ticket: string }[] }>(op, 'get', `/api/grid/problems?q=${ticket}`);
    const id = queue.items.find((i) => i.ticket === ticket)?.id;
    expect(id).toBeTruthy();
    const units = await apiCall<{ items: { id: number; name: string }[] }>(op, 'get', '/api/units');
    const street = units.items.find((u) => u.name === '五里堡街道办事处');
    for (const [step, body] of [
      ['accept', {}],
      ['register', {}],
      ['dispatch', { unitId: street?.id }],
    ] as const)
      await apiCall(op, 'post', `/api/grid/problems/${id}/${step}`, body);
    const unitCtx = await b.context();
    const hp = await unitCtx.newPage();
    await loginAs(hp, 'handler');
    await apiCall(hp, 'post', `/api/grid/problems/${id}/sign`, {});
    const csrf = (await unitCtx.cookies()).find((c) => c.name === 'duban_csrf')?.value ?? '';
    const after = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3d3d3d' } }).jpeg().toBuffer();
    const up = await hp.request.post('/api/grid/photos', { multipart: { file: { name: 'after.jpg', mimeType: 'image/jpeg', buffer: after } }, headers: { 'x-csrf-token': decodeURIComponent(csrf) } });
    expect(up.ok()).toBe(true);
    await apiCall(hp, 'post', `/api/grid/problems/${id}/handle`, { result: '已补装新井盖并设置警示标志', photoIds: [(await up.json()).id] });
    await apiCall(op, 'post', `/api/grid/problems/${id}/verify`, { pass: true });
    await unitCtx.close();
    await office.close();

    // Back on the phone: the private link shows 结案 with the after-photo and asks for a rating.
    await page.goto(link);
    await page.getByTestId('citizen-rate').waitFor();
    expect(await page.getByTestId('citizen-status').textContent()).toBe('已结案');
    expect(await page.getByTestId('citizen-track').textContent()).toContain('派往 五里堡街道办事处 处理');
    await shot(page, 'closed', true);
    await page.getByTestId('citizen-rate').getByRole('button', { name: /^满\s*意$/ }).click();
    await page.getByTestId('citizen-rate').getByRole('button', { name: '提交评价' }).click();
    await page.getByTestId('citizen-status').getByText('已回访').waitFor();

    await page.getByRole('link', { name: '近期办结' }).click();
    await page.getByTestId('resolved-item').first().waitFor();
    await shot(page, 'resolved');
    await ctx.close();
  }, 180_000);
});
