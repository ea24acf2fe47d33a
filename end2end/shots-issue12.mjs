// Screenshots for issue 12's note: an EC's EA list, an EA record page and
// the Admin header, at 1280 and 390 px. Usage: node shots-issue12.mjs BASE OUTDIR [extra]
import { chromium } from '@playwright/test';
const [base, out, extra] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });
async function signedIn(login, width, js = true) {
  const ctx = await browser.newContext({ viewport: { width, height: width > 600 ? 900 : 844 }, javaScriptEnabled: js });
  const page = await ctx.newPage();
  await page.goto(`${base}/login`);
  await page.waitForTimeout(js ? 1500 : 0);
  await page.fill('#email', `${login}@demo.caseboard.test`);
  await page.fill('#password', 'e2e-demo-password');
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/`);
  return page;
}
const settle = (p) => p.waitForFunction(() => document.body.dataset.hydrated !== undefined || true).then(() => p.waitForTimeout(2500));
for (const width of [1280, 390]) {
  let p = await signedIn('ec', width);
  await p.goto(`${base}/areas/eas`); await settle(p);
  await p.screenshot({ path: `${out}/ec-ea-list-${width}.png`, fullPage: true });
  await p.goto(`${base}/areas/eas?f_sector=Finance&q=a`); await settle(p);
  await p.screenshot({ path: `${out}/ec-ea-list-filtered-${width}.png`, fullPage: true });
  await p.goto(`${base}/areas/eas/1`); await settle(p);
  await p.screenshot({ path: `${out}/ea-record-${width}.png`, fullPage: true });
  await p.context().close();
  p = await signedIn('admin', width);
  await p.goto(`${base}/areas/institutions`); await settle(p);
  await p.screenshot({ path: `${out}/admin-header-${width}.png`, fullPage: false });
  if (extra) {
    await p.goto(`${base}/areas/compass-reports`); await settle(p);
    await p.screenshot({ path: `${out}/compass-list-${width}.png`, fullPage: true });
  }
  await p.context().close();
}
await browser.close();
{
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });
  const ctx = await b.newContext({ viewport: { width: 390, height: 844 } });
  const p = await ctx.newPage();
  await p.goto(`${base}/login`); await p.waitForTimeout(1500);
  await p.fill('#email', 'two-roles@demo.caseboard.test'); await p.fill('#password', 'e2e-demo-password');
  await p.click('button[type=submit]'); await p.waitForURL(`${base}/`); await p.waitForTimeout(2000);
  await p.screenshot({ path: `${out}/two-roles-header-390.png` });
  await b.close();
}
