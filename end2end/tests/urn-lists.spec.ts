import { test, expect, signIn, hydrated, expectNoAxeViolations } from './support';

// docs/RULES.md §2.2: Admin's URN list pages. Each test uses its own URNs and
// list, so the specs can run in any order against the one demo server.

test('with JavaScript, Admin adds a URN with a reason, sees it, and removes it with a reason', async ({ page }) => {
  await signIn(page, 'admin');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'URN lists' }).click();
  await page.getByRole('link', { name: 'Included URNs', exact: true }).click();
  await page.waitForURL('/areas/urn-lists/included');
  await hydrated(page);
  await expectNoAxeViolations(page);

  await page.locator('#one-urn').fill('910001');
  await page.locator('#one-reason').fill('joined with JavaScript');
  await page.getByRole('button', { name: 'Add URN', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '1 added.' }).first()).toBeVisible();
  const row = page.locator('table.urn-entries tbody tr').filter({ hasText: '910001' });
  await expect(row).toContainText('joined with JavaScript');
  await expect(row).toContainText('not in the register');

  await row.getByLabel('Reason for removing 910001').fill('added by mistake');
  await row.getByRole('button', { name: 'Remove 910001' }).click();
  await expect(page.locator('table.urn-entries tbody tr').filter({ hasText: '910001' })).toHaveCount(0);
  await page.goto('/areas/urn-lists/included?status=closed&q=910001');
  await expect(page.locator('table.urn-entries tbody tr').filter({ hasText: '910001' })).toContainText('added by mistake');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false, expectedHttpErrors: [{ status: 403, path: /^\/areas\/urn-lists\/[a-z_]+$/ }] });

  test('Admin pastes many URNs; the clear ones go in and the bad line is named', async ({ page }) => {
    await signIn(page, 'admin', { js: false });
    await page.goto('/areas/urn-lists/excluded');
    await page.locator('#many-urns').fill('910002\nnot-a-urn\n910003,own reason');
    await page.locator('#many-reason').fill('pasted without JavaScript');
    await page.getByRole('button', { name: 'Add URNs', exact: true }).click();
    await page.waitForURL(/\/areas\/urn-lists\/excluded\?added=2/);
    const outcome = page.locator('.outcome');
    await expect(outcome).toContainText('2 added.');
    await expect(outcome).toContainText('line 2: URN "not-a-urn" is not a positive whole number');
    await expect(page.locator('table.urn-entries tbody tr').filter({ hasText: '910003' })).toContainText('own reason');
  });

  test('another role gets the refusal and no controls', async ({ page }) => {
    await signIn(page, 'network-ops', { js: false });
    const res = await page.goto('/areas/urn-lists/included');
    expect(res?.status()).toBe(403);
    await expect(page.locator('.refused')).toContainText('cannot view');
    await expect(page.locator('#one-urn')).toHaveCount(0);
  });
});
