import { test, expect, signIn, hydrated, expectNoAxeViolations, recordField, editSection } from './support';
import type { Page } from '@playwright/test';

// Pickers, previews and the caseload hand-over (docs/RULES.md §2.5, §2.6).
// Records used here belong to Priya Okafor and Tom Nguyen, ECs of the first
// Partner that no other spec counts or opens; matches and Sub-contractor
// assignments made here are undone before each test ends.
const PRIYA = 3; // EC record: Priya Okafor (North East Careers Hub)
const TOM = 4; // EC record: Tom Nguyen
const EA_ELI = 5; // Eli Adams, Priya's, unmatched
const EA_IVAN = 21; // Ivan Brown, Priya's, unmatched
const EA_SC = 29; // Priya's, assigned to no Sub-contractor
const INST_ASHFORD = 21; // Ashford High School (100020), unmatched
const INST_PRIYA = 5; // Priya's, unmatched
const INST_ASSIGN = 37; // Priya's

test.describe.configure({ mode: 'serial' });

/** A record action's disclosure (closed until asked for, RULES §5.3), by the words of its summary. */
function section(page: Page, name: string) {
  return page.locator('details.action-disclosure').filter({ has: page.locator('summary', { hasText: name }) });
}

/** Opens the closed disclosure a record page's picker sits in, if any. */
async function openPickerDisclosure(page: Page, prefix: string): Promise<void> {
  const details = page.locator(`details.action-disclosure:has(#picker-${prefix})`);
  if ((await details.count()) > 0 && (await details.getAttribute('open')) === null) {
    await details.locator('summary').click();
  }
  await expect(page.locator(`#picker-${prefix}-input`)).toBeVisible();
}

/** Types into a hydrated picker, moves to the first option and chooses it. */
async function pickWithKeyboard(page: Page, prefix: string, text: string, expected: RegExp): Promise<void> {
  await openPickerDisclosure(page, prefix);
  const input = page.locator(`#picker-${prefix}-input`);
  await expect(input).toHaveAttribute('role', 'combobox');
  await expect(input).toHaveAttribute('aria-expanded', 'false');
  await input.click();
  await input.fill('');
  await input.pressSequentially(text, { delay: 20 });
  const first = page.locator(`#picker-${prefix}-list [role="option"]`).first();
  await expect(first).toBeVisible();
  await expect(first).toContainText(expected);
  await expect(input).toHaveAttribute('aria-expanded', 'true');
  await expect(input).toHaveAttribute('aria-controls', `picker-${prefix}-list`);
  await expect(page.locator(`#picker-${prefix}-status`)).toContainText(/match/);
  await input.press('ArrowDown');
  await expect(input).toHaveAttribute('aria-activedescendant', `picker-${prefix}-opt-0`);
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await input.press('Enter');
  await expect(input).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator(`#picker-${prefix} .picker-chosen`)).toContainText(expected);
}

/** Without JavaScript: types, presses Search (the page reloads), chooses the radio. */
async function pickWithSearch(page: Page, prefix: string, text: string, expected: RegExp): Promise<void> {
  await openPickerDisclosure(page, prefix);
  const picker = page.locator(`#picker-${prefix}`);
  await picker.locator(`#picker-${prefix}-input`).fill(text);
  await picker.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(new RegExp(`find_${prefix}=`));
  const again = page.locator(`#picker-${prefix}`);
  await expect(again.locator('legend')).toContainText(/match/);
  await again.getByRole('radio', { name: expected }).check();
}

test.describe('with JavaScript', () => {
  test('match an EA to an Institution from the EA page with the keyboard, then undo', async ({ page }) => {
    await signIn(page, 'partner');
    await page.goto(`/areas/eas/${EA_ELI}`);
    await hydrated(page);
    const match = section(page, 'Match');
    await pickWithKeyboard(page, 'match', '100020', /Ashford High School \(100020\)/);
    await expectNoAxeViolations(page);
    await match.getByRole('button', { name: 'Match' }).click();
    await expect(match.locator('p.done')).toHaveText('Saved.');
    await expect(page.locator('section.related').filter({ hasText: 'Ashford High School' })).toHaveCount(1);
    // Undo with the same picker.
    const again = section(page, 'Match');
    await pickWithKeyboard(page, 'match', '100020', /Ashford High School/);
    await again.getByLabel('Undo this match instead').check();
    await again.getByRole('button', { name: 'Match' }).click();
    await expect(again.locator('p.done')).toHaveText('Saved.');
    await expect(page.locator('section.related', { hasText: 'Ashford High School' })).toHaveCount(0);
  });

  test('assign an EC through the preview: the preview states the caseloads, Confirm assigns', async ({ page }) => {
    await signIn(page, 'partner');
    await page.goto(`/areas/institutions/${INST_ASSIGN}`);
    await hydrated(page);
    await pickWithKeyboard(page, 'assign-ec', 'Nguyen', /Tom Nguyen/);
    await section(page, 'Assign an EC').getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(new RegExp(`/areas/institutions/${INST_ASSIGN}/assign-ec\\?`));
    const words = page.getByRole('region', { name: 'What changes' });
    await expect(words).toContainText(/Tom Nguyen's caseload goes from (\d+) to \d+ institutions?\./);
    await expect(words).toContainText(/Priya Okafor's caseload goes from \d+ to \d+ institutions?\./);
    const text = (await words.textContent()) ?? '';
    const [, before, after] = /Tom Nguyen's caseload goes from (\d+) to (\d+)/.exec(text) ?? [];
    expect(Number(after)).toBe(Number(before) + 1);
    await hydrated(page);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(`/areas/institutions/${INST_ASSIGN}`);
    await expect(recordField(page, 'Assigned EC')).toHaveText('Tom Nguyen');
  });

  test('hand over a caseload: picker, preview in words, Confirm moves every record', async ({ page }) => {
    await signIn(page, 'partner');
    await page.goto(`/areas/ecs/${PRIYA}`);
    await hydrated(page);
    await pickWithKeyboard(page, 'handover', 'Nguyen', /Tom Nguyen/);
    await section(page, 'Hand over caseload').getByRole('button', { name: 'Preview the hand-over' }).click();
    await page.waitForURL(new RegExp(`/areas/ecs/${PRIYA}/handover\\?to_ec=${TOM}`));
    const words = page.getByRole('region', { name: 'What changes' });
    await expect(words).toContainText(/Priya Okafor's \d+ institutions? and \d+ EAs? move to Tom Nguyen\./);
    await expect(words).toContainText(/Tom Nguyen's caseload goes from \d+ institutions? to \d+ institutions?/);
    await hydrated(page);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Confirm the hand-over' }).click();
    await page.waitForURL(`/areas/ecs/${PRIYA}`);
    // Nothing is left to hand over.
    await page.goto(`/areas/ecs/${PRIYA}/handover?to_ec=${TOM}`);
    await expect(page.getByRole('region', { name: 'What changes' })).toContainText('there is nothing to hand over');
    await expect(page.getByRole('button', { name: 'Confirm the hand-over' })).toHaveCount(0);
  });

  test("an EA's employer and a Partner user's Partner are chosen with the keyboard", async ({ page }) => {
    await signIn(page, 'partner');
    await page.goto(`/areas/eas/${EA_IVAN}`);
    await hydrated(page);
    const current = (await recordField(page, 'Employer').textContent()) ?? '';
    await page.getByRole('link', { name: 'Change Employer' }).click();
    await expect(page).toHaveURL(/\?edit=1#picker-employer_id-input$/);
    const input = page.locator('#picker-employer_id-input');
    await expect(input).toHaveAttribute('role', 'combobox');
    await input.pressSequentially('a', { delay: 20 });
    const options = page.locator('#picker-employer_id-list [role="option"]');
    await expect(options.first()).toBeVisible();
    // Move to an option that is not the current employer and choose it.
    const labels = await options.locator('.picker-label').allTextContents();
    const index = labels.findIndex((l) => l !== current);
    for (let i = 0; i <= index; i++) await input.press('ArrowDown');
    await input.press('Enter');
    await expect(page.locator('#picker-employer_id .picker-chosen')).toContainText(labels[index]);
    await editSection(page).getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Success/ })).toBeFocused();
    await expect(recordField(page, 'Employer')).toHaveText(labels[index]);
  });

  test("Network Ops chooses a Partner user's Partner with the picker", async ({ page }) => {
    await signIn(page, 'network-ops');
    await page.goto('/areas/partner-users');
    await page.locator('table.records tbody a').first().click();
    await page.waitForURL(/\/areas\/partner-users\/\d+$/);
    await hydrated(page);
    await page.getByRole('link', { name: 'Change details' }).click();
    await expect(page).toHaveURL(/\?edit=1$/);
    await pickWithKeyboard(page, 'partner_id', 'North West', /North West Careers Hub/);
    const hidden = page.locator('#picker-partner_id input[type="hidden"][name="values[partner_id]"]');
    await expect(hidden).toHaveCount(1);
    await expectNoAxeViolations(page);
    // The search-then-choose state (radios), rendered from the URL.
    await page.goto(`${new URL(page.url()).pathname}?edit=1&find_partner_id=Careers`);
    await hydrated(page);
    await expect(page.locator('#picker-partner_id').getByRole('radio')).not.toHaveCount(0);
    await expectNoAxeViolations(page);
  });
});

test.describe('without JavaScript', () => {
  // axe needs JavaScript: the search-then-choose state is axe-checked in the
  // Partner picker test above.
  test.use({ javaScriptEnabled: false });

  test('match from the Institution page by search-then-choose, then undo', async ({ page }) => {
    await signIn(page, 'partner', { js: false });
    await page.goto(`/areas/institutions/${INST_PRIYA}`);
    await pickWithSearch(page, 'match', 'ivan.brown20', /Ivan Brown/);
    await section(page, 'Match').getByRole('button', { name: 'Match' }).click();
    await page.waitForURL((u) => u.pathname === `/areas/institutions/${INST_PRIYA}`);
    await expect(page.locator('section.related').filter({ hasText: 'Ivan Brown' })).toHaveCount(1);
    await pickWithSearch(page, 'match', 'ivan.brown20', /Ivan Brown/);
    await section(page, 'Match').getByLabel('Undo this match instead').check();
    await section(page, 'Match').getByRole('button', { name: 'Match' }).click();
    await page.waitForURL((u) => u.pathname === `/areas/institutions/${INST_PRIYA}`);
    await expect(page.locator('section.related', { hasText: 'Ivan Brown' })).toHaveCount(0);
  });

  test('assign to a Sub-contractor through the preview, then take it back', async ({ page }) => {
    await signIn(page, 'partner', { js: false });
    await page.goto(`/areas/eas/${EA_SC}`);
    await pickWithSearch(page, 'assign-sc', 'Trust', /North East Delivery Trust/);
    await section(page, 'Assign to a Sub-contractor').getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(new RegExp(`/areas/eas/${EA_SC}/assign-sc\\?`));
    const words = page.getByRole('region', { name: 'What changes' });
    await expect(words).toContainText(/Sub-contractor North East Delivery Trust gains access to 1 EA; it will see/);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('region', { name: 'What changes' })).toContainText('nothing changes');
    await page.goto(`/areas/eas/${EA_SC}`);
    await section(page, 'Assign to a Sub-contractor').locator('summary').click();
    await page.getByRole('link', { name: 'Take this record back from its Sub-contractor' }).click();
    await expect(page.getByRole('region', { name: 'What changes' })).toContainText(
      /Sub-contractor North East Delivery Trust loses access to 1 EA/,
    );
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('region', { name: 'What changes' })).toContainText('nothing changes');
  });

  test('hand a caseload back by search-then-choose, preview and Confirm', async ({ page }) => {
    await signIn(page, 'partner', { js: false });
    await page.goto(`/areas/ecs/${TOM}`);
    await pickWithSearch(page, 'handover', 'Okafor', /Priya Okafor/);
    await section(page, 'Hand over caseload').getByRole('button', { name: 'Preview the hand-over' }).click();
    await page.waitForURL(new RegExp(`/areas/ecs/${TOM}/handover\\?to_ec=${PRIYA}`));
    await expect(page.getByRole('region', { name: 'What changes' })).toContainText(/Tom Nguyen's \d+ institutions? and \d+ EAs? move to Priya Okafor\./);
    await page.getByRole('button', { name: 'Confirm the hand-over' }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('region', { name: 'What changes' })).toContainText('there is nothing to hand over');
    // The preview page's own picker searches without JavaScript too.
    await pickWithSearch(page, 'handover', 'Okafor', /Priya Okafor/);
    await page.getByRole('region', { name: 'Choose another receiving EC' }).getByRole('button', { name: 'Preview the hand-over' }).click();
    await page.waitForURL(new RegExp(`/areas/ecs/${TOM}/handover\\?to_ec=${PRIYA}`));
    await expect(page.getByRole('region', { name: 'What changes' })).toContainText('there is nothing to hand over');
  });

  test("a Partner user's Partner: Search lists the matches as radios", async ({ page }) => {
    await signIn(page, 'network-ops', { js: false });
    await page.goto('/areas/partner-users');
    await page.locator('table.records tbody a').first().click();
    await page.waitForURL(/\/areas\/partner-users\/\d+$/);
    await page.getByRole('link', { name: 'Change details' }).click();
    await page.waitForURL(/\?edit=1$/);
    await pickWithSearch(page, 'partner_id', 'Careers Hub', /North West Careers Hub/);
  });
});
