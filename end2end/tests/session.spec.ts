import { test, expect, signIn, hydrated, navAreas } from './support';

test('two-roles switches from Enterprise Co-ordinator to Partner', async ({ page }) => {
  await signIn(page, 'two-roles');
  const activeRole = page.getByTestId('active-role');
  await expect(activeRole).toHaveText(/^Enterprise Co-ordinator/);
  expect(await navAreas(page)).not.toContain('sub-contractors');

  const select = page.locator('#grant-select');
  await expect(page.getByLabel('Acting as')).toBeVisible();
  const partner = select.locator('option', { hasText: /^Partner — / });
  await expect(partner).toHaveCount(1);
  await select.selectOption(await partner.getAttribute('value'));
  await page.getByRole('button', { name: 'Switch role' }).click();

  await expect(activeRole).toHaveText(/^Partner — /);
  await expect(page.getByRole('navigation', { name: 'Main' }).locator('a[href="/areas/sub-contractors"]')).toBeVisible();
  expect(await navAreas(page)).toContain('sub-contractors');
});

test('accounts with one network role get no role switch', async ({ page }) => {
  await signIn(page, 'ec');
  // The EC's grant is bound to Erin herself: the role does not repeat her name.
  await expect(page.getByTestId('active-role')).toHaveText('Enterprise Co-ordinator');
  await expect(page.locator('#grant-select')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Switch role' })).toHaveCount(0);
});

test('org roles are shown in the header', async ({ page }) => {
  await signIn(page, 'org-admin');
  await expect(page.getByTestId('org-role')).toHaveText(/Administrator/);
});

test('sign out ends the session', async ({ page }) => {
  await signIn(page, 'sc');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('/login');
  await page.goto('/');
  await expect(page).toHaveURL('/login');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to Caseboard');
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
});

test('signed-out visitors are sent to sign in', async ({ page }) => {
  await page.goto('/areas/ecs');
  await expect(page).toHaveURL('/login');
});
