import { describe, expect, it } from 'vitest';
import { apiCall as call, shanghaiDay as day, useBrowser } from './browser';

// A parent's progress on its page combines its own reports and its children's (issue 12, item 6).
const b = useBrowser();
const TAG = `进度测试${Date.now() % 100000}`;

describe('a parent matter\'s progress', () => {
  it('shows its own report combined with its children\'s, and says how', async () => {
    const office = await b.as('duchaban');
    const liaison = await b.as('liaison');
    const units = await (await office.request.get('/api/units')).json();
    const unit = units.items.find((u: { name: string }) => u.name === '五里堡街道办事处');
    const body = { content: '', source: 'key_work', leadUnitId: unit.id, startDate: day(0), deadline: day(60) };
    const parent = await call<{ id: number; version: number }>(office, 'post', '/api/matters', { ...body, title: `城市更新（${TAG}）` });
    await call(office, 'post', `/api/matters/${parent.id}/assign`, { version: parent.version });
    await call(liaison, 'post', `/api/matters/${parent.id}/sign`, {});
    await call(office, 'post', `/api/matters/${parent.id}/children`, { ...body, title: `拆迁清零（${TAG}）` });
    await call(liaison, 'post', `/api/matters/${parent.id}/reports`, { progress: 25, text: '本级完成方案' });

    await office.goto(`/matters/${parent.id}`);
    await office.getByTestId('matter-page').waitFor();
    await expect.poll(() => office.getByTestId('progress-parts').innerText()).toContain('本级汇报 25%');
    expect(await office.getByTestId('matter-page').innerText()).toContain('12.5');
  });
});
