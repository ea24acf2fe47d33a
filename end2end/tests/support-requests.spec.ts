import { test, expect, signIn, hydrated, expectNoAxeViolations } from './support';
import type { Browser, Page } from '@playwright/test';

// Support requests (docs/RULES.md §2.7) and the Hub Lead upgrade they ask
// for (§2.2). Each test raises its own requests with words no other test
// uses, and the Hub Lead test makes its own EC: the demo accounts and the
// counts other specs rely on stay as seeded.

const unique = (what: string) => `${what} ${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

async function openRaiseForm(page: Page, js: boolean): Promise<void> {
  await page.goto('/areas/support-requests');
  if (js) await hydrated(page);
  await page.getByRole('link', { name: 'Raise a support request' }).click();
  await page.waitForURL('/areas/support-requests/new');
  if (js) await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Raise a support request');
}

/** Submits the form with Other chosen and no words for it: the error comes back, input kept. */
async function raiseWithAnError(page: Page, description: string): Promise<void> {
  await page.getByLabel('Other', { exact: true }).check();
  await page.locator('#description').fill(description);
  await page.getByRole('button', { name: 'Raise the request' }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('heading')).toHaveText('There is a problem');
  await expect(summary.getByRole('link')).toHaveAttribute('href', '#subject_other');
  await expect(page.locator('#description')).toHaveValue(description);
  await expect(page.getByLabel('Other', { exact: true })).toBeChecked();
  await expect(page.locator('#subject_other')).toHaveAttribute('aria-invalid', 'true');
}

async function finishRaising(page: Page, subject: string): Promise<number> {
  await page.locator('#subject_other').fill(subject);
  await page.getByRole('button', { name: 'Raise the request' }).click();
  await page.waitForURL(/\/areas\/support-requests\/\d+\?raised=1$/);
  await expect(page.getByRole('status')).toContainText('has been raised');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
  await expect(page.locator('strong.tag')).toHaveText('New');
  return Number(/support-requests\/(\d+)/.exec(page.url())?.[1]);
}

test.describe('with JavaScript', () => {
  // The first submission is refused on purpose (422).
  test.use({ expectedHttpErrors: [{ status: 422, path: /^\/api\/support-requests\/raise$/ }] });

  test('anyone raises a support request; an error is summarised and the input kept', async ({ page }) => {
  await signIn(page, 'cec-staff');
  await openRaiseForm(page, true);
  await expectNoAxeViolations(page);
  const description = unique('With script');
  await raiseWithAnError(page, description);
  await expectNoAxeViolations(page);
  const subject = unique('Script subject');
  await finishRaising(page, subject);
  await hydrated(page);
  await expectNoAxeViolations(page);
  // Their own list shows it, with its status tag.
  await page.goto('/areas/support-requests');
  const row = page.locator('table.records tbody tr').filter({ hasText: subject });
  await expect(row.locator('strong.tag')).toHaveText('New');
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('an org-only user raises a support request with the plain form; an error keeps what was typed', async ({ page }) => {
    await signIn(page, 'general-user', { js: false });
    await openRaiseForm(page, false);
    await expect(page.locator('form.support-form')).toHaveAttribute('method', /^post$/i);
    const description = unique('Without script');
    await raiseWithAnError(page, description);
    expect(page.url()).toContain('__err=');
    const subject = unique('Plain subject');
    await finishRaising(page, subject);
  });

  test('a request about a record names it by its title, not by a typed number', async ({ page }) => {
    await signIn(page, 'partner', { js: false });
    await page.goto('/areas/eas');
    await page.locator('table.records tbody a').first().click();
    await page.waitForURL(/\/areas\/eas\/\d+$/);
    const id = Number(/eas\/(\d+)/.exec(page.url())?.[1]);
    const title = ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
    await page.getByRole('link', { name: 'Ask about this record' }).click();
    await page.waitForURL(`/areas/support-requests/new?related_kind=eas&related_id=${id}`);
    const related = page.locator('fieldset', { hasText: 'Related record' });
    await expect(related.getByRole('link', { name: title })).toHaveAttribute('href', `/areas/eas/${id}`);
    await expect(page.locator('#related_id')).toHaveCount(0);
    await page.getByLabel('Other', { exact: true }).check();
    await page.locator('#description').fill('Please correct this record.');
    await finishRaising(page, unique('About a record'));
    await expect(page.locator('dl.summary-list')).toContainText(title);
  });
});

/** Moves the request on from its page as Network Ops: one form, then waits for the new state. */
async function submitIn(page: Page, heading: string, button: string): Promise<void> {
  const section = page.locator('section.action').filter({ has: page.getByRole('heading', { name: heading, exact: true }) });
  await section.getByRole('button', { name: button }).click();
  await expect(section.getByRole('status')).toBeVisible();
}

test('the queue takes a request, moves it through its statuses and comments; the requester sees each change', async ({ page, browser }) => {
  const subject = unique('Queue subject');
  const requester = await (await browser.newContext()).newPage();
  await signIn(requester, 'unit-manager');
  await openRaiseForm(requester, true);
  await requester.getByLabel('Other', { exact: true }).check();
  await requester.locator('#description').fill('Please move me to the Planning unit.');
  const id = await finishRaising(requester, subject);

  await signIn(page, 'network-ops');
  await page.goto(`/areas/support-requests?q=${encodeURIComponent(subject)}`);
  await hydrated(page);
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: String(id), exact: true }).click();
  await page.waitForURL(`/areas/support-requests/${id}`);
  await hydrated(page);
  await submitIn(page, 'Assignee', 'Take it');
  await expect(page.locator('dl.summary-list')).toContainText('Aisha Hughes');
  await page.locator('#status').selectOption('in_progress');
  await submitIn(page, 'Status', 'Change status');
  await expect(page.locator('strong.tag')).toHaveText('In progress');
  await page.locator('#comment-body').fill('Moving you now.');
  await submitIn(page, 'Add a comment', 'Add comment');
  await expect(page.locator('ul.comments')).toContainText('Moving you now.');
  await page.locator('#status').selectOption('resolved');
  // A resolved request is final: the queue's forms go, the tag says so.
  await page.getByRole('button', { name: 'Change status' }).click();
  await expect(page.locator('strong.tag')).toHaveText('Resolved');
  await expect(page.getByRole('button', { name: 'Change status' })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The queue's filters are in the URL: a resolved request is under Closed.
  await page.goto(`/areas/support-requests?status=closed&f_status=Resolved&q=${encodeURIComponent(subject)}`);
  await expect(page.locator('table.records tbody tr')).toHaveCount(1);

  await requester.goto(`/areas/support-requests/${id}`);
  await hydrated(requester);
  await expect(requester.locator('strong.tag')).toHaveText('Resolved');
  await expect(requester.locator('ul.comments')).toContainText('Moving you now.');
  const history = requester.locator('table.history');
  for (const s of ['New', 'In progress', 'Resolved']) await expect(history).toContainText(s);
  // The requester reads and answers; only the queue changes it.
  await expect(requester.getByRole('button', { name: 'Change status' })).toHaveCount(0);
  await requester.locator('#comment-body').fill('Thank you, that is right.');
  await submitIn(requester, 'Add a comment', 'Add comment');
  await expect(requester.locator('ul.comments')).toContainText('Thank you, that is right.');
  await expectNoAxeViolations(requester);
  await requester.context().close();
});

/** A new EC added by the demo Sub-contractor, with its own login; returns its email and password. */
async function newEc(browser: Browser, page: Page): Promise<{ email: string; password: string; id: number }> {
  await signIn(page, 'sc');
  await page.goto('/areas/ecs/new');
  await hydrated(page);
  const email = `hub-lead-${Date.now()}@ec.example.org`;
  await page.locator('#field-first_name').fill('Hana');
  await page.locator('#field-last_name').fill('Lead');
  await page.locator('#field-email').fill(email);
  await page.getByRole('button', { name: 'Add' }).click();
  const link = (await page.locator('code.invitation').textContent()) ?? '';
  const record = await page.getByRole('link', { name: 'Open the record' }).getAttribute('href');
  const id = Number(/\/areas\/ecs\/(\d+)/.exec(record ?? '')?.[1]);
  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(link);
  await hydrated(invitee);
  const password = 'a long enough password';
  await invitee.locator('#password').fill(password);
  await invitee.locator('#confirm').fill(password);
  await invitee.getByRole('button', { name: 'Set password' }).click();
  await expect(invitee).not.toHaveURL(/\/invite\//);
  await invitee.context().close();
  return { email, password, id };
}

test('an EC asks for a Hub Lead upgrade, Network Ops makes it from the request, and the EC sees it done', async ({ page, browser }) => {
  const ec = await newEc(browser, page);
  const ecPage = await (await browser.newContext()).newPage();
  await ecPage.goto('/login');
  await hydrated(ecPage);
  await ecPage.locator('#email').fill(ec.email);
  await ecPage.locator('#password').fill(ec.password);
  await ecPage.getByRole('button', { name: 'Sign in' }).click();
  await ecPage.waitForURL('/');
  // From their own record, the EC asks for the upgrade.
  await ecPage.goto(`/areas/ecs/${ec.id}`);
  await hydrated(ecPage);
  await ecPage.getByRole('link', { name: 'Ask for an upgrade to Hub Lead' }).click();
  await ecPage.waitForURL(/\/areas\/support-requests\/new\?/);
  await hydrated(ecPage);
  await expect(ecPage.getByLabel('Record upgrade needed – EC to Hub Lead')).toBeChecked();
  await ecPage.locator('#description').fill('I now lead our schools programme.');
  await ecPage.getByRole('button', { name: 'Raise the request' }).click();
  await ecPage.waitForURL(/\/areas\/support-requests\/\d+\?raised=1$/);
  const request = Number(/support-requests\/(\d+)/.exec(ecPage.url())?.[1]);

  await signIn(page, 'network-ops');
  await page.goto(`/areas/support-requests/${request}`);
  await hydrated(page);
  await page.getByRole('link', { name: 'Open the EC record to make the upgrade' }).click();
  await page.waitForURL(`/areas/ecs/${ec.id}?upgrade_request=${request}`);
  await hydrated(page);
  const form = page.locator('#hub-lead-upgrade');
  await expect(form).toContainText(`answers support request ${request}`);
  await expectNoAxeViolations(page);
  await form.locator('select[name="hub_lead"]').selectOption('shl');
  await form.getByLabel(/^Sub-contractor user of /).check();
  await form.getByRole('button', { name: 'Change record type' }).click();
  await expect(form.getByRole('status')).toContainText(`Support request ${request} is resolved.`);
  await expect(page.locator('dl.record-fields')).toContainText('Strategic (SHL)');

  await ecPage.goto(`/areas/support-requests/${request}`);
  await hydrated(ecPage);
  await expect(ecPage.locator('strong.tag')).toHaveText('Resolved');
  await expect(ecPage.locator('ul.comments')).toContainText('Strategic Hub Lead (SHL)');
  await expectNoAxeViolations(ecPage);
  // Their login now holds the Sub-contractor role beside the EC one: the
  // header offers the switch between the two.
  await expect(ecPage.locator('#grant-select option')).toHaveCount(2);
  await expect(ecPage.locator('#grant-select')).toContainText('Sub-contractor');
  await ecPage.context().close();
});
