import { test, expect, signIn, DEMO_PASSWORD, demo } from './support';

// The sign-in form is a plain HTML form: it works before (or without) WASM.
test.use({ javaScriptEnabled: false });

test('sign-in works without JavaScript', async ({ page, context }) => {
  await page.goto('/login');
  await page.locator('#email').fill(demo('partner'));
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('/');
  const cookies = await context.cookies();
  expect(cookies.map((c) => c.name)).toContain('caseboard_session');
  // The signed-in home page is in the document (see the next test for why it
  // is not always visible without JavaScript).
  expect(await page.content()).toMatch(/Welcome, (<!---->|<!>)?\S/);
});

test('signed-in pages render completely without JavaScript', async ({ page }) => {
  // Pages are rendered whole before they are sent, so without JavaScript
  // every load must show the heading and the navigation (ten loads in a row:
  // an out-of-order streamed page once showed only "Loading…").
  test.setTimeout(300_000);
  await signIn(page, 'partner', { js: false });
  for (let i = 0; i < 10; i++) {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Welcome, /, { timeout: 30_000 });
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible({ timeout: 30_000 });
  }
});
