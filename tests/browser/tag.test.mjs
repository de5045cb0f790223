// The script tag's own job: data- attributes (inline #id model, format, respect-dnt, bad values), Global
// Privacy Control, blocked storage, a bad endpoint. Each failure is one console message, never a throw.
import test from 'node:test';
import assert from 'node:assert/strict';
import { assertTagBuilt, startDemo, launchBrowser, openPage, windowErrors, waitForTracker,
  waitForMessages, sleep, shutDown } from './helpers.mjs';

let demo, browser;
test.before(async () => { assertTagBuilt(); demo = await startDemo(); browser = await launchBrowser(); });
test.after(() => shutDown(browser, demo));

const mqliteSaid = (log) => log.console.filter((m) => /mqlite/i.test(m.text) && (m.type === 'error' || m.type === 'warning'));
const byEmail = (email) => (m) => m.traits?.email === email;

async function freshPage(init) {
  const context = await browser.newContext();
  if (init) await context.addInitScript(init);
  const { page, log } = await openPage(context);
  return { context, page, log };
}

async function assertQuietAndWorking(page, log) {
  await page.waitForSelector('body[data-page-works="yes"]');
  await page.click('#works');
  assert.equal(await page.textContent('#clicks'), '1');
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(await windowErrors(page), []);
}

test('data-model="#id" reads an inline model; data-format="segment" sends Segment identify', async () => {
  const { context, page, log } = await freshPage();
  await page.goto(demo.origin + '/fixtures/segment.html');
  await waitForTracker(page);
  await page.fill('#stay input[name=email]', 'seg@hopper.example');
  await page.click('#stay button');
  const [m] = await waitForMessages(demo, (x) => x.type === 'identify' && x.traits?.email === 'seg@hopper.example');
  assert.equal(m.context.mqlite.model.id, 'inline-fixture');
  assert.equal(m.traits.lifecycleStage, 'Engaged');
  assert.equal(m.traits.engagementScore, 7);
  assert.equal(m.context.library.name, 'mqlite');
  await assertQuietAndWorking(page, log);
  await context.close();
});

test('Global Privacy Control on: memory only, nothing sent', async () => {
  const { context, page, log } = await freshPage(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  await page.goto(demo.origin + '/fixtures/plain.html');
  await waitForTracker(page);
  await page.fill('#stay input[name=email]', 'gpc@hopper.example');
  await page.click('#stay button');
  await sleep(1500);
  assert.equal(demo.messages().filter(byEmail('gpc@hopper.example')).length, 0);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('mqlite')).length), 0, 'nothing stored');
  await assertQuietAndWorking(page, log);
  await context.close();
});

test('data-respect-dnt="false" sends despite Global Privacy Control', async () => {
  const { context, page } = await freshPage(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  await page.goto(demo.origin + '/fixtures/dnt-optout.html');
  await waitForTracker(page);
  await page.fill('#stay input[name=email]', 'optout@hopper.example');
  await page.click('#stay button');
  await waitForMessages(demo, byEmail('optout@hopper.example'));
  await context.close();
});

test('blocked localStorage: the page works on, one console message', async () => {
  const { context, page, log } = await freshPage(() => Object.defineProperty(window, 'localStorage', {
    get() { throw new DOMException('blocked by the test', 'SecurityError'); } }));
  await page.goto(demo.origin + '/fixtures/plain.html');
  await waitForTracker(page);
  await assertQuietAndWorking(page, log);
  const said = mqliteSaid(log);
  assert.equal(said.length, 1, JSON.stringify(said));
  assert.match(said[0].text, /localStorage|storage/i);
  await context.close();
});

for (const [fixture, pattern] of [['bad-endpoint.html', /endpoint.*https/i], ['bad-attribute.html', /data-debug/]]) {
  test(`${fixture}: one clear console message, the page works on`, async () => {
    const { context, page, log } = await freshPage();
    await page.goto(demo.origin + '/fixtures/' + fixture);
    await sleep(1000);
    await assertQuietAndWorking(page, log);
    const said = mqliteSaid(log);
    assert.equal(said.length, 1, JSON.stringify(said));
    assert.match(said[0].text, pattern);
    assert.ok(await page.evaluate(() => Array.isArray(window.mqlite)), 'window.mqlite stays a queue: push() never throws');
    await page.evaluate(() => window.mqlite.push(['track', 'x']));
    await context.close();
  });
}

test('the tag is async and does not block rendering', async () => {
  const html = await (await fetch(demo.origin + '/')).text();
  assert.match(html, /<script async src="\/mqlite\/mqlite\.js"/);
  for (const file of ['mqlite-core-terse.wasm', 'mqlite-core.wasm']) {
    const wasm = await fetch(demo.origin + '/mqlite/' + file);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm', file);
  }
});

test('a page with a valid model loads the terse core only (the full one explains refusals)', async () => {
  const { context, page } = await freshPage();
  const wasm = [];
  page.on('request', (request) => { if (request.url().endsWith('.wasm')) wasm.push(new URL(request.url()).pathname); });
  await page.goto(demo.origin + '/fixtures/plain.html');
  await waitForTracker(page);
  await page.evaluate(() => window.mqlite.track('webinar', { attended: true }));
  await sleep(300);
  assert.deepEqual(wasm, ['/mqlite/mqlite-core-terse.wasm']);
  await context.close();
});
