import {
  test, expect, signIn, navAreas, hydrated, expectNoAxeViolations, REFUSED_AREA, markWindow, stillSamePage,
} from './support';

// What each demo org login sees in the seeded demo org (server/src/seed/assessments.rs):
// 15 assessments in 2026-Q1 and 2026-Q2 over Example Organisation > Projects,
// Planning > Business Units. Visibility follows the assessee's unit only, and
// the Director of Projects (Dana Morgan, sitting in Projects Delivery) is
// visible to the Projects Directorate's manager and hidden from managers below it.
type Expected = {
  areas: string[];
  assessments: string[];
  dashboard: { total: string; completion: string; units: string[] } | null;
};

const ALL = [
  'Dana Morgan', 'Dana Morgan', 'Grace Evans', 'Hamza Ali', 'Isla Reid', 'Jon Shaw', 'Jon Shaw', 'Kate Lowe',
  'Kate Lowe', 'Liam Ford', 'Liam Ford', 'Maya Singh', 'Maya Singh', 'Noah Bell', 'Owen Price',
];

const EXPECTED: Record<string, Expected> = {
  'org-admin': {
    areas: ['assessments', 'org-dashboard', 'org-reports', 'org-units', 'org-users', 'support-requests', 'system-settings'],
    assessments: ALL,
    dashboard: {
      total: '15',
      completion: '53 %',
      units: ['Example Organisation', 'Projects', 'Projects Delivery', 'Projects Support', 'Planning Policy', 'Planning Applications'],
    },
  },
  'directorate-manager': {
    areas: ['assessments', 'org-dashboard', 'org-reports', 'support-requests'],
    assessments: [
      'Dana Morgan', 'Dana Morgan', 'Hamza Ali', 'Isla Reid', 'Jon Shaw', 'Jon Shaw', 'Kate Lowe', 'Kate Lowe',
      'Liam Ford', 'Liam Ford',
    ],
    dashboard: { total: '10', completion: '60 %', units: ['Projects', 'Projects Delivery', 'Projects Support'] },
  },
  'unit-manager': {
    areas: ['assessments', 'org-dashboard', 'org-reports', 'support-requests'],
    assessments: ['Isla Reid', 'Jon Shaw', 'Jon Shaw', 'Kate Lowe', 'Kate Lowe'],
    dashboard: { total: '5', completion: '60 %', units: ['Projects Delivery'] },
  },
  'general-user': {
    areas: ['assessments', 'support-requests'],
    assessments: ['Jon Shaw', 'Jon Shaw'],
    dashboard: null,
  },
};

async function assesseeNames(page: import('@playwright/test').Page): Promise<string[]> {
  const names = await page.locator('table.assessments tbody tr td:first-child').allTextContents();
  return names.map((n) => n.trim()).sort();
}

for (const [login, want] of Object.entries(EXPECTED)) {
  test.describe(login, () => {
    test.use({ expectedHttpErrors: [REFUSED_AREA] });

    test(`${login} sees exactly their menus, assessments and dashboard figures`, async ({ page }) => {
      await signIn(page, login);
      expect(await navAreas(page)).toEqual([...want.areas].sort());

      await page.goto('/areas/assessments');
      await hydrated(page);
      await expect(page.locator('p.summary')).toContainText(`${want.assessments.length} assessment`);
      expect(await assesseeNames(page)).toEqual(want.assessments);
      await expectNoAxeViolations(page);

      const dash = await page.goto('/areas/org-dashboard');
      if (want.dashboard === null) {
        expect(dash?.status()).toBe(403);
        await expect(page.getByRole('heading', { level: 1 })).toContainText('Refused');
        await expect(page.locator('.refused .reason')).toContainText('General User users cannot view the assessment dashboard');
        return;
      }
      await hydrated(page);
      await expect(page.getByTestId('total')).toHaveText(want.dashboard.total);
      await expect(page.getByTestId('completion')).toHaveText(want.dashboard.completion);
      const units = await page.locator('table.figures').first().locator('tbody th[scope=row]').allTextContents();
      expect(units).toEqual(want.dashboard.units);
      await expect(page.locator('ul.bars').first()).toBeVisible();
      await expectNoAxeViolations(page);

      await page.goto('/areas/org-reports');
      await hydrated(page);
      await expect(page.locator('p.summary')).toHaveText(`${want.dashboard.total} assessments`);
    });
  });
}

test('filters and sorting live in the URL and work client-side', async ({ page }) => {
  await signIn(page, 'directorate-manager');
  await page.goto('/areas/assessments');
  await hydrated(page);
  await markWindow(page);
  await page.locator('#period').selectOption('2026-Q1');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/period=2026-Q1/);
  await expect(page.locator('p.summary')).toContainText('4 assessments');
  await page.getByRole('link', { name: /^Period/ }).click();
  await expect(page).toHaveURL(/sort=period/);
  // The table updates in place after the URL changes: poll rather than read once.
  await expect.poll(() => assesseeNames(page)).toEqual(['Dana Morgan', 'Jon Shaw', 'Kate Lowe', 'Liam Ford']);
  expect(await stillSamePage(page)).toBe(true);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the assessment filter form works as a plain GET form', async ({ page }) => {
    await signIn(page, 'unit-manager', { js: false });
    await page.goto('/areas/assessments');
    await page.locator('#status').selectOption('submitted');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/status=submitted/);
    expect(await assesseeNames(page)).toEqual(['Kate Lowe']);
  });
});

test('a manager edits a draft in their unit; the page offers only the allowed steps', async ({ page }) => {
  await signIn(page, 'unit-manager');
  await page.goto('/areas/assessments?q=Jon&period=2026-Q2');
  await hydrated(page);
  await page.getByRole('link', { name: 'Jon Shaw' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Assessment of Jon Shaw — 2026-Q2');
  await hydrated(page);
  // A draft with missing ratings: editing is offered, submitting explained, endorsing explained.
  await expect(page.getByRole('button', { name: 'Save changes' })).toBeVisible();
  await expect(page.locator('.not-available')).toContainText('Submit: Rate all five competencies');
  await expect(page.locator('.not-available')).toContainText('Endorse: This assessment is still a draft');
  await page.locator('#comments').fill('Checked in the browser test.');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('.done')).toHaveText('Saved.');
  await expect(page.locator('p.comments')).toHaveText('Checked in the browser test.');
  await expect(page.locator('table.history')).toContainText('comments');
});

test('the Director is hidden from the Business Unit manager', async ({ page }) => {
  await signIn(page, 'unit-manager');
  await page.goto('/areas/assessments?q=Dana');
  await hydrated(page);
  await expect(page.locator('p.summary')).toContainText('0 assessments');
});

test('the Administrator pages hydrate cleanly and pass axe', async ({ page }) => {
  await signIn(page, 'org-admin');
  for (const path of ['/areas/org-units', '/areas/org-users', '/areas/system-settings', '/areas/assessments/new', '/areas/org-reports']) {
    await page.goto(path);
    await hydrated(page);
    await expectNoAxeViolations(page);
  }
  await page.goto('/areas/org-users');
  await hydrated(page);
  await page.getByRole('link', { name: 'Jon Shaw' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Jon Shaw');
  await hydrated(page);
  await expectNoAxeViolations(page);
  await page.goto('/areas/assessments?q=Kate&period=2026-Q2');
  await hydrated(page);
  await page.getByRole('link', { name: 'Kate Lowe' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Kate Lowe');
  // Administrators view every assessment but edit only their own.
  await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
  await expect(page.locator('.not-available')).toContainText('Edit:');
  await expectNoAxeViolations(page);
});
