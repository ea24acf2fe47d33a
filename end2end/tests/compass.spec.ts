import { test, expect, signIn, hydrated, listSummary, tableRows, columnIndex, queryParam, expectNoAxeViolations, openFilters } from './support';
import type { Page } from '@playwright/test';

// docs/RULES.md §3.2: a Compass report reads as a report (bars and a table of
// the same numbers, drawn on the server), an Institution shows its
// evaluations over time, and the report list's hub filters work as a plain
// GET form with and without JavaScript; a bad value is refused in words.

/** With CASEBOARD_SCREENS set, saves the page at 1280 and 390 px wide there. */
async function screens(page: Page, name: string): Promise<void> {
  const dir = process.env.CASEBOARD_SCREENS;
  if (!dir) return;
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize(size);
}

/** Opens the latest evaluation most recently completed in the viewer's list. */
async function openLatestReport(page: Page, js: boolean): Promise<void> {
  await page.goto('/areas/compass-reports?f_latest=yes&sort=completed_on&dir=desc');
  if (js) await hydrated(page);
  await page.locator('table.records tbody tr').first().getByRole('link').click();
  await page.waitForURL(/\/areas\/compass-reports\/\d+$/);
  if (js) await hydrated(page);
}

async function expectReport(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Gatsby Benchmarks' })).toBeVisible();
  const chart = page.locator('#benchmarks-chart ul.bars');
  await expect(chart).toBeVisible();
  await expect(chart.locator('rect.bar-score, rect.bar-achieved')).toHaveCount(8);
  const table = page.locator('#benchmarks-table');
  await expect(table.locator('tbody tr')).toHaveCount(8);
  // The latest of several evaluations: the previous one and the change are shown.
  await expect(table.locator('thead th').nth(3)).toHaveText(/Previous evaluation \(\d{4}-\d{2}-\d{2}\)/);
  await expect(chart.locator('line.mark-previous')).toHaveCount(8);
  const first = table.locator('tbody tr').first().locator('td');
  await expect(first.nth(0)).toHaveText(/^\d+ %$/);
  await expect(first.nth(3)).toHaveText(/^(\+\d+|−\d+|no change)$/);
  // Both averages, each saying how many institutions it covers.
  await expect(table.locator('thead')).toContainText("Your caseload's average");
  await expect(table.locator('thead')).toContainText(/over \d+ institutions?/);
  await expect(table.locator('thead')).toContainText('Partner average');
}

test('a report page draws the benchmarks with the previous evaluation and averages; axe clean', async ({ page }) => {
  await signIn(page, 'ec');
  await openLatestReport(page, true);
  await expectReport(page);
  await expectNoAxeViolations(page);
  await screens(page, 'report');

  // The average's heading links to the list it averages: its total is the count.
  const link = page.locator('#benchmarks-table thead a');
  const over = Number(/over (\d+) institution/.exec((await page.locator('#benchmarks-table thead').textContent()) ?? '')?.[1]);
  await link.click();
  await page.waitForURL(/f_latest=yes/);
  await hydrated(page);
  expect((await listSummary(page)).total).toBe(over);
});

test('an institution shows its evaluations as a line chart with a table; axe clean', async ({ page }) => {
  await signIn(page, 'ec');
  await openLatestReport(page, true);
  // The report's Institution row links to the institution (RULES §5.3).
  await page.locator('dl.record-fields > div').filter({ has: page.locator('dt', { hasText: /^Institution$/ }) }).getByRole('link').click();
  await page.waitForURL(/\/areas\/institutions\/\d+$/);
  await hydrated(page);
  const chart = page.locator('#history-chart svg');
  await expect(chart).toBeVisible();
  const rows = page.locator('#history-table tbody tr');
  expect(await rows.count()).toBeGreaterThan(1);
  await expect(chart.locator('circle.line-point')).toHaveCount(await rows.count());
  await expectNoAxeViolations(page);
  await screens(page, 'institution-history');
});

test('with JavaScript, the hub filters narrow the list and reach the URL', async ({ page }) => {
  await signIn(page, 'ec');
  await page.goto('/areas/compass-reports');
  await hydrated(page);
  const all = await listSummary(page);
  await openFilters(page);
  const form = page.getByRole('search');
  await form.locator('#f_b5').fill('50');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(() => queryParam(page, 'f_b5')).toBe('50');
  await expect.poll(async () => (await listSummary(page)).total).toBeLessThan(all.total);
  const under = await listSummary(page);
  expect(under.total).toBeGreaterThan(0);
  const b5 = await columnIndex(page, 'b5');
  const achieved = await columnIndex(page, 'achieved');
  // Scores read "45 %" (RULES §5.2): the number before the unit counts.
  for (const r of await tableRows(page)) expect(parseFloat(r[b5])).toBeLessThan(50);

  await form.locator('#f_achieved').selectOption('0');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(() => queryParam(page, 'f_achieved')).toBe('0');
  await expect.poll(async () => (await listSummary(page)).total).toBeLessThanOrEqual(under.total);
  for (const r of await tableRows(page)) expect(r[achieved]).toBe('0');
  await expectNoAxeViolations(page);
  await screens(page, 'list-filtered');
});

test('a value a filter does not take is refused in an error summary that passes axe', async ({ page }) => {
  await signIn(page, 'ec');
  await page.goto('/areas/compass-reports?f_achieved=9');
  await hydrated(page);
  const summary = page.locator('.error-summary');
  await expect(summary).toContainText('Benchmarks fully achieved');
  await expect(summary).toContainText('from 0 to 8');
  await expect(summary.getByRole('link')).toHaveAttribute('href', '#f_achieved');
  await expectNoAxeViolations(page);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the report page is complete and the filter form (GET) filters by dates and type', async ({ page }) => {
    await signIn(page, 'ec', { js: false });
    await openLatestReport(page, false);
    await expectReport(page);

    await page.goto('/areas/compass-reports');
    const all = await listSummary(page);
    await openFilters(page);
    const form = page.getByRole('search');
    await expect(form).toHaveAttribute('method', /^get$/i);
    await form.locator('#f_completed_on_from').fill('2020-01-01');
    await form.locator('#f_completed_on_to').fill('2099-12-31');
    await form.locator('#f_evaluation_type').selectOption('school');
    await form.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/f_evaluation_type=school/);
    expect(queryParam(page, 'f_completed_on_from')).toBe('2020-01-01');
    const schools = await listSummary(page);
    expect(schools.total).toBeGreaterThan(0);
    expect(schools.total).toBeLessThanOrEqual(all.total);
    const type = await columnIndex(page, 'evaluation_type');
    for (const r of await tableRows(page)) expect(r[type]).toBe('school');
    await expect(form.locator('#f_completed_on_to')).toHaveValue('2099-12-31');
  });

  test('a value a filter does not take is refused in words, linked to its field, kept for correction', async ({ page }) => {
    await signIn(page, 'ec', { js: false });
    await page.goto('/areas/compass-reports?f_b5=abc');
    const summary = page.locator('.error-summary');
    await expect(summary).toContainText('There is a problem');
    await expect(summary).toContainText('5 Encounters with employers under (%)');
    await expect(summary).toContainText('from 1 to 100');
    await expect(summary.getByRole('link')).toHaveAttribute('href', '#f_b5');
    await expect(page.locator('#f_b5')).toHaveValue('abc');
    await expect(page.locator('#f_b5')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('table.records')).toHaveCount(0);
    await screens(page, 'list-refused');
    // Every refused filter is named at once, each linked to its field.
    await page.goto('/areas/compass-reports?f_b5=abc&f_achieved=9');
    await expect(page.locator('.error-summary').getByRole('link')).toHaveCount(2);
    await expect(page.locator('#f_achieved')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#f_b5')).toHaveAttribute('aria-invalid', 'true');
  });
});
