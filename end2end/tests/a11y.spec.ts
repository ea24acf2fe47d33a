import { test, expect, signIn, hydrated, expectNoAxeViolations, REFUSED_AREA } from './support';

// Every page, as an administrator and as an org role, passes axe-core.
test.use({ expectedHttpErrors: [REFUSED_AREA] });

test('sign-in page passes axe (signed out)', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await expectNoAxeViolations(page);
});

const ACCOUNTS = [
  { login: 'admin', allowed: 'sub-contractors', refused: 'assessments' },
  { login: 'org-admin', allowed: 'org-units', refused: 'ecs' },
  { login: 'general-user', allowed: 'assessments', refused: 'org-dashboard' },
];

for (const { login, allowed, refused } of ACCOUNTS) {
  test(`${login}: home, permissions and area pages pass axe`, async ({ page }) => {
    await signIn(page, login);
    await expectNoAxeViolations(page);

    await page.goto('/permissions');
    await hydrated(page);
    await expect(page.locator('main table').first()).toBeVisible();
    await expectNoAxeViolations(page);

    const ok = await page.goto(`/areas/${allowed}`);
    expect(ok?.status()).toBe(200);
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(/^Refused/);
    await expectNoAxeViolations(page);

    const no = await page.goto(`/areas/${refused}`);
    expect(no?.status()).toBe(403);
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Refused: /);
    await expectNoAxeViolations(page);
  });
}
