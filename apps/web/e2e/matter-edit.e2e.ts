import { describe, expect, it } from 'vitest';
import { apiCall as call, shanghaiDay as day, useBrowser } from './browser';

// 修改 after an approved extension (issue 12, item 1): the edit form starts from the extended deadline.
const b = useBrowser();
const TITLE = `背街小巷整治（修改测试${Date.now() % 100000}）`;

describe('editing a matter whose extension was approved', () => {
  it('changing only the content keeps the extended deadline; moving it asks for a reason', async () => {
    const office = await b.as('duchaban');
    const liaison = await b.as('liaison');
    const units = await (await office.request.get('/api/units')).json();
    const unit = units.items.find((u: { name: string }) => u.name === '五里堡街道办事处');
    const m = await call<{ id: number; version: number }>(office, 'post', '/api/matters', { title: TITLE, content: '整治 12 条', source: 'meeting', leadUnitId: unit.id, startDate: day(0), deadline: day(30) });
    await call(office, 'post', `/api/matters/${m.id}/assign`, { version: m.version });
    await call(liaison, 'post', `/api/matters/${m.id}/sign`, {});
    const ext = await call<{ extensions: { id: number }[] }>(liaison, 'post', `/api/matters/${m.id}/extensions`, { requestedDeadline: day(60), reason: '雨季停工' });
    await call(office, 'post', `/api/matters/${m.id}/extensions/${ext.extensions[0]!.id}/decision`, { approve: true });

    await office.goto(`/matters/${m.id}`);
    await office.getByTestId('matter-page').waitFor();
    await office.locator('[data-action="edit"]').click();
    const form = office.getByTestId('matter-form');
    await form.waitFor();
    expect(await form.locator('#deadline').inputValue()).toBe(day(60));
    await form.locator('#content').fill('整治 15 条');
    expect(await office.getByTestId('deadline-change-reason').count()).toBe(0);
    await office.getByTestId('matter-save').click();
    await form.waitFor({ state: 'hidden' });
    const saved = await (await office.request.get(`/api/matters/${m.id}`)).json();
    expect(saved.content).toBe('整治 15 条');
    expect(saved.deadline).toBe(day(60));

    // A deliberate move needs its reason, asked for under the deadline.
    await office.locator('[data-action="edit"]').click();
    await form.waitFor();
    await form.locator('#deadline').click();
    await form.locator('#deadline').fill(day(70));
    await office.keyboard.press('Enter');
    await office.getByTestId('deadline-change-reason').fill('区委常委会决定顺延');
    await office.getByTestId('matter-save').click();
    await form.waitFor({ state: 'hidden' });
    expect((await (await office.request.get(`/api/matters/${m.id}`)).json()).deadline).toBe(day(70));
  });
});
