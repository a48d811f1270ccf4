import fs from 'node:fs';
import path from 'node:path';
import { generateSync } from 'otplib';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { DEMO_ACCOUNTS } from '../../server/src/seed/demo-accounts';

/** This worker's server: vitest numbers its workers 1…maxWorkers, and server.setup.ts started one server each. */
function server(): { baseUrl: string; dataDir: string } {
  const servers = inject('servers');
  const s = servers[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % servers.length];
  if (!s) throw new Error('no e2e server was started');
  return s;
}
export const baseUrl = () => server().baseUrl;
const ARTIFACTS = path.resolve(new URL('.', import.meta.url).pathname, 'artifacts');

/** Debian's Chromium, headless, with the flags this machine needs (no sandbox as root, no background networking). */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** A fresh context (own cookies) at a desk-sized viewport, in Chinese. */
export function newContext(browser: Browser, opts: Size = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl(), viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

type Size = { width?: number; height?: number };

/** The browser of one test file: contexts (own cookies) and pages opened through it are closed after the file. */
export interface BrowserSession {
  /** The launched browser, for what the helpers below do not cover. */
  readonly browser: Browser;
  /** A fresh context at a desk-sized viewport (or the given one), in Chinese. */
  context(size?: Size): Promise<BrowserContext>;
  /** A page in a fresh context. */
  page(size?: Size): Promise<Page>;
  /** A page in a fresh context, signed in as `username` through the login page. */
  as(username: string, size?: Size): Promise<Page>;
}

/** Launches Chromium before the file's tests and closes it, with every context opened through it, after them. */
export function useBrowser(): BrowserSession {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });
  const session: BrowserSession = {
    get browser() {
      if (!browser) throw new Error('the browser is launched in beforeAll');
      return browser;
    },
    async context(size) {
      const ctx = await newContext(session.browser, size);
      contexts.push(ctx);
      return ctx;
    },
    async page(size) {
      return (await session.context(size)).newPage();
    },
    async as(username, size) {
      const page = await session.page(size);
      await loginAs(page, username);
      return page;
    },
  };
  return session;
}

// TOTP secrets of accounts that sign in with a second factor: the demo admins' (published in the README) and
// any a test enrols. A code is good once (the server refuses a replay), so the time step last used per account
// is kept in the run's data directory, shared by the test files, and the next sign-in uses a later step.
const STEP_SECONDS = 30;
const stateFile = () => path.join(server().dataDir, 'e2e-totp.json');
type TotpState = Record<string, { secret: string; lastStep: number }>;

function readTotp(): TotpState {
  const demo: TotpState = Object.fromEntries(DEMO_ACCOUNTS.filter((a) => a.totpSecret).map((a) => [a.username, { secret: a.totpSecret ?? '', lastStep: 0 }]));
  try {
    const saved: TotpState = JSON.parse(fs.readFileSync(stateFile(), 'utf8'));
    return { ...demo, ...saved };
  } catch {
    return demo;
  }
}

/** Records the TOTP secret of an account a test enrolled. */
export function rememberTotp(username: string, secret: string, usedAt = Date.now()): void {
  const state = readTotp();
  state[username] = { secret, lastStep: Math.floor(usedAt / 1000 / STEP_SECONDS) };
  fs.writeFileSync(stateFile(), JSON.stringify(state));
}

/** A fresh sign-in code for the account (the step after the last one used; the server accepts one step ahead). */
export async function nextTotpCode(username: string): Promise<string> {
  const state = readTotp();
  const entry = state[username];
  if (!entry) throw new Error(`no TOTP secret known for ${username}`);
  const now = Math.floor(Date.now() / 1000 / STEP_SECONDS);
  const step = Math.max(now, entry.lastStep + 1);
  // Two sign-ins of one account within 30 s use the next step; a third waits for the clock (rare).
  if (step > now + 1) await new Promise((r) => setTimeout(r, ((step - 1) * STEP_SECONDS + 1) * 1000 - Date.now()));
  state[username] = { ...entry, lastStep: step };
  fs.writeFileSync(stateFile(), JSON.stringify(state));
  return generateSync({ secret: entry.secret, epoch: step * STEP_SECONDS });
}

/** Signs in through the login page (with the authenticator code when asked) and waits for the workbench (or a leader's cockpit). */
export async function loginAs(page: Page, username: string, password = 'Demo@2026'): Promise<void> {
  await page.goto('/login');
  await page.getByPlaceholder('用户名').fill(username);
  await page.getByPlaceholder('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  // A leader with nothing on the workbench lands on the cockpit, a 网格长 on the phone page.
  const landed = page.getByTestId('workbench').or(page.getByTestId('cockpit')).or(page.getByTestId('grid-phone'));
  await landed.or(page.getByTestId('totp-code')).first().waitFor({ timeout: 30_000 });
  if (await page.getByTestId('totp-code').isVisible()) {
    await page.getByTestId('totp-code').fill(await nextTotpCode(username));
    await page.getByRole('button', { name: /登\s*录/ }).click();
  }
  await landed.first().waitFor({ timeout: 30_000 });
}

/** Saves a screenshot under e2e/artifacts (and returns its path) for people to look at. */
export async function snap(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Calls the API with the page's session (and its CSRF token); fails the test on an error answer. */
export async function apiCall<T>(page: Page, method: 'get' | 'post' | 'put', url: string, data?: unknown): Promise<T> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'duban_csrf')?.value ?? '';
  const res = await page.request[method](url, { data, headers: { 'x-csrf-token': decodeURIComponent(csrf) } });
  if (!res.ok()) throw new Error(`${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The Asia/Shanghai date `offset` days from today, as YYYY-MM-DD. */
export const shanghaiDay = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86400_000).toISOString().slice(0, 10);

/**
 * Chooses the lead unit in the register form's tree picker, and checks the choice took. Retried: under load a click
 * can land while the dropdown is still opening and be ignored, and the save then stops at the form's validation.
 */
export async function pickLeadUnit(page: Page, name: string): Promise<void> {
  const item = page.locator('.ant-form-item').filter({ has: page.locator('#leadUnitId') });
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.locator('#leadUnitId').click();
    await page.locator('#leadUnitId').fill(name.slice(0, 3));
    await page
      .locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: name })
      .first()
      .click({ timeout: 10_000 })
      .catch(() => undefined);
    if ((await item.innerText()).includes(name)) return;
  }
  throw new Error(`could not choose ${name}`);
}

/**
 * Chooses `name` in a searchable Ant Design tree picker (`field`: its root, e.g. by test id), retried until the field
 * shows it: a click on the still-opening dropdown can be ignored under load. The search text is filled, not typed,
 * so a retry starts from an empty search.
 */
export async function pickTreeOption(page: Page, field: Locator, name: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await field.click();
    await field.locator('input').first().fill(name.slice(0, 3));
    await page
      .locator('.ant-select-dropdown:visible')
      .getByTitle(name, { exact: true })
      .last()
      .click({ timeout: 10_000 })
      .catch(() => undefined);
    if ((await field.innerText()).includes(name)) return;
  }
  throw new Error(`could not choose ${name}`);
}

