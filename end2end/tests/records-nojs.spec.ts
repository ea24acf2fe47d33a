import { test, expect, signIn, listSummary, tableRows, columnIndex, queryParam, recordField, recordVersion, editSection, openFilters } from './support';
import type { Page } from '@playwright/test';

// Lists and record pages are plain HTML first: the filter form is a GET
// form and the edit form a POST form, both working without JavaScript.
test.use({ javaScriptEnabled: false });

test('without JavaScript, the list filter form (GET) filters and a sort link keeps the filter', async ({ page }) => {
  await signIn(page, 'ec', { js: false });
  await page.goto('/areas/eas');
  const form = page.getByRole('search');
  await openFilters(page);
  await expect(form).toHaveAttribute('method', /^get$/i);
  const all = await listSummary(page);

  await form.locator('#f_sector').selectOption('Engineering');
  await form.locator('#q').fill('eli');
  await form.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/[?&]f_sector=Engineering/);
  expect(queryParam(page, 'q')).toBe('eli');
  const filtered = await listSummary(page);
  expect(filtered.total).toBeGreaterThan(0);
  expect(filtered.total).toBeLessThan(all.total);
  const sector = await columnIndex(page, 'sector');
  for (const r of await tableRows(page)) expect(r[sector]).toBe('Engineering');
  await expect(form.locator('#f_sector')).toHaveValue('Engineering');
  // (#q should show "eli" too; it comes back empty — an open app bug pinned in
  // records-regressions.spec.ts.)

  // A sort link is an ordinary link that keeps the filter.
  await page.locator('table.records thead a[href*="sort=email"]').click();
  await page.waitForURL(/sort=email/);
  expect(queryParam(page, 'f_sector')).toBe('Engineering');
  await expect(page.locator('table.records thead th[aria-sort="ascending"]')).toHaveCount(1);
  expect((await listSummary(page)).total).toBe(filtered.total);
});

/** Presses Save changes; waits for the POST and the browser's return to the record. */
async function save(page: Page, id: number): Promise<void> {
  await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/records/save'),
    editSection(page).getByRole('button', { name: 'Save changes' }).click(),
  ]);
  await page.waitForURL((url) => url.pathname === `/areas/eas/${id}`);
}

test('without JavaScript, a record page renders and its edit mode saves', async ({ page }) => {
  await signIn(page, 'ec', { js: false });
  const res = await page.goto('/areas/eas/17'); // Eli Brown; no other spec edits it.
  expect(res?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Eli Brown');
  await expect(page.locator('dl.record-fields')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Matched institutions' })).toBeVisible();
  const before = await recordVersion(page, '/areas/eas/17', { js: false });

  // "Change" links are ordinary links to the edit mode.
  await page.goto('/areas/eas/17');
  await page.getByRole('link', { name: 'Change Job title' }).click();
  await page.waitForURL(/\/areas\/eas\/17\?edit=1/);
  const edit = editSection(page);
  await expect(edit.locator('form[action="/api/records/save"]')).toHaveAttribute('method', /^post$/i);
  const value = `Workshop host ${Date.now()}`;
  await edit.locator('#field-job_title').fill(value);

  // The browser comes back to the record page, which says so and shows the new value.
  await save(page, 17);
  expect(queryParam(page, 'saved')).toBe('1');
  await expect(page.getByRole('status').filter({ hasText: 'Your changes to Eli Brown were saved.' })).toBeVisible();
  await expect(recordField(page, 'Job title')).toHaveText(value);
  expect(await recordVersion(page, '/areas/eas/17', { js: false })).toBe(before + 1);
  await expect(page.locator('table.history tbody tr').filter({ hasText: value })).toHaveCount(1);
});

test('without JavaScript, a stale edit comes back with the conflict, keeps the input and changes nothing', async ({ page, context }) => {
  await signIn(page, 'ec', { js: false });
  const [first, other] = [`First tab ${Date.now()}`, `Second tab ${Date.now()}`];
  await page.goto('/areas/eas/41?edit=1'); // Eli Dixon; no other spec edits it.
  const second = await context.newPage();
  await second.goto('/areas/eas/41?edit=1');
  await expect(editSection(second).locator('#field-job_title')).toBeVisible();

  await editSection(page).locator('#field-job_title').fill(first);
  await save(page, 41);
  await expect(recordField(page, 'Job title')).toHaveText(first);

  await editSection(second).locator('#field-job_title').fill(other);
  await save(second, 41);
  await expect(second.locator('.error-summary')).toContainText('changed by someone else');
  await expect(editSection(second).locator('#field-job_title')).toHaveValue(other);
  await second.goto('/areas/eas/41');
  await expect(recordField(second, 'Job title')).toHaveText(first);
});
