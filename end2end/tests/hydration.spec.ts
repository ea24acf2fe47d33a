import { test, expect, signIn } from './support';
import type { Page } from '@playwright/test';

// Hydration keeps the page the server rendered (docs/RULES.md §8.2): on a
// list and a record page it adds and removes no node in <main>, and the
// page's largest paint is the server's HTML, painted before the WebAssembly
// has hydrated it. A view that rendered differently in the browser would
// replace its nodes, and the browser would count their second paint as the
// largest, as late as hydration.

type Seen = { changed: string[]; largestPaints: { at: number; node: string }[]; hydratedAt: number | null };

/** From DOMContentLoaded on (the parser's own inserts come before it). */
function watchHydration(): void {
  const seen: Seen = { changed: [], largestPaints: [], hydratedAt: null };
  (window as unknown as { __seen: Seen }).__seen = seen;
  const name = (n: Node): string =>
    n instanceof Element ? `${n.localName}${n.className ? '.' + String(n.className).split(' ').join('.') : ''}` : `#${n.nodeName}`;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as (PerformanceEntry & { element?: Element | null })[]) {
      seen.largestPaints.push({ at: e.startTime, node: e.element ? name(e.element) : '(gone)' });
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes') {
          if (r.attributeName === 'data-hydrated') seen.hydratedAt = performance.now();
          continue;
        }
        if (!(r.target instanceof Element) || !r.target.closest('main')) continue;
        for (const n of r.removedNodes) seen.changed.push(`removed ${name(n)} from ${name(r.target)}`);
        for (const n of r.addedNodes) seen.changed.push(`added ${name(n)} to ${name(r.target)}`);
      }
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-hydrated'] });
  });
}

async function loadAndHydrate(page: Page, path: string): Promise<Seen> {
  await page.goto(path);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect.poll(() => page.evaluate(() => (window as unknown as { __seen: Seen }).__seen.hydratedAt)).not.toBeNull();
  return page.evaluate(() => (window as unknown as { __seen: Seen }).__seen);
}

function expectServerPageKept(seen: Seen): void {
  expect(seen.changed, 'nodes hydration added to or removed from <main>').toEqual([]);
  expect(seen.largestPaints.length, 'largest-contentful-paint entries').toBeGreaterThan(0);
  const last = seen.largestPaints[seen.largestPaints.length - 1];
  expect(last.at, `the largest paint (${last.node}) comes before hydration`).toBeLessThan(seen.hydratedAt ?? 0);
}

test('hydration keeps the server-rendered list and record page', async ({ page }) => {
  await signIn(page, 'partner');
  await page.addInitScript(watchHydration);

  const list = await loadAndHydrate(page, '/areas/institutions');
  expectServerPageKept(list);
  await expect(page.locator('p.downloads')).toContainText('Download these');

  const record = await page.locator('table.records tbody td.record-name a').first().getAttribute('href');
  expect(record).toMatch(/^\/areas\/institutions\/\d+$/);
  expectServerPageKept(await loadAndHydrate(page, record!));
});
