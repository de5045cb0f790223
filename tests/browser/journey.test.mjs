// End to end in headless Chromium: the demo site with the script tag, the collector over real HTTP,
// under the CSP `script-src 'self' 'wasm-unsafe-eval'`. Assertions are on what the collector received.
import test from 'node:test';
import assert from 'node:assert/strict';
import { assertTagBuilt, startDemo, launchBrowser, openPage, windowErrors, waitForTracker,
  waitForMessages, waitFor, sleep, shutDown, within } from './helpers.mjs';

let demo, browser;
test.before(async () => {
  assertTagBuilt();
  demo = await startDemo();
  browser = await launchBrowser();
});
test.after(() => shutDown(browser, demo));

const rule = (message, id) => (message.explain?.engagement || []).find((r) => r.rule === id);
const close = (actual, expected, what) => assert.ok(Math.abs(actual - expected) < 0.01, `${what}: ${actual} ≠ ${expected}`);
const pagePaths = (m) => (m.journey?.events || []).filter((e) => e.type === 'page_view').map((e) => e.path);

async function visit(page, path) {
  await page.goto(demo.origin + path);
  await waitForTracker(page);
}

test('the demo is served under a CSP that allows only self and wasm', async () => {
  const res = await fetch(demo.url);
  assert.equal(res.headers.get('content-security-policy'), "script-src 'self' 'wasm-unsafe-eval'");
});

test('anonymous browsing sends nothing', async () => {
  const context = await browser.newContext();
  const { page, log } = await openPage(context);
  for (const path of ['/', '/blog/lead-scoring-without-cookies.html', '/pricing.html', '/careers.html', '/tour/']) {
    await visit(page, path);
  }
  await page.click('a[href="/tour/security"]');
  await sleep(1500);
  const stored = await page.evaluate(() => JSON.stringify(localStorage));
  await context.close();
  assert.equal(demo.messages().length, 0, 'nothing may leave the device before identify');
  assert.deepEqual(log.pageErrors, []);
  assert.ok(stored.length > 2, 'the anonymous journey is kept on the device');
});

test('pages then a form submit deliver one identify with the earlier pages, scores, grade and stage; a later visit delivers the MQL transition', async () => {
  // A tall viewport: no scrolling, so no scroll event adds points the test does not expect.
  const context = await browser.newContext({ viewport: { width: 1280, height: 1600 } });
  const { page, log } = await openPage(context);
  await visit(page, '/blog/lead-scoring-without-cookies.html?utm_source=newsletter&utm_medium=email&utm_campaign=nov');
  await visit(page, '/pricing.html');
  await visit(page, '/demo.html');
  const anonymousId = await page.evaluate(() => window.mqlite.state && (window.mqlite.anonymousId || null));
  await page.fill('#name', 'Ada Lovelace');
  await page.fill('#email', 'ada@analytical.example');
  await page.fill('#title', 'VP Marketing');
  await page.fill('#company', 'Analytical Engines');
  await Promise.all([page.waitForURL('**/thanks.html'), page.click('#demo-request button[type=submit]')]);
  const [identify] = await waitForMessages(demo, (m) => m.type === 'identify');
  await sleep(500);
  assert.equal(demo.messages().filter((m) => m.type === 'identify').length, 1, 'exactly one identify');
  if (anonymousId) assert.equal(identify.anonymousId, anonymousId);

  assert.equal(identify.traits.email, 'ada@analytical.example');
  assert.equal(identify.traits.title, 'VP Marketing');
  assert.equal(identify.traits.company, 'Analytical Engines');
  assert.equal(identify.score.fit, 35, 'fit: exec 25 + has-company 10');
  assert.equal(identify.score.grade, 'B');
  for (const [id, points] of [['blog', 5], ['from-email', 5], ['pricing', 10], ['demo-page', 10], ['demo-request', 15]]) {
    assert.ok(rule(identify, id), `rule ${id} awarded before identify`);
    close(rule(identify, id).points, points, `rule ${id}`);
  }
  const explained = identify.explain.engagement.reduce((sum, r) => sum + r.points, 0);
  close(identify.score.engagement, explained, 'engagement is the sum of its explanation');
  close(identify.score.engagement, 45, 'engagement: 5 + 5 + 10 + 10 + 15, not yet MQL');
  close(identify.score.total, 80, 'total = engagement + fit');
  assert.equal(identify.stage, 'Engaged');
  assert.deepEqual(identify.transitions.map((t) => t.to), ['Known', 'Engaged']);
  assert.deepEqual(pagePaths(identify).slice(0, 3), ['/blog/lead-scoring-without-cookies.html', '/pricing.html', '/demo.html']);
  assert.equal(identify.journey.firstTouch.medium, 'email');
  assert.equal(identify.journey.firstTouch.campaign, 'nov');
  assert.deepEqual(identify.journey.phases.map((p) => p.name), ['Awareness', 'Consideration', 'Conversion']);
  assert.equal(identify.model.id, 'mqlite-demo-2026');
  assert.equal(identify.context.library.name, 'mqlite');
  assert.match(identify.messageId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

  // A later visit: the pricing page again (+10) pushes engagement from 45 past 50 → MQL.
  const { page: later, log: laterLog } = await openPage(context);
  await later.goto(demo.origin + '/pricing.html');
  await waitForTracker(later);
  const [transition] = await waitForMessages(demo, (m) => m.type === 'transition' && m.transition?.to === 'MQL');
  assert.equal(transition.anonymousId, identify.anonymousId, 'a later page load must keep the stored anonymousId');
  assert.equal(transition.stage, 'MQL');
  assert.ok(transition.score.engagement >= 50);
  assert.equal(transition.transitions.at(-1).to, 'MQL');
  // Once delivered, nothing personal stays at rest (SPEC §7: only the outbox holds it, until sent).
  await waitFor(async () => !(await later.evaluate(() => JSON.stringify(localStorage))).includes('ada@analytical.example'),
    { what: 'the e-mail to leave localStorage once delivered' });
  assert.deepEqual([...log.pageErrors, ...laterLog.pageErrors], []);
  assert.deepEqual(await windowErrors(later), []);
  await context.close();
});

// This test hung CI twice, in context.close() after the page had navigated away (found by bounding
// each step; about 1 run in 4 of this file on this machine; the first CI hang predates the outbox
// changes of 76e9cf6). The delivery is asserted before it; the close is teardown, so it gets
// shutDown's 20 s and a console line instead of the file's 5 minutes. Playwright calls without
// timeouts of their own are bounded.
test('a submit that navigates away at once still delivers', { timeout: 90000 }, async () => {
  const context = await within(30000, 'browser.newContext', browser.newContext({ viewport: { width: 1280, height: 1600 } }));
  const { page } = await within(30000, 'openPage', openPage(context));
  await visit(page, '/pricing.html');
  await page.fill('#newsletter-email', 'grace@gmail.com');
  await page.click('#newsletter button[type=submit]');
  const [identify] = await waitForMessages(demo, (m) => m.type === 'identify' && m.traits?.email === 'grace@gmail.com');
  assert.equal(identify.score.fit, -15, 'freemail');
  assert.equal(identify.score.grade, 'D');
  close(identify.score.engagement, 15, 'pricing 10 + newsletter 5');
  assert.equal(identify.stage, 'Known');
  assert.equal(identify.context.page.path, '/pricing.html', 'sent from the page that was left at once');
  await shutDown(context);
});

test('SPA navigation counts one page view per URL', async () => {
  const context = await browser.newContext();
  const { page } = await openPage(context);
  await visit(page, '/tour/');
  for (const step of ['integrations', 'security', 'security', 'integrations']) {
    await page.click(`a[href="/tour/${step}"]`);
    await sleep(100);
  }
  await page.fill('#newsletter-email', 'spa@tour.example');
  await page.click('#newsletter button[type=submit]');
  const [identify] = await waitForMessages(demo, (m) => m.type === 'identify' && m.traits?.email === 'spa@tour.example');
  assert.deepEqual(pagePaths(identify).slice(0, 4), ['/tour/', '/tour/integrations', '/tour/security', '/tour/integrations']);
  assert.equal(rule(identify, 'product-tour').awards, 4);
  await context.close();
});
