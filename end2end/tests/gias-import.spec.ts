import { test, expect, signIn, hydrated, expectNoAxeViolations } from './support';
import type { Page } from '@playwright/test';

// Admin's "Import the GIAS register" (docs/RULES.md §2.1): the upload is a
// plain multipart form; the run page shows progress and then the result,
// polling with JavaScript and refreshing itself without it. One import runs
// at a time, so these tests run one after the other.
test.describe.configure({ mode: 'serial' });

const HEADER = [
  'URN',
  'EstablishmentName',
  'TypeOfEstablishment (name)',
  'EstablishmentTypeGroup (name)',
  'EstablishmentStatus (name)',
  'PhaseOfEducation (name)',
  'LA (name)',
  'Postcode',
  'OpenDate',
  'CloseDate',
];
const GOOD = 1200;

/** A register file: GOOD schools with URNs from 990000, and one bad row. */
function registerFile(): { name: string; mimeType: string; buffer: Buffer } {
  const lines = [HEADER.join(',')];
  for (let i = 0; i < GOOD; i++) {
    lines.push(
      [990000 + i, `"Browser Test Academy, No. ${i}"`, 'Academy converter', 'Academies', 'Open', 'Secondary', 'Browsershire', 'BT1 1AA', '01-09-2012', ''].join(','),
    );
  }
  lines.splice(10, 0, ['12A', 'Bad Row School', 'Academy converter', 'Academies', 'Open', 'Secondary', 'Browsershire', '', '', ''].join(','));
  return { name: 'edubasealldata20260301.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n') + '\r\n') };
}

async function upload(page: Page): Promise<void> {
  await page.locator('#register-file').setInputFiles(registerFile());
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await page.waitForURL(/\/admin\/gias\/runs\/\d+$/);
}

test('with JavaScript, Admin uploads the register and sees progress then the result', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/areas/institutions');
  await hydrated(page);
  await page.getByRole('link', { name: 'Import the GIAS register' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import the GIAS register');
  await hydrated(page);
  await expectNoAxeViolations(page);
  await upload(page);
  await hydrated(page);
  await expect(page.getByTestId('run-progress')).toContainText(`of ${GOOD + 1} rows`);
  // The page polls until the run is over (the bound is the expect timeout).
  await expect(page.getByTestId('run-status')).toHaveText('Finished');
  await expect(page.getByTestId('run-progress')).toHaveText(`${GOOD + 1} of ${GOOD + 1} rows (100%)`);
  await expect(page.getByTestId('run-rejected')).toHaveText('1');
  await expect(page.getByTestId('run-added')).toHaveText(String(GOOD));
  await expect(page.getByRole('link', { name: /Download the rejected rows/ })).toBeVisible();
  await expectNoAxeViolations(page);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('Admin uploads the register and the run page refreshes itself to the result', async ({ page }) => {
    await signIn(page, 'admin', { js: false });
    await page.goto('/admin/gias');
    const form = page.locator('form[enctype="multipart/form-data"]');
    await expect(form).toHaveAttribute('method', /^post$/i);
    await upload(page);
    // <meta http-equiv="refresh"> reloads the page until the run is over.
    await expect(page.getByTestId('run-status')).toHaveText('Finished');
    await expect(page.getByTestId('run-rejected')).toHaveText('1');
    await expect(page.getByTestId('run-unchanged')).toHaveText(String(GOOD));
    await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
  });
});

test.describe('for other roles', () => {
  test.use({ expectedHttpErrors: [{ status: 403, path: /^\/admin\/gias$/ }] });

  test('a Partner user is refused the page with the reason', async ({ page }) => {
    await signIn(page, 'partner');
    const response = await page.goto('/admin/gias');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Refused: importing the GIAS register');
    await expect(page.locator('section.refused p.reason')).toHaveText(
      'Partner users cannot import the GIAS register into Institution records.',
    );
  });
});
