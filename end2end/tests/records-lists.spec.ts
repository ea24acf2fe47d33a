import {
  test, expect, signIn, hydrated, listSummary, tableRows, columnHeader, columnIndex, queryParam,
  markWindow, stillSamePage, expectNoAxeViolations, openFilters,
} from './support';
import type { Page } from '@playwright/test';

// Network-record lists, per role, on a kind the role may search: search,
// a filter, sorting, Back, paging — all held in the URL and, once hydrated,
// updated without reloading the page. Data: the demo seed at scale 1.

type Case = {
  login: string;
  slug: string;
  /** Free text that matches some but not all rows, and appears in each matching row. */
  search: string;
  /** A per-column filter (f_<key>) and a value that narrows the list; the column shows the value. */
  filter: { key: string; value: string; select: boolean };
  /** A sortable column's key. */
  sort: string;
};

const CASES: Case[] = [
  { login: 'ec', slug: 'eas', search: 'ivan', filter: { key: 'sector', value: 'Engineering', select: true }, sort: 'signed_up_on' },
  { login: 'partner', slug: 'ecs', search: 'priya', filter: { key: 'subcontractor', value: 'North East Delivery Ltd', select: false }, sort: 'email' },
  { login: 'sc', slug: 'institutions', search: 'academy', filter: { key: 'phase', value: 'Special', select: true }, sort: 'name' },
  { login: 'cec-staff', slug: 'employers', search: 'harbour', filter: { key: 'sector', value: 'Retail', select: true }, sort: 'postcode' },
  { login: 'network-ops', slug: 'institutions', search: 'harrogate', filter: { key: 'phase', value: 'Primary', select: true }, sort: 'local_authority' },
  { login: 'admin', slug: 'eas', search: 'ellis', filter: { key: 'sector', value: 'Finance', select: true }, sort: 'signed_up_on' },
];

async function openList(page: Page, login: string, slug: string): Promise<void> {
  await signIn(page, login);
  await page.goto(`/areas/${slug}`);
  await hydrated(page);
  await expect(page.locator('p.summary')).toBeVisible();
}

/** Non-empty values of a column, in table order. */
async function column(page: Page, key: string): Promise<string[]> {
  const i = await columnIndex(page, key);
  return (await tableRows(page)).map((r) => r[i]).filter((v) => v !== '' && v !== 'Not recorded');
}

// Dates are shown as "2 December 2025"; they sort as the dates they are.
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const sortKey = (x: string) => {
  const m = /^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$/.exec(x);
  if (!m || !MONTHS.includes(m[2])) return x;
  const mm = String(MONTHS.indexOf(m[2]) + 1).padStart(2, '0');
  return `${m[3]}-${mm}-${m[1].padStart(2, '0')}`;
};
const isSorted = (xs: string[]) => xs.map(sortKey).every((x, i, ys) => i === 0 || ys[i - 1] <= x);

for (const c of CASES) {
  test(`${c.login}: search, filter and sort /areas/${c.slug}; Back restores the list`, async ({ page }) => {
    await openList(page, c.login, c.slug);
    const all = await listSummary(page);
    await markWindow(page);
    const form = page.getByRole('search');
    await openFilters(page);

    // Search narrows the rows to those matching the text.
    await form.locator('#q').fill(c.search);
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => queryParam(page, 'q')).toBe(c.search);
    await expect.poll(async () => (await listSummary(page)).total).toBeLessThan(all.total);
    const found = await tableRows(page);
    expect(found.length).toBeGreaterThan(0);
    for (const row of found) expect(row.join(' ').toLowerCase()).toContain(c.search);
    await expect(form.locator('#q')).toHaveValue(c.search);

    // Clear shows the whole list again, with an empty form.
    await form.getByRole('link', { name: 'Clear' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await expect.poll(async () => (await listSummary(page)).total).toBe(all.total);
    // Nothing applied: the filter panel is closed again.
    await expect(page.locator('details.filter-panel')).not.toHaveAttribute('open', /.*/);
    await openFilters(page);
    await expect(form.locator('#q')).toHaveValue('');

    // A per-column filter narrows the rows and is in the URL.
    const field = form.locator(`#f_${c.filter.key}`);
    if (c.filter.select) await field.selectOption(c.filter.value);
    else await field.fill(c.filter.value);
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => queryParam(page, `f_${c.filter.key}`)).toBe(c.filter.value);
    await expect.poll(async () => (await listSummary(page)).total).toBeLessThan(all.total);
    const filtered = await listSummary(page);
    expect(filtered.total).toBeGreaterThan(0);
    const values = await column(page, c.filter.key);
    expect(values.length).toBe(Math.min(filtered.total, 25));
    for (const v of values) expect(v).toBe(c.filter.value);
    const filteredRows = await tableRows(page);

    // Sorting: the header's link sorts ascending, then descending; aria-sort
    // and the URL follow, and the filter is kept.
    const th = columnHeader(page, c.sort);
    await expect(th).toHaveAttribute('aria-sort', 'none');
    await th.getByRole('link').click();
    await expect(th).toHaveAttribute('aria-sort', 'ascending');
    expect(queryParam(page, 'sort')).toBe(c.sort);
    expect(queryParam(page, 'dir')).toBeNull();
    expect(queryParam(page, `f_${c.filter.key}`)).toBe(c.filter.value);
    const ascending = await tableRows(page);
    expect(isSorted(await column(page, c.sort))).toBe(true);

    await th.getByRole('link').click();
    await expect(th).toHaveAttribute('aria-sort', 'descending');
    expect(queryParam(page, 'sort')).toBe(c.sort);
    expect(queryParam(page, 'dir')).toBe('desc');
    expect(isSorted((await column(page, c.sort)).reverse())).toBe(true);
    expect((await listSummary(page)).total).toBe(filtered.total);

    // Back: ascending again, then unsorted — URL, header and rows as they were.
    await page.goBack();
    await expect(th).toHaveAttribute('aria-sort', 'ascending');
    expect(queryParam(page, 'dir')).toBeNull();
    expect(await tableRows(page)).toEqual(ascending);
    await page.goBack();
    await expect(th).toHaveAttribute('aria-sort', 'none');
    expect(queryParam(page, 'sort')).toBeNull();
    expect(queryParam(page, `f_${c.filter.key}`)).toBe(c.filter.value);
    expect(await tableRows(page)).toEqual(filteredRows);
    await expect(form.locator(`#f_${c.filter.key}`)).toHaveValue(c.filter.value);
    await expect(form.locator('#q')).toHaveValue('');

    // All of it happened in the hydrated page, without a reload.
    expect(await stillSamePage(page)).toBe(true);
  });
}

test('admin pages through institutions 25 at a time; Back returns to page 1', async ({ page }) => {
  await openList(page, 'admin', 'institutions');
  const first = await listSummary(page);
  expect(first.total).toBeGreaterThan(25);
  expect(first).toEqual({ total: first.total, page: 1, pages: Math.ceil(first.total / 25) });
  const pager = page.getByRole('navigation', { name: 'Pages' });
  await expect(pager.getByRole('link', { name: 'Previous page' })).toHaveCount(0);
  const page1 = await tableRows(page);
  expect(page1.length).toBe(25);
  const urn = await columnIndex(page, 'urn');

  await pager.getByRole('link', { name: 'Next page' }).click();
  await expect(page.locator('p.summary')).toContainText('page 2 of');
  expect(queryParam(page, 'page')).toBe('2');
  await expect(pager.getByRole('link', { name: 'Page 2', exact: true })).toHaveAttribute('aria-current', 'page');
  const page2 = await tableRows(page);
  expect(page2.length).toBe(Math.min(25, first.total - 25));
  const ids1 = new Set(page1.map((r) => r[urn]));
  for (const r of page2) expect(ids1.has(r[urn])).toBe(false);
  await expect(pager.getByRole('link', { name: 'Previous page' })).toBeVisible();

  await page.goBack();
  await expect(page.locator('p.summary')).toContainText('page 1 of');
  expect(await tableRows(page)).toEqual(page1);
});

test('per=25 in the URL pages the list the same way (shareable link)', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/areas/institutions?per=25&page=2&sort=urn');
  await hydrated(page);
  await expect(page.locator('p.summary')).toHaveText(/^40 records · page 2 of 2$/);
  const urn = await columnIndex(page, 'urn');
  const urns = (await tableRows(page)).map((r) => r[urn]);
  expect(urns.length).toBe(15);
  expect(urns[0]).toBe('100025');
  await expect(page.locator('#per')).toHaveValue('25');
});

test("ec's list holds exactly its caseload, without the columns that would repeat one value", async ({ page, browser }) => {
  await signIn(page, 'ec');
  // Asking for the Assigned EC column does not show it in an EC's own list.
  await page.goto('/areas/eas?status=all&per=100&col=ec&col=email');
  await hydrated(page);
  const { total } = await listSummary(page);
  expect(total).toBeGreaterThan(0);
  const sortKeys = await page
    .locator('table.records thead th a')
    .evaluateAll((links) => links.map((a) => new URL(a.getAttribute('href') ?? '', 'http://x').searchParams.get('sort')));
  expect(sortKeys).toEqual(['last_name', 'email']);
  await expect(page.locator('.column-chooser input[value="ec"]')).toHaveCount(0);
  await expect(page.locator('.column-chooser input[value="partner"]')).toHaveCount(0);

  // Admin's list of the EAs assigned to Erin Coleman has the same rows.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin');
  await admin.goto(`/areas/eas?status=all&per=100&f_ec=${encodeURIComponent('"Erin Coleman"')}`);
  await hydrated(admin);
  expect((await listSummary(admin)).total).toBe(total);
  const ec = await columnIndex(admin, 'ec');
  for (const r of await tableRows(admin)) expect(r[ec]).toBe('Erin Coleman');
  await admin.close();
});

test('a list page passes axe', async ({ page }) => {
  await openList(page, 'partner', 'eas');
  await expectNoAxeViolations(page);
});
