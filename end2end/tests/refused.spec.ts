import { test, expect, signIn, REFUSED_AREA } from './support';

// Opening an area the active role may not view answers 403 and says why.
test.use({ expectedHttpErrors: [REFUSED_AREA] });

const CASES = [
  {
    login: 'ec',
    slug: 'sub-contractors',
    what: 'Sub-contractor records',
    why: 'Enterprise Co-ordinator users cannot view Sub-contractor records.',
  },
  { login: 'network-ops', slug: 'eas', what: 'EA records', why: 'Network Ops users cannot view EA records.' },
  {
    login: 'general-user',
    slug: 'org-dashboard',
    what: 'the assessment dashboard',
    why: 'General User users cannot view the assessment dashboard.',
  },
];

for (const c of CASES) {
  test(`${c.login} is refused /areas/${c.slug} with a reason`, async ({ page }) => {
    await signIn(page, c.login);
    const response = await page.goto(`/areas/${c.slug}`);
    expect(response?.status()).toBe(403);
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toHaveText(`Refused: viewing ${c.what}`);
    await expect(page.locator('section.refused p.reason')).toHaveText(c.why);
  });
}
