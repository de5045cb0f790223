// The page works on, and nothing reaches window.onerror, whatever goes wrong around mqlite: the
// endpoint down, a broken or missing model, the wasm blocked by CSP. Plus consent and the queue.
import test from 'node:test';
import assert from 'node:assert/strict';
import { assertTagBuilt, startDemo, launchBrowser, openPage, windowErrors, waitForTracker,
  waitForMessages, deadEndpoint, sleep, shutDown } from './helpers.mjs';

let browser;
test.before(async () => { assertTagBuilt(); browser = await launchBrowser(); });
test.after(() => shutDown(browser));

async function withDemo(options, fn) {
  const demo = await startDemo(options);
  const context = await browser.newContext();
  try { await fn(demo, context); } finally { await context.close(); await demo.stop(); }
}

// Loads a page, uses it, and checks it kept working with no error thrown into it.
async function assertPageWorksOn(page, log) {
  await page.waitForSelector('body[data-page-works="yes"]');
  await page.click('#works');
  await page.click('#works');
  assert.equal(await page.textContent('#clicks'), '2');
  assert.deepEqual(log.pageErrors, [], 'nothing thrown into the page');
  assert.deepEqual(await windowErrors(page), [], 'nothing reached window.onerror');
}

const mqliteMessages = (log) => log.console.filter((m) => /mqlite/i.test(m.text) && (m.type === 'error' || m.type === 'warning'));

test('consent "required" sends nothing until granted', () => withDemo({}, async (demo, context) => {
  const { page, log } = await openPage(context);
  await page.goto(demo.origin + '/fixtures/consent.html');
  await waitForTracker(page);
  await page.click('#stay button');
  await sleep(1500);
  assert.equal(demo.messages().length, 0, 'nothing sent before consent');
  const storedKeys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('mqlite')));
  assert.deepEqual(storedKeys, [], 'memory only before consent');
  await page.evaluate(() => window.mqlite.setConsent(true));
  const [identify] = await waitForMessages(demo, (m) => m.type === 'identify');
  assert.equal(identify.traits.email, 'grace@hopper.example');
  await assertPageWorksOn(page, log);
}));

test('form traits never include passwords, hidden fields or tokens', () => withDemo({}, async (demo, context) => {
  const { page } = await openPage(context);
  await page.goto(demo.origin + '/fixtures/plain.html');
  await waitForTracker(page);
  await page.click('#signup button');
  const [identify] = await waitForMessages(demo, (m) => m.type === 'identify');
  assert.equal(identify.traits.email, 'grace@hopper.example');
  assert.equal(identify.traits.title, 'Head of Marketing');
  assert.equal(identify.traits.password, undefined);
  assert.equal(identify.traits.csrf_token, undefined);
  assert.equal(identify.score.fit, 35, 'exec 25 + has-company 10');
  assert.equal(identify.score.grade, 'B');
}));

test('the pre-load queue is replayed in order once the tracker is ready', () => withDemo({}, async (demo, context) => {
  const { page, log } = await openPage(context);
  await page.goto(demo.origin + '/fixtures/queue.html');
  await waitForTracker(page);
  await page.waitForFunction(() => window.__queueSawTracker === true);
  const webinar = await page.evaluate(() => (window.mqlite.explain().engagement || []).find((r) => r.rule === 'webinar'));
  assert.equal(webinar.awards, 1);
  assert.ok(mqliteMessages(log).some((m) => /noSuchMethod/.test(m.text)), 'a bad queued call is reported');
  await page.evaluate(() => window.mqlite.push(['track', 'webinar', { attended: true }]));
  const after = await page.evaluate(() => window.mqlite.explain().engagement.find((r) => r.rule === 'webinar'));
  assert.equal(after.awards, 2, 'push keeps working after start');
  await assertPageWorksOn(page, log);
}));

test('a submit that navigates at once to a page without mqlite still delivers', () => withDemo({}, async (demo, context) => {
  const { page } = await openPage(context);
  await page.goto(demo.origin + '/fixtures/leave.html');
  await waitForTracker(page);
  await Promise.all([page.waitForURL('**/fixtures/no-tag.html'), page.click('#leave button')]);
  const [identify] = await waitForMessages(demo, (m) => m.type === 'identify');
  assert.equal(identify.traits.email, 'leaver@hopper.example');
  assert.equal(identify.context.page.path, '/fixtures/leave.html');
}));

test('with the endpoint down the page works on', async () => {
  await withDemo({ endpoint: await deadEndpoint() }, async (demo, context) => {
    const { page, log } = await openPage(context);
    await page.goto(demo.origin + '/fixtures/plain.html');
    await waitForTracker(page);
    await page.click('#stay button');
    await sleep(1500);
    await assertPageWorksOn(page, log);
    const outbox = await page.evaluate(() => Object.keys(localStorage).filter((k) => /outbox/.test(k)).map((k) => localStorage.getItem(k)).join(''));
    assert.match(outbox, /identify/, 'the undelivered message waits in the outbox');
  });
});

// The broken model's problems come with their pointers: the terse core refuses it, and the full
// core (fetched for that alone) lists them.
for (const [name, fixture, pattern] of [
  ['a broken model', 'broken-model.html', /invalid model: \/engagement\/rules\/0\/limitt: .*\/engagement\/rules\/0\/points: /],
  ['a missing model', 'missing-model.html', /model/i],
]) {
  test(`with ${name} the page works on and says why once`, () => withDemo({}, async (demo, context) => {
    const { page, log } = await openPage(context);
    await page.goto(demo.origin + '/fixtures/' + fixture);
    await sleep(1500);
    await assertPageWorksOn(page, log);
    const said = mqliteMessages(log);
    assert.equal(said.length, 1, `one console message, got ${JSON.stringify(said)}`);
    assert.match(said[0].text, pattern);
    assert.ok(Array.isArray(await page.evaluate(() => window.mqlite)), 'window.mqlite stays the queue');
    await page.click('#signup button');
    await page.waitForURL('**/fixtures/done.html');
    assert.equal(demo.messages().length, 0);
  }));
}

test('with wasm blocked by CSP (no wasm-unsafe-eval) the page works on and says why once', () =>
  withDemo({ csp: "script-src 'self'" }, async (demo, context) => {
    const { page, log } = await openPage(context);
    await page.goto(demo.origin + '/fixtures/plain.html');
    await sleep(2000);
    await assertPageWorksOn(page, log);
    const said = mqliteMessages(log);
    assert.equal(said.length, 1, `one console message, got ${JSON.stringify(said)}`);
    assert.match(said[0].text, /wasm|WebAssembly/i);
  }));
