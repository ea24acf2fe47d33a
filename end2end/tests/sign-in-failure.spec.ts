import { test, expect, hydrated, type ExpectedHttpError } from './support';

// The only tests that submit a wrong password. They use an unknown account,
// which cannot be locked, so no shared demo account is put at risk.
const UNKNOWN = 'nobody@example.org';
const GENERIC_MESSAGE = /^Sign-in failed\. /;

// The sign-in server function answers a failure with 401.
const SIGN_IN_401: ExpectedHttpError = { status: 401, path: /^\/api\/session\/sign-in$/ };

test.describe('with JavaScript', () => {
  test.use({ expectedHttpErrors: [SIGN_IN_401] });

  test('failed sign-in shows the generic message', async ({ page }) => {
    await page.goto('/login');
    await hydrated(page);
    await page.locator('#email').fill(UNKNOWN);
    await page.locator('#password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText(GENERIC_MESSAGE);
    await expect(page).toHaveURL('/login');
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('failed sign-in shows the generic message', async ({ page }) => {
    // Known app bug: the form posts, the server redirects back to
    // /login?__path=/api/session/sign-in&__err=…, but the page renders an
    // empty alert. SessionContext::provide() (which creates the ServerAction)
    // runs before <Router> in app/src/root.rs, and the Router is what provides
    // the ServerActionError read from __err. Remove test.fail once fixed.
    await page.goto('/login');
    await page.locator('#email').fill(UNKNOWN);
    await page.locator('#password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/login\?/);
    await expect(page.getByRole('alert')).toHaveText(GENERIC_MESSAGE, { timeout: 30_000 });
  });
});
