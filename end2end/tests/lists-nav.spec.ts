import {
  test, expect, signIn, hydrated, listSummary, tableRows, columnIndex, queryParam,
  expectNoAxeViolations, openFilters, markWindow, stillSamePage,
} from './support';
import type { Page } from '@playwright/test';

// Lists and navigation (docs/RULES.md §5.2), per role at 1280 and 390 px:
// the service navigation and its Menu toggle, every menu entry opening a
// built page, the column choice in the URL, removable filter tags, pages,
// the skip link after hydration, focus and announcement after navigation.

const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Each role's login and a list it may open. */
const ROLES = [
  { login: 'ec', list: 'eas' },
  { login: 'partner', list: 'ecs' },
  { login: 'sc', list: 'institutions' },
  { login: 'cec-staff', list: 'employers' },
  { login: 'network-ops', list: 'partners' },
  { login: 'admin', list: 'institutions' },
  { login: 'org-admin', list: null },
];

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const menuToggle = (page: Page) => page.locator('summary.nav-toggle');

/** The header's height in CSS pixels. */
const headerHeight = (page: Page) => page.locator('header.site-header').evaluate((h) => h.getBoundingClientRect().height);

for (const { login, list } of ROLES) {
  test(`${login} at 1280 px: the navigation marks the current area, every entry opens a page, axe is clean`, async ({ page }) => {
    await page.setViewportSize(WIDE);
    await signIn(page, login);
    await expect(menuToggle(page)).toBeHidden();
    const hrefs = await nav(page).locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThan(1);
    for (const href of hrefs) {
      const res = await page.goto(href);
      expect(res?.status(), href).toBe(200);
      await hydrated(page);
      await expect(page.getByRole('heading', { level: 1 }), href).toBeVisible();
      await expect(page.getByRole('heading', { level: 1 }), href).not.toHaveText(/not found|not built|coming soon/i);
      // The link to the page itself, and only it, is the current page.
      await expect(nav(page).locator(`a[href="${href}"]`)).toHaveAttribute('aria-current', 'page');
      await expect(nav(page).locator('a[aria-current]')).toHaveCount(1);
    }
    await page.goto('/');
    await hydrated(page);
    await expectNoAxeViolations(page);
    if (list) {
      await page.goto(`/areas/${list}`);
      await hydrated(page);
      await expectNoAxeViolations(page);
      // Inside an area (a record of it) the area's link is marked "true".
      const first = page.locator('table.records tbody tr td.record-name a').first();
      if (await first.count()) {
        await first.click();
        await expect(page).toHaveURL(new RegExp(`/areas/${list}/\\d+$`));
        await expect(nav(page).locator(`a[href="/areas/${list}"]`)).toHaveAttribute('aria-current', 'true');
      }
    }
  });

  test(`${login} at 390 px: the navigation folds behind Menu, the header stays small, axe is clean`, async ({ page }) => {
    await page.setViewportSize(PHONE);
    await signIn(page, login);
    await expect(menuToggle(page)).toBeVisible();
    await expect(nav(page)).toBeHidden();
    expect(await headerHeight(page)).toBeLessThan(844 / 4);
    // The role switch (where there is one) and Sign out fit the screen.
    for (const el of [page.getByRole('button', { name: 'Sign out' }), page.locator('#grant-select')]) {
      if (await el.count()) {
        const box = await el.boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      }
    }
    await expectNoAxeViolations(page);
    await menuToggle(page).click();
    await expect(nav(page)).toBeVisible();
    await expect(nav(page).locator('a').first()).toBeVisible();
    await expectNoAxeViolations(page);
    // Choosing an entry navigates and folds the menu again.
    const href = await nav(page).locator('a').first().getAttribute('href');
    await nav(page).locator('a').first().click();
    await expect(page).toHaveURL(href!);
    await expect(nav(page)).toBeHidden();
    await menuToggle(page).click();
    await expect(nav(page).locator(`a[href="${href}"]`)).toHaveAttribute('aria-current', 'page');
    if (list) {
      await page.goto(`/areas/${list}`);
      await hydrated(page);
      // The list's first row starts within the first screen (filters folded).
      const row = page.locator('table.records tbody tr').first();
      const box = await row.boundingBox();
      expect(box!.y).toBeLessThan(844);
      // The page itself never scrolls sideways; a wide table scrolls in its region.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectNoAxeViolations(page);
    }
  });
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('at 390 px the Menu toggle opens the navigation; at 1280 px it is always shown', async ({ page }) => {
    await page.setViewportSize(PHONE);
    await signIn(page, 'admin', { js: false });
    await expect(nav(page)).toBeHidden();
    expect(await headerHeight(page)).toBeLessThan(844 / 4);
    await menuToggle(page).click();
    await expect(nav(page).locator('a[href="/areas/eas"]')).toBeVisible();
    await nav(page).locator('a[href="/areas/eas"]').click();
    await expect(page).toHaveURL('/areas/eas');
    await page.setViewportSize(WIDE);
    await expect(menuToggle(page)).toBeHidden();
    await expect(nav(page).locator('a[href="/areas/eas"]')).toHaveAttribute('aria-current', 'page');
  });

  test('the column chooser and the filter tags are plain GET forms and links', async ({ page }) => {
    await signIn(page, 'ec', { js: false });
    await page.goto('/areas/eas');
    await page.locator('.column-chooser summary').click();
    await page.getByRole('checkbox', { name: 'Job title' }).check();
    await page.getByRole('button', { name: 'Show these columns' }).click();
    await page.waitForURL(/col=job_title/);
    await columnIndex(page, 'job_title');
    await openFilters(page);
    await page.locator('#f_sector').selectOption('Engineering');
    await page.getByRole('search').getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/f_sector=Engineering/);
    expect(new URL(page.url()).searchParams.getAll('col')).toContain('job_title');
    await page.getByRole('link', { name: 'Remove this filter: Sector: Engineering' }).click();
    await page.waitForURL((u) => !u.searchParams.has('f_sector'));
    expect(new URL(page.url()).searchParams.getAll('col')).toContain('job_title');
  });
});

test("an EC's EA list: full names as links, what matters as columns, dates the GOV.UK way", async ({ page }) => {
  await signIn(page, 'ec');
  await page.goto('/areas/eas?status=all&per=100');
  await hydrated(page);
  const headers = await page.locator('table.records thead th').allTextContents();
  for (const h of ['Name', 'DBS check', 'Induction training', 'Matched to an institution']) expect(headers).toContain(h);
  for (const h of ['Assigned EC', 'Partner', 'First name', 'Last name']) expect(headers).not.toContain(h);
  const names = await page.locator('table.records tbody td.record-name a').allTextContents();
  expect(names.length).toBeGreaterThan(1);
  for (const n of names) expect(n.trim()).toMatch(/^\S+ \S+/);
  const dbs = await columnIndex(page, 'dbs_check_on');
  for (const r of await tableRows(page)) {
    // A check not done reads as a tag, not a blank cell.
    if (r[dbs] !== 'Not recorded') expect(r[dbs]).toMatch(/^\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/);
  }
  // The default sort (first name) marks the name column as sorted.
  await expect(page.locator('table.records thead th').first()).toHaveAttribute('aria-sort', 'ascending');
  // Every sortable header says how it is sorted.
  const sorts = await page.locator('table.records thead th').evaluateAll((ths) => ths.map((th) => th.getAttribute('aria-sort')));
  for (const s of sorts) expect(['none', 'ascending', 'descending']).toContain(s);
});

test('the column choice lives in the URL and survives sorting and paging', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/areas/institutions');
  await hydrated(page);
  await markWindow(page);
  await page.locator('.column-chooser summary').click();
  await page.getByRole('checkbox', { name: 'Postcode' }).check();
  await page.getByRole('checkbox', { name: 'Local authority' }).uncheck();
  await page.getByRole('button', { name: 'Show these columns' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.getAll('col')).toContain('postcode');
  const cols = new URL(page.url()).searchParams.getAll('col');
  expect(cols).not.toContain('local_authority');
  // The list reloads after the URL changes: wait for its new header.
  await expect(page.locator('table.records thead a[href*="sort=postcode"]')).toBeVisible();
  await columnIndex(page, 'postcode');
  await expect(page.locator('table.records thead a[href*="sort=local_authority"]')).toHaveCount(0);
  // Sorting keeps the choice.
  await page.locator('table.records thead a[href*="sort=postcode"]').click();
  await expect.poll(() => queryParam(page, 'sort')).toBe('postcode');
  expect(new URL(page.url()).searchParams.getAll('col')).toEqual(cols);
  // GOV.UK pagination with page numbers keeps it too.
  const pager = page.getByRole('navigation', { name: 'Pages' });
  await pager.getByRole('link', { name: 'Page 2', exact: true }).click();
  await expect(pager.getByRole('link', { name: 'Page 2', exact: true })).toHaveAttribute('aria-current', 'page');
  expect(queryParam(page, 'page')).toBe('2');
  expect(new URL(page.url()).searchParams.getAll('col')).toEqual(cols);
  await expect(page.locator('p.summary')).toContainText('page 2 of');
  // Downloads keep every permitted field whatever the list shows.
  const csv = await page.locator('p.downloads').getByRole('link', { name: 'CSV' }).getAttribute('href');
  expect(csv).not.toContain('col=');
  expect(await stillSamePage(page)).toBe(true);
});

test('applied filters show as tags, each removing itself; the panel is open only while filtered', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/areas/eas');
  await hydrated(page);
  const panel = page.locator('details.filter-panel');
  await expect(panel).not.toHaveAttribute('open', /.*/);
  await expect(page.locator('.applied-filters')).toHaveCount(0);
  await openFilters(page);
  await page.locator('#q').fill('e');
  await page.locator('#f_sector').selectOption('Finance');
  await page.getByRole('search').getByRole('button', { name: 'Apply' }).click();
  await expect.poll(() => queryParam(page, 'f_sector')).toBe('Finance');
  await expect(panel).toHaveAttribute('open', /.*/);
  const tags = page.locator('.applied-filters a.filter-tag');
  await expect(tags).toHaveCount(2);
  const filtered = (await listSummary(page)).total;
  await page.getByRole('link', { name: 'Remove this filter: Sector: Finance' }).click();
  await expect.poll(() => queryParam(page, 'f_sector')).toBeNull();
  expect(queryParam(page, 'q')).toBe('e');
  await expect(tags).toHaveCount(1);
  expect((await listSummary(page)).total).toBeGreaterThanOrEqual(filtered);
  await page.getByRole('link', { name: 'Remove this filter: Search: e' }).click();
  await expect.poll(() => new URL(page.url()).search).toBe('');
  await expect(page.locator('.applied-filters')).toHaveCount(0);
  await expect(panel).not.toHaveAttribute('open', /.*/);
  await expectNoAxeViolations(page);
});

test('the role switch fits a 390 px screen, with and without JavaScript', async ({ browser }) => {
  for (const js of [true, false]) {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: js });
    const page = await context.newPage();
    await signIn(page, 'two-roles', { js });
    const button = page.getByRole('button', { name: 'Switch role' });
    await expect(button).toBeVisible();
    const box = await button.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    const select = await page.locator('#grant-select').boundingBox();
    expect(select && select.x + select.width <= PHONE.width).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    if (js) await expectNoAxeViolations(page);
    await context.close();
  }
});

test('the filter panel is the MOJ filter: heading, selected filters with Clear filters, Apply filters, the options', async ({ page }) => {
  for (const size of [WIDE, PHONE]) {
    await page.setViewportSize(size);
    await signIn(page, 'ec');
    await page.goto('/areas/eas?f_sector=Finance&q=a');
    await hydrated(page);
    const panel = page.locator('details.filter-panel');
    await expect(panel).toHaveAttribute('open', /.*/);
    const form = page.getByRole('search', { name: 'Filter' });
    await expect(form.getByRole('heading', { name: 'Filter', exact: true })).toBeVisible();
    const selected = form.locator('.applied-filters');
    await expect(selected.getByRole('heading', { name: 'Selected filters' })).toBeVisible();
    await expect(selected.locator('a.filter-tag')).toHaveText([/Search: a$/, /Sector: Finance$/]);
    // "Apply filters" comes before the options, as in the MOJ component.
    const apply = form.getByRole('button', { name: 'Apply filters' });
    const box = await apply.boundingBox();
    const search = await form.locator('#q').boundingBox();
    expect(box && search && box.y < search.y).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
    await expectNoAxeViolations(page);
    await selected.getByRole('link', { name: 'Clear filters' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await expect(panel).not.toHaveAttribute('open', /.*/);
  }
});

test('Compass scores are right-aligned percentages and Benchmark 8 is reachable at 1280 and 390 px', async ({ page }) => {
  await signIn(page, 'admin');
  for (const size of [WIDE, PHONE]) {
    await page.setViewportSize(size);
    await page.goto('/areas/compass-reports');
    await hydrated(page);
    const b8 = await columnIndex(page, 'b8');
    const rows = await tableRows(page);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) if (r[b8] !== '') expect(r[b8]).toMatch(/^\d+%$/);
    const cell = page.locator('table.records tbody tr').first().locator('td').nth(b8 + 0);
    await expect(cell).toHaveCSS('text-align', 'right');
    // The page does not widen; the table scrolls inside its own region, a
    // labelled one the keyboard can reach; at 1280 px it fits whole.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
    const region = page.getByRole('region', { name: 'Compass reports table' });
    await expect(region).toHaveAttribute('tabindex', '0');
    if (size === WIDE) {
      const [inner, outer] = await region.evaluate((r) => [r.scrollWidth, r.clientWidth]);
      expect(inner).toBeLessThanOrEqual(outer);
    }
    await cell.scrollIntoViewIfNeeded();
    await expect(cell).toBeInViewport();
  }
});

test('after hydration the skip link moves focus to the main content', async ({ page }) => {
  await signIn(page, 'ec');
  await page.goto('/areas/eas');
  await hydrated(page);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
  // The next Tab goes on from the main content, not back to the header.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
});

test('a client-side navigation focuses the new heading, announces the page and sets its title', async ({ page }) => {
  await signIn(page, 'admin');
  await markWindow(page);
  await nav(page).locator('a[href="/areas/employers"]').click();
  await expect(page).toHaveURL('/areas/employers');
  const h1 = page.getByRole('heading', { level: 1 });
  await expect(h1).toHaveText('Employers');
  await expect(h1).toBeFocused();
  await expect(page).toHaveTitle('Employers — Caseboard');
  await expect(page.getByTestId('route-announcer')).toHaveText('Employers — Caseboard');
  // Into a record and on to another area, still without a reload.
  await page.locator('table.records tbody td.record-name a').first().click();
  await expect(page).toHaveURL(/\/areas\/employers\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await nav(page).locator('a[href="/areas/partners"]').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Partners');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.getByTestId('route-announcer')).toHaveText('Partners — Caseboard');
  expect(await stillSamePage(page)).toBe(true);
  // Sorting a list (the same page) leaves focus where it was.
  const sortLink = page.locator('table.records thead a[href*="sort=region"]');
  await sortLink.focus();
  await sortLink.press('Enter');
  await expect.poll(() => queryParam(page, 'sort')).toBe('region');
  await expect(page.getByRole('heading', { level: 1 })).not.toBeFocused();
});
