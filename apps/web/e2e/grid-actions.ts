import type { Locator, Page } from 'playwright-core';

/** Runs an action from a grid problem's action bar: opens its form, lets `fill` fill it, submits, waits for it to close. */
export async function gridAct(page: Page, action: string, fill?: (modal: Locator) => Promise<void>): Promise<void> {
  await page.locator(`[data-testid="grid-problem-actions"] [data-action="${action}"]`).click();
  // The test id is on the modal's root (no box of its own); the dialog is inside it.
  const modal = page.getByTestId(`grid-action-${action}`).locator('.ant-modal');
  await modal.waitFor();
  if (fill) await fill(modal);
  await modal.locator('.ant-btn-primary').last().click();
  await modal.waitFor({ state: 'hidden' });
}
