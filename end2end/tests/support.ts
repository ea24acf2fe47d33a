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

/**
 * Collects `page`'s console errors and uncaught errors into `problems`, except
 * failed loads matching `expected`.
 */
export function watchConsole(page: Page, expected: ExpectedHttpError[], problems: string[]): void {
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    const url = msg.location().url ?? '';
    const status = Number(FAILED_LOAD.exec(text)?.[1]);
    const path = url ? new URL(url).pathname : '';
    if (expected.some((e) => e.status === status && e.path.test(path))) return;
    problems.push(`console error: ${text}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
}

/**
 * `test` that fails whenever the page — or any other page the test opens in
 * the same browser context — logs a console error or throws.
 */
export const test = base.extend<Options & Fixtures>({
  expectedHttpErrors: [[], { option: true }],
  consoleGuard: [
    async ({ page, context, expectedHttpErrors }, use) => {
      const problems: string[] = [];
      watchConsole(page, expectedHttpErrors, problems);
      context.on('page', (other) => {
        if (other !== page) watchConsole(other, expectedHttpErrors, problems);
      });
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

/**
 * Opens a list's filter panel (a disclosure, closed while no filter is
 * applied) so its search form can be filled.
 */
export async function openFilters(page: Page): Promise<void> {
  const panel = page.locator('details.filter-panel');
  if ((await panel.getAttribute('open')) === null) await panel.locator('summary').click();
  await expect(page.getByRole('search')).toBeVisible();
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

/** A list page's summary, "N records · page X of Y", as numbers. */
export async function listSummary(page: Page): Promise<{ total: number; page: number; pages: number }> {
  const text = (await page.locator('p.summary').textContent()) ?? '';
  const m = /^(\d+) records? · page (\d+) of (\d+)$/.exec(text.trim());
  if (!m) throw new Error(`unexpected list summary: ${JSON.stringify(text)}`);
  return { total: Number(m[1]), page: Number(m[2]), pages: Number(m[3]) };
}

/** The text of every cell of a records table's body, row by row. */
export async function tableRows(page: Page): Promise<string[][]> {
  return page
    .locator('table.records tbody tr')
    .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => (td.textContent ?? '').trim())));
}

/** The header cell of a records table's column, found by its sort key. */
export function columnHeader(page: Page, key: string) {
  return page.locator('table.records thead th').filter({ has: page.locator(`a[href*="sort=${key}"]`) });
}

/** The 0-based position of a records table's column, found by its sort key. */
export async function columnIndex(page: Page, key: string): Promise<number> {
  const keys = await page
    .locator('table.records thead th a')
    .evaluateAll((links) => links.map((a) => new URL(a.getAttribute('href') ?? '', 'http://x').searchParams.get('sort')));
  const i = keys.indexOf(key);
  if (i < 0) throw new Error(`no column with sort key ${key} (have ${keys.join(', ')})`);
  return i;
}

/** One query parameter of the page's current URL. */
export const queryParam = (page: Page, name: string): string | null => new URL(page.url()).searchParams.get(name);

/** The value shown for a field label in a record's dl.record-fields. */
export function recordField(page: Page, label: string) {
  return page.locator('dl.record-fields > div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd').first();
}

/** Marks the window so `stillSamePage` can tell a client-side navigation from a reload. */
export async function markWindow(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __e2eMark: boolean }).__e2eMark = true));
}

/** True while the document marked by `markWindow` has not been reloaded. */
export async function stillSamePage(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __e2eMark?: boolean }).__e2eMark === true);
}

/** Loads `url` (or reloads the page when `url` is null) and, with JavaScript, waits for hydration. */
export async function loadPage(page: Page, url: string | null, opts: { js?: boolean } = {}): Promise<void> {
  if (url === null) await page.reload();
  else await page.goto(url);
  if (opts.js ?? true) await hydrated(page);
}

/** A record page's edit mode (`?edit=1`): its Edit section. */
export function editSection(page: Page) {
  return page.locator('section.action').filter({ has: page.getByRole('heading', { name: 'Edit', exact: true }) });
}

/** A record's version, read on its "Version and history" tab (the page is left there). */
export async function recordVersion(page: Page, record: string, opts: { js?: boolean } = {}): Promise<number> {
  await loadPage(page, `${record}?tab=history`, opts);
  return Number(await recordField(page, 'Version').textContent());
}
