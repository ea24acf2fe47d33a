import { test, expect, signIn, hydrated, listSummary, openFilters, columnIndex } from './support';
import type { Page } from '@playwright/test';
import fs from 'node:fs/promises';

// Downloads of the current (filtered) list, for the roles allowed to; a role
// that may not download gets no links and a 403 with the reason.
//
// Known app bug (downloads in a browser): Chromium asks for gzip, and with
// gzip the server sends the headers and then drops the connection with no
// body — the compression layer polls the finished download stream again and
// the server panics ("Unfold must not be polled after it returned
// `Poll::Ready(None)`"). Every browser download ends "canceled". The tests
// that click a download link are marked test.fail; the files' contents are
// also checked by fetching the same links without compression.

const today = () => new Date().toISOString().slice(0, 10);
const BROWSER_DOWNLOAD_BUG = 'browser downloads are canceled: gzip + download stream panics on the server (app bug)';

/** Clicks a download link and returns the file's name and bytes. */
async function clickDownload(page: Page, name: string): Promise<{ filename: string; body: Buffer; dates: string[] }> {
  const before = today();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('p.downloads').getByRole('link', { name }).click(),
  ]);
  expect(await file.failure(), 'download failure').toBeNull();
  const body = await fs.readFile((await file.path())!);
  return { filename: file.suggestedFilename(), body, dates: [before, today()] };
}

/** Fetches a download link's URL without compression; returns the file's name and bytes. */
async function fetchDownload(page: Page, name: string): Promise<{ filename: string; body: Buffer; dates: string[] }> {
  const before = today();
  const href = await page.locator('p.downloads').getByRole('link', { name }).getAttribute('href');
  const res = await page.request.get(href!, { headers: { 'Accept-Encoding': 'identity' } });
  expect(res.status()).toBe(200);
  const filename = /filename="([^"]+)"/.exec(res.headers()['content-disposition'] ?? '')?.[1] ?? '';
  return { filename, body: await res.body(), dates: [before, today()] };
}

/** Data rows of a simple CSV (no quoted line breaks in the demo data). */
const csvDataRows = (text: string) => text.split(/\r?\n/).filter((l) => l !== '').slice(1);

async function openList(page: Page, login: string, path: string): Promise<number> {
  await signIn(page, login);
  await page.goto(path);
  await hydrated(page);
  const { total } = await listSummary(page);
  await expect(page.locator('p.downloads')).toContainText(`Download these ${total} rows`);
  return total;
}

async function expectEcCsv(file: { filename: string; body: Buffer; dates: string[] }, total: number) {
  expect(file.filename).toMatch(/^eas-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(file.dates.map((d) => `eas-${d}.csv`)).toContain(file.filename);
  const text = file.body.toString('utf8');
  const [header] = text.split(/\r?\n/);
  expect(header).toContain('First name');
  expect(header).toContain('Assigned EC');
  const rows = csvDataRows(text);
  expect(rows.length).toBe(total);
  for (const r of rows) expect(r).toContain('Erin Coleman');
}

async function expectEmployersXlsx(file: { filename: string; body: Buffer; dates: string[] }) {
  expect(file.dates.map((d) => `employers-${d}.xlsx`)).toContain(file.filename);
  expect(file.body.length).toBeGreaterThan(100);
  expect(file.body.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(file.body.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
}

test('ec clicks CSV: eas-<date>.csv with one row per listed record', async ({ page }) => {
  const total = await openList(page, 'ec', '/areas/eas');
  await expectEcCsv(await clickDownload(page, 'CSV'), total);
});

test('admin clicks Excel on employers: an .xlsx (zip) file', async ({ page }) => {
  await openList(page, 'admin', '/areas/employers');
  await expectEmployersXlsx(await clickDownload(page, 'Excel (.xlsx)'));
});

test("ec's CSV link (fetched uncompressed) gives eas-<date>.csv with one row per listed record", async ({ page }) => {
  const total = await openList(page, 'ec', '/areas/eas');
  await expectEcCsv(await fetchDownload(page, 'CSV'), total);
});

test("admin's Excel link on employers (fetched uncompressed) gives an .xlsx (zip) file", async ({ page }) => {
  await openList(page, 'admin', '/areas/employers');
  await expectEmployersXlsx(await fetchDownload(page, 'Excel (.xlsx)'));
});

test('the CSV link carries the filter and holds exactly the filtered rows', async ({ page }) => {
  const all = await openList(page, 'ec', '/areas/eas');
  await openFilters(page);
  await page.locator('#f_sector').selectOption('Engineering');
  await page.getByRole('search').getByRole('button', { name: 'Apply' }).click();
  await expect.poll(async () => (await listSummary(page)).total).toBeLessThan(all);
  const { total } = await listSummary(page);
  await expect(page.locator('p.downloads')).toContainText(`Download these ${total} rows`);
  const csv = page.locator('p.downloads').getByRole('link', { name: 'CSV' });
  await expect(csv).toHaveAttribute('href', /[?&]f_sector=Engineering(&|$)/);
  const email = await columnIndex(page, 'email');
  const emails = await page.locator(`table.records tbody tr td:nth-child(${email + 1})`).allTextContents();
  expect(emails.length).toBeGreaterThan(0);

  const rows = csvDataRows((await fetchDownload(page, 'CSV')).body.toString('utf8'));
  expect(rows.length).toBe(total);
  for (const r of rows) expect(r).toContain(',Engineering,');
  for (const email of emails) expect(rows.some((r) => r.includes(email))).toBe(true);
});

test('partner sees no download links for ECs, and a direct download is refused (403) with the reason', async ({ page }) => {
  await signIn(page, 'partner');
  await page.goto('/areas/ecs');
  await hydrated(page);
  await expect(page.locator('table.records tbody tr').first()).toBeVisible();
  await expect(page.locator('p.downloads')).toHaveCount(0);
  await expect(page.locator('a[href*="/download"]')).toHaveCount(0);

  for (const format of ['csv', 'xlsx']) {
    const res = await page.request.get(`/api/records/ecs/download?format=${format}`);
    expect(res.status()).toBe(403);
    expect(res.headers()['content-disposition']).toBeUndefined();
    expect(await res.text()).toContain('Partner users cannot download EC records.');
  }

  // The same partner may download EAs.
  await page.goto('/areas/eas');
  await hydrated(page);
  await expect(page.locator('p.downloads').getByRole('link', { name: 'CSV' })).toBeVisible();
});
