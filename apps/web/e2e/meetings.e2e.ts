import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pickTreeOption, shanghaiDay, useBrowser } from './browser';

const b = useBrowser();
const SCREENSHOTS = path.resolve(new URL('.', import.meta.url).pathname, '../../../docs/screenshots');
const DECISION = `浏览器测试：清理积水点周边垃圾 ${Date.now()}`;

describe('联席会议 and their decisions', () => {
  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  it('the office records a joint meeting with a decision for the street office (asking before throwing input away)', async () => {
    const page = await b.as('duchaban', { width: 1440, height: 900 });
    await page.goto('/meetings');
    await page.getByTestId('meetings').getByText('城市管理联席会议（大学路积水及周边秩序）').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'meetings-list.png') });
    // The demo's joint meeting: decisions overdue, near, open and done, side by side.
    await page.getByText('城市管理联席会议（大学路积水及周边秩序）').click();
    await page.getByTestId('meeting-page').locator('[data-colour="red"]').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'meeting-page.png'), fullPage: true });
    await page.goto('/meeting-decisions');
    await page.getByTestId('decisions-filter').getByText('全部').click();
    await page.getByTestId('decisions-table').getByText('已落实').first().waitFor();
    await page.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'meeting-decisions.png') });
    await page.goto('/meetings');

    await page.getByTestId('meeting-new').click();
    await page.getByTestId('meeting-title').fill('浏览器测试联席会议');
    await page.getByRole('button', { name: /取\s*消/ }).first().click();
    const confirm = page.locator('.ant-modal-confirm:visible');
    await confirm.locator('.ant-modal-confirm-title', { hasText: '放弃未保存的内容？' }).waitFor();
    await confirm.getByRole('button', { name: '继续填写' }).click();

    await page.getByTestId('decision-content-0').fill(DECISION);
    await pickTreeOption(page, page.getByTestId('decision-unit-0'), '五里堡街道办事处');
    await page.getByTestId('decision-deadline-0').click();
    await page.keyboard.type(shanghaiDay(10));
    await page.keyboard.press('Enter');
    const deadline = page.locator('[data-testid="decision-deadline-0"] input, input[data-testid="decision-deadline-0"]').first();
    await expect.poll(() => deadline.inputValue()).toBe(shanghaiDay(10));
    await page.getByTestId('meeting-save').click();
    const meeting = page.getByTestId('meeting-page');
    await meeting.getByText(DECISION).waitFor();
    const row = meeting.getByTestId('decisions-table').getByRole('row').filter({ hasText: DECISION });
    expect(await row.innerText()).toContain('五里堡街道办事处');
    expect(await row.locator('[data-colour]').getAttribute('data-colour')).toBe('green');
  }, 120_000);

  it('the street office\'s liaison reports the decision done from 议定事项', async () => {
    const page = await b.as('liaison', { width: 1440, height: 900 });
    await page.getByTestId('decisions-widget').getByText(DECISION).waitFor();
    await page.goto('/meeting-decisions');
    const table = page.getByTestId('decisions-table');
    await table.getByText(DECISION).waitFor();
    const row = table.getByRole('row').filter({ hasText: DECISION });
    await row.getByRole('button', { name: '报送落实情况' }).click();
    await page.getByTestId('decision-text').fill('已组织清理，设置警示标志');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByText('已报送落实情况').waitFor();
    await page.getByTestId('decisions-filter').getByText('已落实').click();
    const done = page.getByTestId('decisions-table').getByRole('row').filter({ hasText: DECISION });
    await done.getByText('按期落实').waitFor();
    expect(await done.innerText()).toContain('已组织清理，设置警示标志');
  }, 120_000);
});
