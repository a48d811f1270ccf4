import { describe, expect, it } from 'vitest';
import { loginAs, useBrowser } from './browser';

const b = useBrowser();

describe('网格地图 (grid map)', () => {
  it('draws the demo grid and drills down street → community → cell to its staff', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await loginAs(page, 'duchaban');
    await page.goto('/grid/map');
    const list = page.getByTestId('grid-map-list');
    await page.getByTestId('grid-map').locator('canvas').first().waitFor();
    await list.getByText('街道/乡镇列表').waitFor();
    expect(await list.locator('tbody tr').count()).toBeGreaterThan(10);

    await list.getByText('五里堡街道', { exact: true }).click();
    await page.getByTestId('grid-map-path').getByText('五里堡街道').waitFor();
    await list.getByText('社区/村列表').waitFor();
    await list.locator('tbody tr').first().click();
    await list.getByText('网格列表').waitFor();
    expect(await page.getByTestId('grid-map').locator('canvas').count()).toBeGreaterThan(0);

    await list.locator('tbody tr').first().click();
    const drawer = page.getByTestId('grid-cell-drawer');
    await drawer.getByText('网格长', { exact: true }).waitFor();
    expect(await drawer.textContent()).toContain('五里堡街道');
    // The address keeps the level and the cell: a reload lands in the same place.
    expect(page.url()).toMatch(/parent=\d+&cell=\d+/);
    await ctx.close();
  });
});
