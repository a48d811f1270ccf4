import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAs, useBrowser } from './browser';

const b = useBrowser();

// Every Content-Security-Policy violation the page reports (the event fires for blocked scripts, styles, images …).
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const console: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) console.push(m.text());
  });
  return async () => [...console, ...(await page.evaluate(() => ('__cspViolations' in window && Array.isArray(window.__cspViolations) ? window.__cspViolations.map(String) : [])))];
}

describe('the web app under its Content-Security-Policy', () => {
  it('signs in and draws the workbench, ledger, matter, cockpit and big screen without a single violation', async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    const violations = await watchViolations(page);
    const response = await page.goto('/login');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await loginAs(page, 'duchaban');
    expect(await violations()).toEqual([]);
    await page.goto('/matters');
    await page.locator('.ant-table-row').first().waitFor({ timeout: 30_000 });
    await page.locator('.ant-table-row a').first().click();
    await page.waitForURL(/\/matters\/\d+/);
    await page.waitForLoadState('networkidle');
    expect(await violations()).toEqual([]);
    await page.goto('/cockpit');
    await page.locator('canvas').first().waitFor({ timeout: 30_000 });
    expect(await violations()).toEqual([]);
    await page.goto('/screen');
    await page.locator('canvas').first().waitFor({ timeout: 30_000 });
    expect(await violations()).toEqual([]);
    // Ant Design's run-time styles apply: a primary button is coloured, not the browser's grey default.
    await page.goto('/matters');
    const colour = await page.locator('.ant-btn-primary').first().evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(colour).not.toBe('rgba(0, 0, 0, 0)');
    expect(colour).not.toBe('rgb(239, 239, 239)');
    await ctx.close();
  }, 180_000);
});
