import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, snap, useBrowser } from './browser';

const b = useBrowser();
let ctx: BrowserContext;

// The demo's problem that climbed on its own (seed/demo-grid-problems.ts).
const TITLE = '背街巷道长期堆放建筑垃圾';

describe('the demo: a grid problem climbed to the district on its own and became a red supervised matter (issue 16)', () => {
  beforeAll(async () => {
    ctx = await b.context({ width: 1400, height: 900 });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('the ledger shows the matter red; its page links to the problem, whose page shows who held the clock and links back', async () => {
    const page = await ctx.newPage();
    await loginAs(page, 'duchaban');
    await page.goto(`/matters?q=${encodeURIComponent(TITLE)}`);
    await expect.poll(() => page.getByTestId('ledger-total').innerText()).toContain('共 1 项');
    const row = page.getByTestId('ledger-table').locator('tr.ant-table-row', { hasText: TITLE });
    expect(await row.locator('[data-colour="red"]').count()).toBe(1);
    expect(await row.innerText()).toContain('网格上报');
    await row.getByRole('link').first().click();

    // The matter page: source 网格上报, red, and the problem it came from.
    await page.getByTestId('matter-origin').waitFor();
    const matterUrl = page.url();
    expect(await page.getByTestId('colour-reasons').count()).toBe(1);
    expect(await page.locator('[data-colour="red"]').count()).toBeGreaterThan(0);
    const origin = await page.getByTestId('matter-origin').innerText();
    expect(origin).toContain(TITLE);
    await page.getByTestId('matter-origin').click();

    // The problem page: each level held it up to its limit and passed it up; the city holds it now.
    await page.getByTestId('grid-problem').waitFor();
    expect(await page.getByTestId('grid-problem-title').innerText()).toContain(TITLE);
    const holds = page.getByTestId('grid-problem-holds').locator('tbody tr.ant-table-row');
    await expect.poll(() => holds.count()).toBe(5);
    const levels = await holds.evaluateAll((rows) => rows.map((r) => r.querySelector('td')?.textContent ?? ''));
    expect(levels).toEqual(['网格', '社区', '街道', '区级', '市级']);
    const text = await page.getByTestId('grid-problem-holds').innerText();
    expect(text.match(/超时上报上级/g)?.length).toBe(4);
    const timeline = await page.getByTestId('grid-problem-timeline').innerText();
    expect(timeline).toContain('自动上报街道');
    expect(timeline).toContain('转入督办');
    await snap(page, 'grid-demo-climbed');

    // And back: the red tag on the problem opens the matter.
    await page.getByTestId('grid-problem').getByRole('link', { name: /督办/ }).first().click();
    await page.getByTestId('matter-origin').waitFor();
    expect(page.url()).toBe(matterUrl);
  });
});
