import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export { expect };

/** Password of every demo account (given to the server by playwright.config.ts). */
export const DEMO_PASSWORD = 'e2e-demo-password';

/** The demo account for a short login name, e.g. `ec` → ec@demo.caseboard.test. */
export const demo = (login: string): string => `${login}@demo.caseboard.test`;

/** A failed load a test provokes on purpose: its HTTP status and URL path. */
export type ExpectedHttpError = { status: number; path: RegExp };

type Options = {
  /**
   * Failed loads a test expects, such as a refused page's 403. Chromium logs
   * each as a console error ("Failed to load resource: the server responded
   * with a status of 403 (Forbidden)"); only those matching an entry here are
   * tolerated. Every other console error or uncaught page error fails the test.
   */
  expectedHttpErrors: ExpectedHttpError[];
};

type Fixtures = { consoleGuard: void };

const FAILED_LOAD = /^Failed to load resource: the server responded with a status of (\d+)/;

/** `test` that fails whenever the page logs a console error or throws. */
export const test = base.extend<Options & Fixtures>({
  expectedHttpErrors: [[], { option: true }],
  consoleGuard: [
    async ({ page, expectedHttpErrors }, use) => {
      const problems: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const text = msg.text();
        const url = msg.location().url ?? '';
        const status = Number(FAILED_LOAD.exec(text)?.[1]);
        const path = url ? new URL(url).pathname : '';
        if (expectedHttpErrors.some((e) => e.status === status && e.path.test(path))) return;
        problems.push(`console error: ${text}${url ? ` (${url})` : ''}`);
      });
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      await use();
      expect(problems, 'browser console errors and uncaught page errors').toEqual([]);
    },
    { auto: true },
  ],
});

/** A refused /areas/ page's own document load (status 403). */
export const REFUSED_AREA: ExpectedHttpError = { status: 403, path: /^\/areas\/[a-z-]+$/ };

/** Waits until the WASM bundle has hydrated the page. */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/**
 * Signs in through the login form and waits to land on the home page.
 * With `js: false` the page is not waited on for hydration (it never comes).
 */
export async function signIn(page: Page, login: string, opts: { js?: boolean } = {}): Promise<void> {
  const js = opts.js ?? true;
  await page.goto('/login');
  if (js) await hydrated(page);
  await page.locator('#email').fill(login.includes('@') ? login : demo(login));
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
  if (js) await hydrated(page);
}

/** The /areas/ slugs linked from the Main navigation, sorted. */
export async function navAreas(page: Page): Promise<string[]> {
  const hrefs = await page
    .getByRole('navigation', { name: 'Main' })
    .locator('a[href^="/areas/"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((h) => h.replace('/areas/', '')).sort();
}

/** Runs axe-core on the current page and expects no violations. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}
