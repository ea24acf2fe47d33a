import { test, expect, signIn, hydrated, expectNoAxeViolations, REFUSED_AREA, type ExpectedHttpError } from './support';
import type { Page } from '@playwright/test';

// docs/RULES.md §2.4: the monthly Partner return, from draft to confirmed.
// Each run uses its own long-past month of the demo Partner, which no other
// spec uses, and changes no count another spec relies on.

async function as(page: Page, login: string, js: boolean): Promise<void> {
  await page.context().clearCookies();
  await signIn(page, login, { js });
}

async function open(page: Page, url: string, js: boolean): Promise<void> {
  await page.goto(url);
  if (js) await hydrated(page);
}

// axe-core runs inside the page, so only where JavaScript runs.
async function axe(page: Page, js: boolean): Promise<void> {
  if (js) await expectNoAxeViolations(page);
}

const tag = (page: Page) => page.locator('p.return-status .tag').first();

async function cycle(page: Page, js: boolean, month: string, label: string): Promise<void> {
  // A Partner user starts the month's return and submits it with the declaration.
  await as(page, 'partner', js);
  await open(page, '/areas/monthly-submissions', js);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Monthly returns');
  await axe(page, js);
  await page.locator('#month').fill(month);
  await page.getByRole('button', { name: 'Start the return for this month' }).click();
  await page.waitForURL(/\/areas\/monthly-submissions\/\d+$/);
  if (js) await hydrated(page);
  const returnUrl = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`return for ${label}`);
  await expect(tag(page)).toHaveText('Draft');
  await axe(page, js);

  // Without the declaration: the error summary links to the checkbox.
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  const problem = page.locator('.error-summary');
  await expect(problem).toContainText('Confirm the declaration');
  await expect(problem.getByRole('link')).toHaveAttribute('href', '#declaration');
  await expect(tag(page)).toHaveText('Draft');
  await page.locator('#declaration').check();
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(tag(page)).toHaveText('Submitted');
  await expect(page.locator('dl.figures')).toContainText('Active ECs');
  await expect(page.locator('dl.figures a').first()).toHaveAttribute('href', '/areas/ecs');
  await axe(page, js);

  // Admin finds it on the month's page and returns it, with a reason.
  await as(page, 'admin', js);
  await open(page, `/areas/monthly-submissions?month=${month}&status=submitted`, js);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(label);
  await axe(page, js);
  const rows = page.locator('table.returns tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('.tag').first()).toHaveText('Submitted');
  await rows.first().getByRole('link', { name: /^Open/ }).click();
  await page.waitForURL(returnUrl);
  if (js) await hydrated(page);
  await page.getByRole('button', { name: 'Return to the Partner' }).click();
  await expect(page.locator('.error-summary')).toContainText('Say why the return goes back');
  await expect(tag(page)).toHaveText('Submitted');
  await page.locator('#reason').fill('Please recount the EAs after the import');
  await page.getByRole('button', { name: 'Return to the Partner' }).click();
  await expect(tag(page)).toHaveText('Returned');
  await axe(page, js);

  // The Partner user reads the reason and resubmits: a new snapshot, the first kept.
  await as(page, 'partner', js);
  await open(page, returnUrl, js);
  await expect(page.locator('.warning-text')).toContainText('Please recount the EAs after the import');
  await page.locator('#declaration').check();
  await page.getByRole('button', { name: 'Resubmit', exact: true }).click();
  await expect(tag(page)).toHaveText('Submitted');
  await expect(page.getByRole('heading', { name: 'Earlier submissions' })).toBeVisible();

  // Admin confirms.
  await as(page, 'admin', js);
  await open(page, returnUrl, js);
  await page.getByRole('button', { name: 'Confirm this return' }).click();
  await expect(tag(page)).toHaveText('Confirmed');
  await expect(page.getByRole('button', { name: 'Confirm this return' })).toHaveCount(0);
  await axe(page, js);
  await open(page, `/areas/monthly-submissions?month=${month}&status=confirmed`, js);
  await expect(page.locator('table.returns tbody tr')).toHaveCount(1);
}

test.describe('with JavaScript', () => {
  // The two refusals the cycle provokes on purpose (no declaration, no reason).
  test.use({ expectedHttpErrors: [{ status: 422, path: /^\/api\/monthly\/(submit|return)$/ }] });

  test('a Partner user submits, Admin returns, the Partner resubmits, Admin confirms', async ({ page }) => {
    await cycle(page, true, '2024-02', 'February 2024');
  });
});

test.describe('without JavaScript', () => {
  // A refused form post comes back to its page (303), never a failed load.
  const none: ExpectedHttpError[] = [];
  test.use({ javaScriptEnabled: false, expectedHttpErrors: none });

  test('the same cycle works with plain forms', async ({ page }) => {
    await cycle(page, false, '2024-03', 'March 2024');
  });
});

test.describe('refused, without JavaScript', () => {
  test.use({ javaScriptEnabled: false, expectedHttpErrors: [REFUSED_AREA] });

  test('roles without monthly returns are refused with the reason', async ({ page }) => {
    await signIn(page, 'ec', { js: false });
    const res = await page.goto('/areas/monthly-submissions');
    expect(res?.status()).toBe(403);
    await expect(page.locator('.refused')).toContainText('cannot view');
  });
});
