// Fault matrix, storage half (docs/RELIABILITY.md): the browser closed with messages pending then a
// new visit on the same profile, two tabs at once, storage full, storage blocked, garbage in
// mqlite's keys, a model that changed between visits. For each: every accepted message arrives,
// none is accepted twice, each event counts once, and the page sees no exception.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { assertTagBuilt, launchBrowser, CHROMIUM, CHROMIUM_ARGS, REPO_DIR, sleep, waitFor, shutDown } from './helpers.mjs';
import { startRig, openTracked, visit, outbox, waitForEmptyOutbox, waitForAccepted,
  assertAcceptedOnce, assertNoPageErrors, awards, mqliteSaid } from './fault-kit.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const near = (actual, expected, what) => assert.ok(Math.abs(actual - expected) < 0.01, `${what}: ${actual} ≉ ${expected}`);

let browser;
test.before(async () => { assertTagBuilt(); browser = await launchBrowser(); });
test.after(() => shutDown(browser));

async function withRig(fn, init = null) {
  const rig = await startRig();
  const context = await browser.newContext();
  if (init) await context.addInitScript(init);
  try { await fn(rig, context); } finally { await context.close(); await rig.stop(); }
}

// Pricing (10 points) then the fixture page's #stay form: one identify that must arrive.
async function browseAndIdentify(rig, context, options) {
  const { page, log } = await openTracked(context, rig.origin + '/pricing.html', options);
  await visit(page, rig.origin + '/fixtures/plain.html');
  await page.click('#stay button');
  return { page, log };
}

// `pricingViews`: 0 where storage is unusable from the start (the pricing page's view stayed in that
// page's memory).
async function assertOneIdentifyDelivered(rig, pricingViews = 1) {
  const [message] = await waitForAccepted(rig.endpoint);
  assert.equal(message.type, 'identify');
  assert.equal(awards(message, 'pricing'), pricingViews);
  near(message.score.engagement, 10 * pricingViews, 'engagement');
  assert.match(message.anonymousId, UUID);
  await sleep(300);
  assertAcceptedOnce(rig.endpoint);
  for (const r of rig.endpoint.received) assert.match(String(r.messageId), UUID, 'the endpoint only ever receives real messages');
  return message;
}

test('browser closed with two messages pending; the next visit on the same profile delivers both once', async () => {
  const rig = await startRig();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mqlite-profile-'));
  const launch = () => chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    await rig.endpoint.down();
    const first = await launch();
    const { page, log } = await browseAndIdentify(rig, first);
    await page.evaluate(() => window.mqlite.track('webinar', { attended: true })); // Known → Engaged
    await waitForOutboxSize(page, 2); // identify and transition wait in the outbox
    const anonymousId = await page.evaluate(() => window.mqlite.state().anonymousId);
    await assertNoPageErrors(page, log);
    await first.close();

    await rig.endpoint.up();
    const second = await launch();
    const { page: again, log: log2 } = await openTracked(second, rig.origin + '/fixtures/done.html');
    const messages = await waitForAccepted(rig.endpoint, 2);
    await waitForEmptyOutbox(again);
    const [identify, transition] = ['identify', 'transition'].map((t) => messages.find((m) => m.type === t));
    assert.equal(identify.anonymousId, anonymousId);
    assert.equal(transition.anonymousId, anonymousId);
    assert.equal(transition.transition.to, 'Engaged');
    assert.equal(awards(transition, 'webinar'), 1);
    assert.equal(awards(transition, 'pricing'), 1);
    assertAcceptedOnce(rig.endpoint);
    await assertNoPageErrors(again, log2);
    await second.close();
  } finally {
    await rig.stop();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

const waitForOutboxSize = (page, size) =>
  waitFor(async () => (await outbox(page)).length === size, { what: `${size} messages in the outbox` });

// Two tabs of one visitor, taking turns within a tenth of a second: each event is a synchronous
// read-restore-ingest-write, and Chromium carries a localStorage write to the other tab's process
// within that time, so every event counts once and each transition is sent once, by one tab.
test('two tabs browsing and submitting in turns: every message accepted once, each event counted once', () => withRig(async (rig, context) => {
  const gap = () => sleep(100);
  const a = await openTracked(context, rig.origin + '/pricing.html');
  const b = await openTracked(context, rig.origin + '/blog/lead-scoring-without-cookies.html');
  await visit(a.page, rig.origin + '/fixtures/plain.html');
  await visit(b.page, rig.origin + '/tour/');
  await a.page.click('#stay button');
  await gap();
  await b.page.evaluate(() => window.mqlite.identify({ email: 'grace@hopper.example', title: 'VP Sales' }));
  await gap();
  await a.page.evaluate(() => window.mqlite.track('webinar', { attended: true }));
  await gap();
  await b.page.evaluate(() => window.mqlite.track('webinar', { attended: true }));
  // identify (tab a), identify (tab b), Known → Engaged, Engaged → MQL (VP: fit 25).
  await waitForAccepted(rig.endpoint, 4);
  await Promise.all([waitForEmptyOutbox(a.page), waitForEmptyOutbox(b.page)]);
  const accepted = [...assertAcceptedOnce(rig.endpoint).values()];
  const last = accepted.reduce((x, y) => (x.journey.events.length >= y.journey.events.length ? x : y));
  for (const [rule, count] of [['pricing', 1], ['blog', 1], ['product-tour', 1], ['webinar', 2]]) {
    assert.equal(awards(last, rule), count, `${rule} counted ${count}×`);
  }
  assert.equal(last.journey.pageViews, 4);
  assert.ok(accepted.every((m) => m.anonymousId === last.anonymousId), 'one visitor across tabs');
  const stages = accepted.filter((m) => m.type === 'transition').map((m) => m.transition.to).sort();
  assert.deepEqual(stages, ['Engaged', 'MQL'], 'each transition sent once, by one tab');
  assert.equal(last.stage, 'MQL');
  for (const { page, log } of [a, b]) await assertNoPageErrors(page, log);
}));

// The same millisecond in two tabs is the documented limit (js/README.md "Tabs"; localStorage has
// no cross-tab transaction): an event may be lost or a transition sent by both tabs. What must
// still hold: no exception, nothing stuck, one visitor, and a repeat is the same messageId (an
// outbox write of one tab can bring back a message the other just delivered): the endpoint's
// de-duplication catches it.
test('two tabs acting in the same millisecond: nothing thrown, nothing stuck, repeats only by messageId', () => withRig(async (rig, context) => {
  const [a, b] = await Promise.all([
    openTracked(context, rig.origin + '/pricing.html'),
    openTracked(context, rig.origin + '/fixtures/plain.html'),
  ]);
  const both = (fn) => Promise.all([a.page.evaluate(fn), b.page.evaluate(fn)]);
  await both(() => window.mqlite.identify({ email: 'grace@hopper.example', title: 'VP Sales' }));
  await both(() => window.mqlite.track('webinar', { attended: true }));
  await waitForAccepted(rig.endpoint, 2);
  await Promise.all([waitForEmptyOutbox(a.page), waitForEmptyOutbox(b.page)]);
  const counts = [...rig.endpoint.acceptedCounts().values()];
  assert.ok(counts.every((n) => n <= 2), `accepted counts ${counts}`);
  const accepted = rig.endpoint.accepted().map((r) => r.body);
  assert.equal(new Set(accepted.map((m) => m.anonymousId)).size, 1, 'one visitor across tabs');
  assert.ok(accepted.some((m) => m.type === 'identify'));
  for (const { page, log } of [a, b]) await assertNoPageErrors(page, log);
}));

// Fills localStorage to the last byte (once per context), before mqlite loads.
function fillStorage() {
  if (localStorage.getItem('filler:0') !== null) return;
  let n = 0;
  for (let size = 1 << 20; size >= 1; size >>= 2) {
    try { for (;;) localStorage.setItem(`filler:${n++}`, 'x'.repeat(size)); } catch { /* this size no longer fits */ }
  }
}

test('storage full before load (QuotaExceededError): memory only, delivered, one console message', () => withRig(async (rig, context) => {
  const { page, log } = await browseAndIdentify(rig, context);
  await assertOneIdentifyDelivered(rig, 0);
  const said = mqliteSaid(log);
  assert.equal(said.length, 2, `once per page load (two loads): ${JSON.stringify(said)}`);
  for (const m of said) assert.match(m.text, /localStorage is not available/);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('mqlite')).length), 0);
  await assertNoPageErrors(page, log);
}, fillStorage));

test('storage fills up during the visit: the outbox moves to memory and is delivered once', () => withRig(async (rig, context) => {
  await rig.endpoint.down();
  const { page, log } = await openTracked(context, rig.origin + '/pricing.html', { clock: true });
  await visit(page, rig.origin + '/fixtures/plain.html');
  await page.evaluate(fillStorage);
  await page.click('#stay button');
  await sleep(300);
  await rig.endpoint.up();
  await page.clock.fastForward(2000);
  await assertOneIdentifyDelivered(rig);
  assert.ok(mqliteSaid(log).some((m) => /refused a write/.test(m.text)), 'the switch to memory is said');
  await assertNoPageErrors(page, log);
}));

test('storage blocked (SecurityError on access): memory only, delivered, no exception', () => withRig(async (rig, context) => {
  const { page, log } = await browseAndIdentify(rig, context);
  await assertOneIdentifyDelivered(rig, 0);
  await assertNoPageErrors(page, log);
}, () => Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked by the test', 'SecurityError'); } })));

// Garbage in mqlite's own keys, written once before the first page load.
const GARBAGE = {
  'bad checksum, foreign id, outbox entries of the wrong shape': {
    'mqlite:state': 'mq1.0000000000000000.{"stage":"MQL"}',
    'mqlite:anonymousId': '<script>alert(1)</script>',
    'mqlite:outbox': JSON.stringify([{ id: 'x', body: {}, nextAt: 'soon' }, 42, null, { id: 'y' },
      { id: 'z', kind: 'identify', body: 'text', attempts: -1, nextAt: 0 }]),
    'mqlite:sender': '{"owner":"ghost","until":9e15}',
  },
  'not JSON anywhere': {
    'mqlite:state': '\u0000\uffff{{{', 'mqlite:anonymousId': '', 'mqlite:outbox': '{"truncated": [',
    'mqlite:sender': 'nope',
  },
  'valid JSON of the wrong type': {
    'mqlite:state': 'mq2.abc.[]', 'mqlite:outbox': '{"id":"x","body":{"messageId":"x"}}', 'mqlite:anonymousId': '42',
  },
};

// Why each stored state is refused: the terse core the page runs leaves the reason out, and the
// full core (fetched only then) gives it.
const REASONS = {
  'bad checksum, foreign id, outbox entries of the wrong shape': /saved state refused: saved state is corrupt or truncated \(checksum mismatch\); starting afresh/,
  'not JSON anywhere': /saved state refused: not an mqlite saved state; starting afresh/,
  'valid JSON of the wrong type': /saved state refused: saved state version "2" is not supported \(expected mq1\); starting afresh/,
};

for (const [name, keys] of Object.entries(GARBAGE)) {
  test(`corrupted stored state (${name}): starts afresh, delivers, says why, no exception`, () => withRig(async (rig, context) => {
    const { page, log } = await openTracked(context, rig.origin + '/pricing.html');
    // Said once the full core has loaded (leaving the page at once would cut it short).
    await waitFor(() => mqliteSaid(log).some((m) => REASONS[name].test(m.text)), { what: `the reason (${REASONS[name]})` });
    await visit(page, rig.origin + '/fixtures/plain.html');
    await page.click('#stay button');
    const message = await assertOneIdentifyDelivered(rig);
    assert.notEqual(message.anonymousId, keys['mqlite:anonymousId']);
    assert.equal(message.journey.pageViews, 2);
    await waitForEmptyOutbox(page);
    await assertNoPageErrors(page, log);
  }, `if (!sessionStorage.getItem('garbage-written')) { sessionStorage.setItem('garbage-written', '1');
      for (const [k, v] of Object.entries(${JSON.stringify(keys)})) localStorage.setItem(k, v); }`));
}

// The model's `version` is its format (must be 1); a site's new model is a new `id` and new rules.
test('a model whose id and rules changed between visits: kept rules carry over, messages name the new model', () => withRig(async (rig, context) => {
  const base = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'demo', 'mqlite', 'model.json'), 'utf8'));
  const v2 = structuredClone(base);
  v2.id = `${base.id}-r2`;
  v2.engagement.rules = v2.engagement.rules.filter((r) => r.id !== 'pricing').map((r) => (r.id === 'webinar' ? { ...r, points: 40 } : r));
  v2.engagement.rules.push({ id: 'case-study', event: 'case_study', points: 7 });
  const html = fs.readFileSync(path.join(REPO_DIR, 'tests', 'browser', 'fixtures', 'plain.html'), 'utf8')
    .replace('data-model="/mqlite/model.json"', 'data-model="/rig/model.json"');
  const pageUrl = rig.origin + rig.write('page.html', html);

  rig.write('model.json', JSON.stringify(base));
  const { page, log } = await openTracked(context, rig.origin + '/pricing.html');
  await visit(page, pageUrl);
  await page.evaluate(() => {
    window.mqlite.identify({ email: 'grace@hopper.example', title: 'VP Marketing', company: 'Hopper Labs' }); // fit 35
    window.mqlite.track('webinar', { attended: true }); // 10 + 25: Engaged, not yet MQL
  });
  const first = await waitForAccepted(rig.endpoint, 2);
  assert.ok(first.every((m) => m.model.id === base.id));
  await waitForEmptyOutbox(page); // leaving while a request is in flight may send it again (see the network tests)

  rig.write('model.json', JSON.stringify(v2));
  await visit(page, pageUrl);
  await page.evaluate(() => { window.mqlite.track('webinar', { attended: true }); window.mqlite.track('case_study'); });
  const all = await waitForAccepted(rig.endpoint, 3);
  const mql = all.find((m) => m.type === 'transition' && m.model.id === v2.id);
  assert.ok(mql, 'a transition under the new model');
  assert.equal(mql.transition.to, 'MQL');
  assert.equal(awards(mql, 'webinar'), 2, 'the kept rule keeps its award count');
  assert.equal(awards(mql, 'pricing'), 0, 'the removed rule is gone');
  assert.ok(mql.score.engagement >= 25 + 40 - 0.01 && mql.score.engagement <= 100, `engagement ${mql.score.engagement}`);
  await waitForEmptyOutbox(page);
  assertAcceptedOnce(rig.endpoint);
  await assertNoPageErrors(page, log);
}));
