import { test, expect, signIn, hydrated, listSummary, expectNoAxeViolations, markWindow, stillSamePage } from './support';
import type { Page } from '@playwright/test';

// docs/RULES.md §7: each network login opens on a dashboard of its own
// scope whose figures link to the lists they count.
const HUB = ['ec', 'sc', 'partner', 'cec-staff', 'admin'];

/** The number at the start of a headline figure ("42 % (120)" → 42). */
async function headlineNumber(page: Page, id: string): Promise<number> {
  const text = (await page.getByTestId(id).textContent()) ?? '';
  return Number(/^\d+/.exec(text.trim())?.[0] ?? NaN);
}

/** The count shown in the link after the bar's label in the distribution table. */
async function firstNonZeroBar(page: Page, chart: string): Promise<{ href: string; value: number }> {
  const bars = page.locator(`#${chart} a.bar-link`);
  await expect(bars.first()).toBeVisible();
  const n = await bars.count();
  for (let i = 0; i < n; i++) {
    const text = (await bars.nth(i).locator('.bar-value').textContent()) ?? '';
    const value = Number(/^\d+/.exec(text.trim())?.[0] ?? '0');
    if (value > 0) return { href: (await bars.nth(i).getAttribute('href')) ?? '', value };
  }
  throw new Error(`no non-zero bar in ${chart}`);
}

for (const login of HUB) {
  test(`${login}: dashboard charts, a bar's link lands on a list of that many, keyboard, axe`, async ({ page }) => {
    await signIn(page, login);
    await expect(page.getByTestId('dashboard-headline')).toBeVisible();
    await expect(page.locator('#benchmarks-chart ul.bars')).toBeVisible();
    await expect(page.locator('#distribution-chart ul.bars')).toBeVisible();
    await expectNoAxeViolations(page);

    // The institutions figure equals the list it links to.
    const institutions = await headlineNumber(page, 'institutions');
    await page.getByTestId('institutions').getByRole('link').click();
    await page.waitForURL(/\/areas\/institutions/);
    await hydrated(page);
    expect((await listSummary(page)).total).toBe(institutions);
    await page.goBack();
    await hydrated(page);

    // A bar of the distribution is a link; its list totals the bar.
    const bar = await firstNonZeroBar(page, 'distribution-chart');
    await page.goto(bar.href);
    await hydrated(page);
    expect((await listSummary(page)).total).toBe(bar.value);
    await page.goBack();
    await hydrated(page);

    // Keyboard: the bars are reachable with Tab.
    const firstBar = page.locator('#benchmarks-chart a.bar-link').first();
    await firstBar.focus();
    await expect(firstBar).toBeFocused();
  });
}

test('the filter bar updates the figures in place and the URL; Back returns', async ({ page }) => {
  await signIn(page, 'admin');
  const all = await headlineNumber(page, 'institutions');
  await markWindow(page);
  await page.locator('#dash-phase').selectOption('Secondary');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/[?&]phase=Secondary/);
  await expect.poll(() => headlineNumber(page, 'institutions')).toBeLessThan(all);
  expect(await stillSamePage(page)).toBe(true);
  const secondary = await headlineNumber(page, 'institutions');
  await page.getByTestId('institutions').getByRole('link').click();
  await page.waitForURL(/f_phase=Secondary/);
  await hydrated(page);
  expect((await listSummary(page)).total).toBe(secondary);
  await page.goBack();
  await page.waitForURL(/[?&]phase=Secondary/);
  await expect.poll(() => headlineNumber(page, 'institutions')).toBe(secondary);
  await page.goBack();
  await expect.poll(() => headlineNumber(page, 'institutions')).toBe(all);
});

test('network-ops: the accounts dashboard', async ({ page }) => {
  await signIn(page, 'network-ops');
  await expect(page.getByTestId('active-partner-users')).toBeVisible();
  await expect(page.locator('#seats-chart ul.bars')).toBeVisible();
  const n = await headlineNumber(page, 'active-partner-users');
  await page.getByTestId('active-partner-users').getByRole('link').click();
  await page.waitForURL(/\/areas\/partner-users/);
  await hydrated(page);
  expect((await listSummary(page)).total).toBe(n);
  await page.goBack();
  await hydrated(page);
  await expectNoAxeViolations(page);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the dashboard is complete and its filter form (GET) works', async ({ page }) => {
    await signIn(page, 'partner', { js: false });
    await expect(page.locator('#benchmarks-chart ul.bars')).toBeVisible();
    const all = await headlineNumber(page, 'institutions');
    await page.locator('#dash-phase').selectOption('Secondary');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/[?&]phase=Secondary/);
    const secondary = await headlineNumber(page, 'institutions');
    expect(secondary).toBeLessThan(all);
    await page.getByTestId('institutions').getByRole('link').click();
    await page.waitForURL(/f_phase=Secondary/);
    expect((await listSummary(page)).total).toBe(secondary);
  });
});

test('admin: the trend, the region breakdown and the monthly returns, each linking right', async ({ page }) => {
  await signIn(page, 'admin');
  await expect(page.locator('#trend-chart ul.bars')).toBeVisible();
  await expect(page.getByTestId('trend-table').locator('tbody tr')).toHaveCount(9);
  // A region row's count equals the Institution list it links to.
  const region = page.getByTestId('breakdown-region').locator('tbody tr').first().locator('td a').first();
  const count = Number((await region.textContent())?.trim());
  await region.click();
  await page.waitForURL(/f_region=/);
  await hydrated(page);
  expect((await listSummary(page)).total).toBe(count);
  await page.goBack();
  await hydrated(page);
  // The monthly returns by state: the "Not started" count equals the returns page's rows.
  const monthly = page.getByTestId('monthly-status');
  await expect(monthly).toBeVisible();
  const notStarted = monthly.getByRole('row', { name: /Not started/ }).getByRole('link');
  const n = Number((await notStarted.textContent())?.trim());
  await notStarted.click();
  await page.waitForURL(/\/areas\/monthly-submissions\?.*status=not-started/);
  await hydrated(page);
  await expect(page.locator('p.summary')).toHaveText(new RegExp(`^${n} Partners?$`));
  await page.goBack();
  await hydrated(page);
  await expectNoAxeViolations(page);
});

test('partner: its own monthly return and the trend', async ({ page }) => {
  await signIn(page, 'partner');
  await expect(page.getByTestId('monthly-own')).toBeVisible();
  await expect(page.getByTestId('monthly-overdue')).toBeVisible();
  await expect(page.locator('#trend-chart ul.bars')).toBeVisible();
  await expectNoAxeViolations(page);
});

test('ec: no monthly return; the trend is there', async ({ page }) => {
  await signIn(page, 'ec');
  await expect(page.locator('#trend-chart ul.bars')).toBeVisible();
  await expect(page.getByTestId('monthly-status')).toHaveCount(0);
});

test.describe('without JavaScript: the new sections', () => {
  test.use({ javaScriptEnabled: false });
  test('admin: trend, regions and monthly returns are rendered by the server', async ({ page }) => {
    await signIn(page, 'admin', { js: false });
    await expect(page.locator('#trend-chart ul.bars')).toBeVisible();
    await expect(page.getByTestId('breakdown-region')).toBeVisible();
    await expect(page.getByTestId('monthly-status')).toBeVisible();
  });
});

// docs/RULES.md §7.3: the period keeps the institutions evaluated in it; it
// reaches the URL, updates the figures in place, and the headline's link
// lands on the Institution list with the same filter and total.
test('the period choice narrows the figures, reaches the URL and the list', async ({ page }) => {
  await signIn(page, 'admin');
  const all = await headlineNumber(page, 'institutions');
  await markWindow(page);
  await page.locator('#dash-period').selectOption('12m');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/[?&]period=12m/);
  // Updated in place (the scope line names the period once the new figures are in).
  await expect(page.getByTestId('dashboard-scope')).toContainText('evaluated in the last 12 months');
  expect(await stillSamePage(page)).toBe(true);
  const recent = await headlineNumber(page, 'institutions');
  expect(recent).toBeLessThanOrEqual(all);
  // None of them is "not evaluated in the last 12 months".
  expect(await headlineNumber(page, 'stale')).toBe(0);
  await page.getByTestId('institutions').getByRole('link').click();
  await page.waitForURL(/f_latest_evaluation_from=\d{4}-\d{2}-\d{2}/);
  await hydrated(page);
  expect((await listSummary(page)).total).toBe(recent);
  await page.goBack();
  await page.waitForURL(/[?&]period=12m/);
  await expect(page.locator('#dash-period')).toHaveValue('12m');
  await expectNoAxeViolations(page);
});

test.describe('without JavaScript: the period', () => {
  test.use({ javaScriptEnabled: false });
  test('ec: the period form (GET) narrows the figures and the list agrees', async ({ page }) => {
    await signIn(page, 'ec', { js: false });
    const all = await headlineNumber(page, 'institutions');
    await page.locator('#dash-period').selectOption('year');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/[?&]period=year/);
    await expect(page.locator('#dash-period')).toHaveValue('year');
    const year = await headlineNumber(page, 'institutions');
    expect(year).toBeLessThanOrEqual(all);
    await page.getByTestId('institutions').getByRole('link').click();
    await page.waitForURL(/f_latest_evaluation_from=\d{4}-09-01/);
    expect((await listSummary(page)).total).toBe(year);
  });
});
