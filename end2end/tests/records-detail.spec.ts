import { test, expect, signIn, hydrated, loadPage, recordField, recordVersion, editSection, expectNoAxeViolations } from './support';

// A record's detail page: open it from the list, change a field through its
// "Change" link (the version goes up and History shows the change), locked
// fields with their reasons, and the actions a role may not take, each
// explained in the "What you cannot do here, and why" disclosure.

test('ec opens an EA from the list, edits its job title; History shows old and new', async ({ page }) => {
  await signIn(page, 'ec');
  await page.goto('/areas/eas?q=alex&sort=last_name');
  await hydrated(page);
  const first = page.locator('table.records tbody tr').first();
  // The row's link is the EA's full name (docs/RULES.md §5.2).
  const link = first.locator('td').first().getByRole('link');
  const name = ((await link.textContent()) ?? '').trim();
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^\/areas\/eas\/\d+$/);
  await link.click();
  await page.waitForURL(href!);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByRole('navigation', { name: 'Record' }).getByRole('link', { name: 'Version and history' })).toBeVisible();
  const record = new URL(page.url()).pathname;

  const oldTitle = (await recordField(page, 'Job title').textContent())!.trim();
  const before = await recordVersion(page, record);
  await loadPage(page, record);
  const newTitle = `Careers lead ${Date.now()}`;
  // The field's own "Change" link opens the edit mode with the field focused.
  await page.getByRole('link', { name: 'Change Job title' }).click();
  await expect(page).toHaveURL(/\?edit=1#field-job_title$/);
  const edit = editSection(page);
  await expect(edit.locator('#field-job_title')).toBeFocused();
  await expect(edit.locator('#field-job_title')).toHaveValue(oldTitle === '—' ? '' : oldTitle);
  await edit.locator('#field-job_title').fill(newTitle);
  await edit.getByRole('button', { name: 'Save changes' }).click();

  await expect(page).toHaveURL(/\?saved=1$/);
  await expect(page.getByRole('status').filter({ hasText: 'Your changes to' })).toBeFocused();
  await expect(recordField(page, 'Job title')).toHaveText(newTitle);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // History: who changed which field from what to what.
  await page.getByRole('navigation', { name: 'Record' }).getByRole('link', { name: 'Version and history' }).click();
  await expect(page).toHaveURL(/\?tab=history$/);
  const row = page.locator('table.history tbody tr').filter({ hasText: newTitle });
  await expect(row).toHaveCount(1);
  // Columns: When (UK time), Who, What, Field, Before, After.
  const cells = await row.locator('td').allTextContents();
  expect(cells[0]).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}, \d{1,2}:\d{2}(am|pm)$/);
  expect(cells[1]).toBe('Erin Coleman');
  expect(cells[2]).toBe('edit');
  expect(cells[3]).toBe('Job title');
  expect(cells[4]).toBe(oldTitle === '—' ? '' : oldTitle);
  expect(cells[5]).toBe(newTitle);

  await expect(recordField(page, 'Version')).toHaveText(String(before + 1));
  // Back on Details, the saved value is still there.
  await page.getByRole('navigation', { name: 'Record' }).getByRole('link', { name: 'Details' }).click();
  await expect(recordField(page, 'Job title')).toHaveText(newTitle);
});

test('network-ops on an EC record: Email locked with the reason, First name editable', async ({ page }) => {
  await signIn(page, 'network-ops');
  await page.goto('/areas/ecs?q=coleman');
  await hydrated(page);
  await page.locator('table.records tbody tr').first().locator('td').first().getByRole('link').click();
  await expect(page).toHaveURL(/\/areas\/ecs\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Erin Coleman');

  // The summary says why Email is locked; First name has its Change link.
  await expect(recordField(page, 'Email').locator('xpath=following-sibling::dd')).toHaveText(/^Locked: .*Network Ops.*email/);
  await expect(page.getByRole('link', { name: 'Change First name' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Change Email' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Change details' }).click();
  await expect(page).toHaveURL(/\?edit=1$/);
  const edit = editSection(page);
  const email = edit.getByLabel('Email');
  await expect(email).toBeDisabled();
  await expect(email).toHaveValue('ec@demo.caseboard.test');
  const reason = edit.locator('#field-email-hint');
  await expect(reason).toHaveClass(/lock-reason/);
  await expect(reason).toHaveText(/^Locked: .*Network Ops.*email/);
  await expect(email).toHaveAttribute('aria-describedby', 'field-email-hint');

  await expect(edit.getByLabel('First name')).toBeEnabled();
  await expect(edit.getByLabel('Last name')).toBeEnabled();
  await expect(edit.getByLabel('Phone')).toBeEnabled();
  await expect(edit.locator('.lock-reason')).toHaveCount(1);

  // Network Ops may not close EC records: explained, not offered.
  await edit.getByRole('link', { name: 'Cancel' }).click();
  await expect(page.getByRole('link', { name: 'Close this record' })).toHaveCount(0);
  const na = page.locator('details.not-available');
  await na.locator('summary').click();
  await expect(na.locator('li')).toContainText([/cannot close EC records/]);
});

test('cec-staff sees no Change links; the disclosure explains edit and close', async ({ page }) => {
  await signIn(page, 'cec-staff');
  await page.goto('/areas/employers');
  await hydrated(page);
  await page.locator('table.records tbody tr').first().locator('td').first().getByRole('link').click();
  await expect(page).toHaveURL(/\/areas\/employers\/\d+$/);
  await expect(page.locator('dl.record-fields')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Edit' })).toHaveCount(0);
  await expect(page.locator('form[action="/api/records/save"]')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Change details' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /^Change / })).toHaveCount(0);
  // Refusals are folded away until asked for.
  const na = page.locator('details.not-available');
  const summary = na.locator('summary');
  await expect(summary).toHaveText('What you cannot do here, and why');
  await expect(na.locator('li').first()).toBeHidden();
  await summary.click();
  await expect(na.locator('li').filter({ hasText: 'CEC Staff users cannot edit Employer records.' })).toBeVisible();
  await expect(na.locator('li').filter({ hasText: 'CEC Staff users cannot close Employer records.' })).toBeVisible();
});

test('a record detail page passes axe', async ({ page }) => {
  await signIn(page, 'network-ops');
  await loadPage(page, '/areas/ecs/1');
  await expect(page.locator('dl.record-fields')).toBeVisible();
  await expectNoAxeViolations(page);
});
