import { test, expect, signIn, navAreas, expectNoAxeViolations } from './support';

// The areas each demo login's active role may view (from the permission
// matrix, docs/RULES.md; every signed-in user may raise support requests);
// the Main navigation links to exactly these.
const EXPECTED_AREAS: Record<string, string[]> = {
  ec: ['ecs', 'eas', 'institutions', 'employers', 'compass-reports', 'support-requests'],
  partner: [
    'sub-contractors', 'ecs', 'eas', 'institutions', 'employers', 'partners',
    'compass-reports', 'support-requests', 'monthly-submissions',
  ],
  sc: ['ecs', 'eas', 'institutions', 'employers', 'compass-reports', 'support-requests'],
  'cec-staff': [
    'sub-contractors', 'ecs', 'eas', 'institutions', 'employers', 'partner-users',
    'cec-staff-users', 'compass-reports', 'support-requests',
  ],
  'network-ops': [
    'ecs', 'institutions', 'employers', 'partners', 'partner-users', 'cec-staff-users', 'support-requests',
  ],
  admin: [
    'sub-contractors', 'ecs', 'eas', 'institutions', 'employers', 'partners', 'partner-users',
    'cec-staff-users', 'organisations', 'compass-reports', 'support-requests', 'monthly-submissions',
    'urn-lists', 'national-users',
  ],
  // Holds Enterprise Co-ordinator and Partner; starts as Enterprise Co-ordinator.
  'two-roles': ['ecs', 'eas', 'institutions', 'employers', 'compass-reports', 'support-requests'],
  'org-admin': ['assessments', 'org-reports', 'org-dashboard', 'org-users', 'org-units', 'system-settings', 'support-requests'],
  'directorate-manager': ['assessments', 'org-reports', 'org-dashboard', 'support-requests'],
  'unit-manager': ['assessments', 'org-reports', 'org-dashboard', 'support-requests'],
  'general-user': ['assessments', 'support-requests'],
};

for (const [login, areas] of Object.entries(EXPECTED_AREAS)) {
  test(`${login}: navigation shows exactly the viewable areas; home page passes axe`, async ({ page }) => {
    await signIn(page, login);
    expect(await navAreas(page)).toEqual([...areas].sort());
    // The home page lists the same areas.
    const listed = await page
      .locator('main ul.area-list a')
      .evaluateAll((links) => links.map((a) => (a.getAttribute('href') ?? '').replace('/areas/', '')));
    expect(listed.sort()).toEqual([...areas].sort());
    await expectNoAxeViolations(page);
  });
}
