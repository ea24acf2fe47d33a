import { test, expect, signIn, loadPage, recordField, editSection } from './support';
import type { Page } from '@playwright/test';

// Two tabs edit the same record: the second save carries a stale version and
// is refused with 409, saying so; the first save is kept.

// The refused save's server-function call (Chromium logs its 409).
test.use({ expectedHttpErrors: [{ status: 409, path: /^\/api\/records\/save$/ }] });

const RECORD = '/areas/eas/9'; // Ivan Adams, in ec's caseload; no other spec edits it.

async function open(page: Page): Promise<void> {
  await loadPage(page, `${RECORD}?edit=1`);
  await expect(editSection(page).locator('#field-job_title')).toBeEditable();
}

/** The version the edit form carries. */
const formVersion = (page: Page) => editSection(page).locator('input[name="version"]');

/** The success banner a save leads to. */
const savedBanner = (page: Page) => page.getByRole('status').filter({ hasText: /^Success/ });

test('a stale edit in a second tab is refused (409) and loses nothing', async ({ page, context }) => {
  await signIn(page, 'ec');
  await open(page);
  const second = await context.newPage();
  await open(second);
  const version = Number(await formVersion(page).inputValue());
  await expect(formVersion(second)).toHaveValue(String(version));

  const firstValue = `Mentor (tab one) ${Date.now()}`;
  const secondValue = `Mentor (tab two) ${Date.now()}`;

  // Tab one saves.
  await editSection(page).locator('#field-job_title').fill(firstValue);
  await editSection(page).getByRole('button', { name: 'Save changes' }).click();
  await expect(savedBanner(page)).toBeFocused();
  await expect(recordField(page, 'Job title')).toHaveText(firstValue);

  // Tab two, still showing the old version, saves a different value.
  await expect(formVersion(second)).toHaveValue(String(version));
  await editSection(second).locator('#field-job_title').fill(secondValue);
  const [response] = await Promise.all([
    second.waitForResponse((r) => new URL(r.url()).pathname === '/api/records/save'),
    editSection(second).getByRole('button', { name: 'Save changes' }).click(),
  ]);
  expect(response.status()).toBe(409);
  const alert = editSection(second).getByRole('alert');
  await expect(alert).toContainText(/changed by someone else after you opened it/);
  await expect(alert).toContainText(`version ${version}`);
  await expect(alert).toContainText('Nothing was saved');
  await expect(alert).toBeFocused();
  await expect(savedBanner(second)).toHaveCount(0);
  // What tab two typed is still there.
  await expect(editSection(second).locator('#field-job_title')).toHaveValue(secondValue);

  // Nothing of the first save is lost, in either tab.
  await loadPage(second, null);
  await expect(formVersion(second)).toHaveValue(String(version + 1));
  await expect(editSection(second).locator('#field-job_title')).toHaveValue(firstValue);
  await loadPage(second, RECORD);
  await expect(recordField(second, 'Job title')).toHaveText(firstValue);

  // (History is opened by its tab: loading ?tab=history directly fails to
  // hydrate — see records-regressions.spec.ts.)
  await page.getByRole('navigation', { name: 'Record' }).getByRole('link', { name: 'Version and history' }).click();
  await expect(page.locator('table.history tbody tr').filter({ hasText: firstValue })).toHaveCount(1);
  await expect(page.locator('table.history tbody tr').filter({ hasText: secondValue })).toHaveCount(0);
});

test('after the conflict, a save from the reloaded tab succeeds', async ({ page, context }) => {
  await signIn(page, 'ec');
  const stamp = Date.now();
  await loadPage(page, '/areas/eas/33?edit=1'); // Ivan Clarke; no other spec edits it.
  const second = await context.newPage();
  await loadPage(second, '/areas/eas/33?edit=1');

  await editSection(page).locator('#field-title').fill(`Dr ${stamp}`);
  await editSection(page).getByRole('button', { name: 'Save changes' }).click();
  await expect(savedBanner(page)).toBeVisible();

  await editSection(second).locator('#field-job_title').fill(`Planner ${stamp}`);
  await editSection(second).getByRole('button', { name: 'Save changes' }).click();
  await expect(editSection(second).getByRole('alert')).toContainText(/changed by someone else/);

  await loadPage(second, null);
  await expect(editSection(second).locator('#field-title')).toHaveValue(`Dr ${stamp}`);
  await editSection(second).locator('#field-job_title').fill(`Planner ${stamp}`);
  await editSection(second).getByRole('button', { name: 'Save changes' }).click();
  await expect(savedBanner(second)).toBeVisible();
  await expect(recordField(second, 'Job title')).toHaveText(`Planner ${stamp}`);
  await expect(recordField(second, 'Title')).toHaveText(`Dr ${stamp}`);
});
