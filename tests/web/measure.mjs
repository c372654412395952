/*
 * measure.mjs - the web UI's speed targets, measured (not a test): on a
 * running server with a budget user, the time from pressing 登录 to a
 * dashboard with every chart drawn, and from typing a price in the editor
 * to the row's findings being on screen, saving a project, opening the
 * ledger and cuts reports (and jumping to their middle), and switching
 * pages.
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
/* saving the project: from 保存并提交 to the server's new version on the page */
out.save_ms = [];
for (const price of ['1200', '1300', '1250']) {
  await row.locator('[data-col=price]').fill(price);
  const before = await page.locator('.editor').getAttribute('data-saved');
  const t0 = Date.now();
  await page.click('#save');
  await page.waitForFunction((b) => (document.querySelector('.editor')?.dataset.saved ?? null) !== b, before, { timeout: 20000 });
  out.save_ms.push(Date.now() - t0);
}
/* the ledger and cuts: from choosing the report to its first rows drawn,
 * then a jump to the middle of the list drawn */
for (const name of ['ledger', 'cuts']) {
  out[name] = [];
  for (let round = 0; round < 3; round++) {
    await page.evaluate(() => sessionStorage.removeItem('zbb.report'));
    await page.goto(url + '/#/reports');
    await page.locator('#report-name').waitFor();
    await page.waitForFunction(() => document.querySelector('#report-out tbody tr[data-i="0"]') || document.querySelector('#report-out table'));
    const t0 = Date.now();
    await page.selectOption('#report-name', name);
    await page.waitForFunction(() => { const r = document.querySelector('#report-out table.vtable tbody tr[data-i="0"] td'); return r && r.textContent !== '…'; }, null, { timeout: 60000 });
    const open = Date.now() - t0;
    const total = await page.evaluate(() => +document.querySelector('.vt-count').textContent.replace(/\D/g, ''));
    const mid = Math.floor(total / 2);
    const t1 = Date.now();
    await page.locator('#report-out .vscroll').evaluate((el, i) => { el.scrollTop = i * 28; }, mid);
    await page.waitForFunction((i) => { const r = document.querySelector(`#report-out tr[data-i="${i}"] td`); return r && r.textContent !== '…'; }, mid, { timeout: 20000 });
    out[name].push({ rows: total, open_ms: open, jump_to_middle_ms: Date.now() - t1 });
  }
}
await page.screenshot({ path: 'tests/web/screenshots/measure-cuts.png' });
/* a page switch: from the click in the menu to the page's rows drawn */
out.page_switch_ms = [];
for (let round = 0; round < 3; round++) {
  let t0 = Date.now();
  await page.click('nav a[data-page=review]');
  await page.locator('.queue tr[data-i="0"]').waitFor({ timeout: 20000 });
  const review = Date.now() - t0;
  t0 = Date.now();
  await page.click('nav a[data-page=agency]');
  await page.locator('.project-link').first().waitFor({ timeout: 20000 });
  const agency = Date.now() - t0;
  t0 = Date.now();
  await page.click('nav a[data-page=dashboard]');
  await page.locator('#ch-agencies canvas').waitFor({ timeout: 20000 });
  out.page_switch_ms.push({ review, agency, dashboard: Date.now() - t0 });
}
console.log(JSON.stringify(out, null, 1));
await ctx.close();
rmSync(dir, { recursive: true, force: true });
