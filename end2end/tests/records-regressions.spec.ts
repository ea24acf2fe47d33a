import { test, expect, signIn, hydrated, loadPage, queryParam, recordField, editSection, openFilters } from './support';
import type { Page } from '@playwright/test';

// App bugs found by the network-records browser tests, one test each. Those
// still open are marked test.fail (when one is fixed its test "unexpectedly
// passes": drop the test.fail line); the others guard against regressions.
// (Browser downloads: see records-download.spec.ts.)

async function openList(page: Page, login: string, slug: string): Promise<void> {
  await signIn(page, login);
  await page.goto(`/areas/${slug}`);
  await hydrated(page);
  await expect(page.locator('p.summary')).toBeVisible();
}

test('every load of a record detail page finishes', async ({ page }) => {
  // Fixed in b9ce2b4. About 1 detail response in 10 (1 in 6 four at a time)
  // never ended: the server task panicked ("expected context of type
  // AppState") in a record resource created again on every render pass, so
  // the page never fired "load" and never hydrated.
  // A bound far above any normal load: the test proves each load finishes,
  // not how fast (speed figures belong in server/examples/bench.rs).
  test.setTimeout(300_000);
  await signIn(page, 'ec');
  const load = async () => {
    const res = await page.request.get('/areas/eas/9', { timeout: 30_000 });
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain('__INCOMPLETE_CHUNKS');
  };
  for (let i = 0; i < 25; i++) await Promise.all([load(), load(), load(), load()]);
});

test('every page gets the CSP with its nonce, even under load', async ({ page }) => {
  // Fixed in b9ce2b4. Under load (here the 10 MB WASM bundle fetched gzipped
  // alongside) about 1 page in 30 came with the fallback CSP without the
  // page's nonce; Chromium then blocked every inline script and the page
  // never hydrated — any browser test could flake on it.
  test.setTimeout(300_000);
  const wasm = () => page.request.get('/pkg/caseboard.wasm', { headers: { 'Accept-Encoding': 'gzip' } });
  const missing: string[] = [];
  const pages = async () => {
    for (let i = 0; i < 75; i++) {
      const res = await page.request.get('/login');
      if (!/'nonce-[^']+'/.test(res.headers()['content-security-policy'] ?? '')) missing.push(`load ${i}`);
    }
  };
  const load = async () => { for (let i = 0; i < 8; i++) await wasm(); };
  await Promise.all([load(), load(), pages(), pages(), pages(), pages()]);
  expect(missing, 'page responses without the nonce CSP').toEqual([]);
});

test('a History tab opened by its URL hydrates without errors', async ({ page }) => {
  // OPEN app bug: loading /areas/<kind>/<id>?tab=history (a shared link, a
  // reload) fails hydration — "A hydration error occurred while trying to
  // hydrate an element defined at app/src/pages/records/detail.rs:64:14 …
  // expected a marker node", then "Unrecoverable hydration error" — and the
  // page never becomes interactive. (Reached by clicking the tab it works.)
  await signIn(page, 'ec');
  await loadPage(page, '/areas/eas/1?tab=history');
  await expect(page.locator('table.history, main p').first()).toBeVisible();
});

test('History names the changed field by its label', async ({ page }) => {
  // Fixed in b9ce2b4: the Field column showed the key ("job_title").
  await signIn(page, 'ec');
  await page.goto('/areas/eas?q=alex');
  await hydrated(page);
  await page.locator('table.records tbody a[href="/areas/eas/49"]').click(); // Alex Ellis
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alex Ellis');
  const value = `Field label check ${Date.now()}`;
  await page.getByRole('link', { name: 'Change Job title' }).click();
  const edit = editSection(page);
  await edit.locator('#field-job_title').fill(value);
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(recordField(page, 'Job title')).toHaveText(value);
  await page.getByRole('navigation', { name: 'Record' }).getByRole('link', { name: 'History' }).click();
  const row = page.locator('table.history tbody tr').filter({ hasText: value });
  await expect(row.locator('td').nth(3)).toHaveText('Job title');
});

test('"What you cannot do here, and why" names each action in words, not matrix letters', async ({ page }) => {
  // Fixed in b9ce2b4: items read "E: CEC Staff users cannot edit …".
  await signIn(page, 'cec-staff');
  await loadPage(page, '/areas/employers/1');
  const items = await page.locator('details.not-available li').allTextContents();
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) expect(item).not.toMatch(/^[VEDSAC]: /);
});

test('only the current tab of a record is marked aria-current', async ({ page }) => {
  // Fixed in b9ce2b4: both tabs (and the breadcrumb and every sort link)
  // carried aria-current="page" — leptos_router's <A> marks any path match.
  await signIn(page, 'ec');
  await loadPage(page, '/areas/eas/1');
  const tabs = page.getByRole('navigation', { name: 'Record' });
  await expect(tabs.getByRole('link', { name: 'Details' })).toHaveAttribute('aria-current', 'page');
  await expect(tabs.getByRole('link', { name: 'History' })).not.toHaveAttribute('aria-current', /.*/);
  await expect(page.locator('p.breadcrumb a')).not.toHaveAttribute('aria-current', /.*/);
});

test("Clear and Back put the filter form back to the URL's state", async ({ page }) => {
  // Fixed in b9ce2b4: after Clear or Back the table followed the URL but the
  // fields kept what was typed, and the next Apply re-applied the old search.
  await openList(page, 'ec', 'eas');
  const form = page.getByRole('search');
  await openFilters(page);
  await form.locator('#q').fill('ivan');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(() => queryParam(page, 'q')).toBe('ivan');
  await form.locator('#q').fill('eli');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(() => queryParam(page, 'q')).toBe('eli');

  await page.goBack();
  await expect.poll(() => queryParam(page, 'q')).toBe('ivan');
  await expect(page.locator('p.summary')).toHaveText(/^3 records/);
  await expect(form.locator('#q')).toHaveValue('ivan');

  await form.getByRole('link', { name: 'Clear' }).click();
  await expect.poll(() => new URL(page.url()).search).toBe('');
  await openFilters(page);
  await expect(form.locator('#q')).toHaveValue('');
});

test("Apply puts only the form's named fields in the URL", async ({ page }) => {
  // Fixed in b9ce2b4: the hydrated form added an empty-named "=" parameter.
  await openList(page, 'ec', 'eas');
  await openFilters(page);
  await page.getByRole('search').locator('#q').fill('ivan');
  await page.getByRole('search').getByRole('button', { name: 'Apply' }).click();
  await expect.poll(() => queryParam(page, 'q')).toBe('ivan');
  expect([...new URL(page.url()).searchParams.keys()]).not.toContain('');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a filtered list shows the filter text in its fields', async ({ page }) => {
    // OPEN app bug (from b9ce2b4): the text filters are now written with
    // prop:value, which the server does not render as a value attribute, so
    // without JavaScript — and before hydration — #q and every f_<key> text
    // field come back empty although the list is filtered by them. (Selects
    // keep their value through the options' selected attribute.)
    await signIn(page, 'ec', { js: false });
    await page.goto('/areas/eas?q=eli&f_employer=Health');
    await expect(page.locator('p.summary')).toHaveText(/^1 record · /);
    await expect(page.locator('#q')).toHaveValue('eli');
    await expect(page.locator('#f_employer')).toHaveValue('Health');
  });
});

test('an invited Partner user can sign in after setting a password', async ({ page, browser }) => {
  // The add form used to start "Active" at "no", so every invitee was created
  // inactive and refused at sign-in.
  await signIn(page, 'network-ops');
  await page.goto('/areas/partner-users/new');
  await hydrated(page);
  await expect(page.locator('#field-active')).toHaveValue('yes');
  const email = `invitee-${Date.now()}@partner.example.org`;
  await page.locator('#partner').selectOption({ index: 1 });
  await page.locator('#field-first_name').fill('Ines');
  await page.locator('#field-last_name').fill('Vale');
  await page.locator('#field-email').fill(email);
  await page.getByRole('button', { name: 'Add' }).click();
  const link = (await page.locator('code.invitation').textContent({ timeout: 30_000 })) ?? '';
  expect(link).toMatch(/^\/invite\//);
  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(link);
  await hydrated(invitee);
  const password = 'a long enough password';
  await invitee.locator('#password').fill(password);
  await invitee.locator('#confirm').fill(password);
  await invitee.getByRole('button', { name: 'Set password' }).click();
  await expect(invitee.locator('.form-error')).toBeEmpty();
  await expect(invitee).not.toHaveURL(/\/invite\//);
  // A fresh browser signs in with the new password.
  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto('/login');
  await hydrated(fresh);
  await fresh.locator('#email').fill(email);
  await fresh.locator('#password').fill(password);
  await fresh.getByRole('button', { name: 'Sign in' }).click();
  await fresh.waitForURL('/');
  await expect(fresh.getByRole('heading', { level: 1 })).toContainText('Welcome');
});
