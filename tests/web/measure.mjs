/*
 * measure.mjs - the web UI's speed targets, measured (not a test): on a
 * running server with a budget user, the time from pressing 登录 to a
 * dashboard with every chart drawn, and from typing a price in the editor
 * to the row's findings being on screen.
 *
 *   node tests/web/measure.mjs URL USER PASSWORD PROJECT
 */
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [url, user, pw, project] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'zbb-measure-'));
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1366, height: 768 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await ctx.newPage();
const out = {};
for (let round = 0; round < 3; round++) {
  await page.goto(url + '/#/login');
  await page.fill('#login-name', user);
  await page.fill('#login-password', pw);
  const t0 = Date.now();
  await page.click('#login-submit');
  for (const id of ['ch-waterfall', 'ch-tiers', 'ch-livelihood', 'ch-functions', 'ch-agencies']) await page.locator(`#${id} canvas`).waitFor();
  out[`login_to_dashboard_ms_${round}`] = Date.now() - t0;
  if (round === 0) await page.screenshot({ path: 'tests/web/screenshots/measure-dashboard.png' });
  await page.click('#logout');
  await page.waitForSelector('#login-name');
}
await page.goto(url + '/#/login');
await page.fill('#login-name', user);
await page.fill('#login-password', pw);
await page.click('#login-submit');
await page.waitForSelector('nav.nav a');
await page.goto(`${url}/#/agency/${encodeURIComponent(project)}`);
const row = page.locator('#items tr.item-row').first();
await row.waitFor().catch(async (e) => { await page.screenshot({ path: 'tests/web/screenshots/measure-fail.png' }); throw e; });
const times = [];
for (const price of ['999999', '1', '888888', '2', '777777']) {
  const seq = await page.locator('#check-status').getAttribute('data-seq');
  const t0 = Date.now();
  await row.locator('[data-col=price]').fill(price);
  await page.waitForFunction((s) => (document.querySelector('#check-status').dataset.seq ?? null) !== s, seq);
  times.push({ end_to_end_ms: Date.now() - t0, request_ms: +(await page.locator('#check-status').getAttribute('data-ms')) });
}
out.edit_to_findings = times;
await page.screenshot({ path: 'tests/web/screenshots/measure-editor.png' });
console.log(JSON.stringify(out, null, 1));
await ctx.close();
rmSync(dir, { recursive: true, force: true });
