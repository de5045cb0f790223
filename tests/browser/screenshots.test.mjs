// Screenshots of the demo with its live panel open (build/screenshots/), checked to be real
// renderings: many distinct colours, no single colour covering nearly everything.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertTagBuilt, startDemo, launchBrowser, openPage, waitForTracker, ensureScreenshotDir, shutDown } from './helpers.mjs';
import { decodePng, colourStats } from './png.mjs';

let demo, browser;
test.before(async () => { assertTagBuilt(); demo = await startDemo(); browser = await launchBrowser(); });
test.after(() => shutDown(browser, demo));

function assertNotBlank(file) {
  const png = decodePng(fs.readFileSync(file));
  const stats = colourStats(png);
  assert.ok(png.width >= 800 && png.height >= 600, `${file}: ${png.width}×${png.height}`);
  assert.ok(stats.distinct > 200, `${file}: only ${stats.distinct} colours`);
  assert.ok(stats.dominantShare < 0.9, `${file}: one colour covers ${(stats.dominantShare * 100).toFixed(1)}%`);
}

test('the demo with its live panel renders (screenshots checked non-blank)', async () => {
  const dir = ensureScreenshotDir();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const { page, log } = await openPage(context);
  await page.goto(demo.origin + '/blog/lead-scoring-without-cookies.html');
  await waitForTracker(page);
  await page.goto(demo.origin + '/pricing.html');
  await waitForTracker(page);
  await page.click('.mq-toggle');
  await page.waitForFunction(() => /Stage/.test(document.querySelector('.mq-panel')?.textContent || ''));
  const panelText = await page.textContent('.mq-panel');
  assert.match(panelText, /pricing/);
  assert.match(panelText, /Consideration/);
  const files = { panel: path.join(dir, 'demo-pricing-panel.png'), home: path.join(dir, 'demo-home.png') };
  await page.screenshot({ path: files.panel });
  await page.goto(demo.origin + '/');
  await waitForTracker(page);
  await page.screenshot({ path: files.home, fullPage: true });
  for (const file of Object.values(files)) assertNotBlank(file);
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});
