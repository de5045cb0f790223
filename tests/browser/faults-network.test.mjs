// Fault matrix, network half (docs/RELIABILITY.md): the endpoint answers 500s, 429 with
// Retry-After, hangs, drops the connection, refuses connections, the browser goes offline, the page
// navigates away at once. For each: the message arrives, is answered 2xx once, counts each event
// once, and the page sees no exception. Backoff waits are skipped with Playwright's fake clock.
import test from 'node:test';
import assert from 'node:assert/strict';
import { assertTagBuilt, launchBrowser, sleep, waitFor, waitForTracker, shutDown } from './helpers.mjs';
import { startRig, openTracked, visit, outbox, waitForAttempts, waitForEmptyOutbox, waitForAccepted,
  assertAcceptedOnce, assertNoPageErrors, awards } from './fault-kit.mjs';

let browser;
test.before(async () => { assertTagBuilt(); browser = await launchBrowser(); });
test.after(() => shutDown(browser));

async function withRig(fn) {
  const rig = await startRig();
  const context = await browser.newContext();
  try { await fn(rig, context); } finally { await context.close(); await rig.stop(); }
}

// Pricing (10 points, once) then the fixture page, whose #stay form identifies without leaving.
async function browseAndIdentify(rig, context) {
  const { page, log } = await openTracked(context, rig.origin + '/pricing.html', { clock: true });
  await visit(page, rig.origin + '/fixtures/plain.html');
  await page.click('#stay button');
  return { page, log };
}

function assertIdentifyCountedOnce(message) {
  assert.equal(message.type, 'identify');
  assert.equal(message.traits.email, 'grace@hopper.example');
  assert.equal(awards(message, 'pricing'), 1, 'the pricing view counts once, whatever the retries');
  assert.ok(Math.abs(message.score.engagement - 10) < 0.01, `engagement ${message.score.engagement} ≈ 10 (decay only)`);
  assert.equal(message.journey.pageViews, 2);
}

test('500, 500, 500 then 200: retried with backoff, accepted once', () => withRig(async (rig, context) => {
  rig.endpoint.plan({ status: 500 }, { status: 500 }, { status: 503 });
  const { page, log } = await browseAndIdentify(rig, context);
  for (const [attempts, backoffCeiling] of [[1, 2000], [2, 4000], [3, 8000]]) {
    await waitForAttempts(page, attempts);
    await page.clock.fastForward(backoffCeiling);
  }
  const [message] = await waitForAccepted(rig.endpoint);
  await waitForEmptyOutbox(page);
  assertIdentifyCountedOnce(message);
  assert.deepEqual(rig.endpoint.received.map((r) => r.messageId), Array(4).fill(message.messageId), 'the same messageId on every try');
  assertAcceptedOnce(rig.endpoint);
  await assertNoPageErrors(page, log);
}));

test('429 with Retry-After: 30 is not retried sooner, then accepted once', () => withRig(async (rig, context) => {
  rig.endpoint.plan({ status: 429, retryAfter: 30 });
  const { page, log } = await browseAndIdentify(rig, context);
  await waitForAttempts(page, 1);
  await page.clock.fastForward(20_000); // well past any 1–2 s backoff, still inside Retry-After
  await sleep(300);
  assert.equal(rig.endpoint.received.length, 1, 'no retry before Retry-After');
  await page.clock.fastForward(11_000);
  const [message] = await waitForAccepted(rig.endpoint);
  assertIdentifyCountedOnce(message);
  assert.equal(rig.endpoint.received.length, 2);
  assertAcceptedOnce(rig.endpoint);
  await assertNoPageErrors(page, log);
}));

test('a hanging request times out and is retried; later messages are not stuck behind it', () => withRig(async (rig, context) => {
  rig.endpoint.plan('hang');
  const { page, log } = await browseAndIdentify(rig, context);
  await waitFor(() => rig.endpoint.received.length === 1, { what: 'the hanging request' });
  // Nothing answers: the request must give up on its own and retry.
  await page.clock.fastForward(60_000);
  await waitForAttempts(page, 1);
  await page.clock.fastForward(2000);
  const [message] = await waitForAccepted(rig.endpoint);
  assertIdentifyCountedOnce(message);
  await page.evaluate(() => window.mqlite.track('webinar', { attended: true })); // Engaged → a transition message
  const [transition] = await waitForAccepted(rig.endpoint, 1, (m) => m.type === 'transition');
  assert.equal(transition.transition.to, 'Engaged');
  assertAcceptedOnce(rig.endpoint);
  await assertNoPageErrors(page, log);
}));

test('a dropped connection is a network error: retried, accepted once', () => withRig(async (rig, context) => {
  rig.endpoint.plan('close', 'close');
  const { page, log } = await browseAndIdentify(rig, context);
  await waitForAttempts(page, 1);
  await page.clock.fastForward(2000);
  await waitForAttempts(page, 2);
  await page.clock.fastForward(4000);
  const [message] = await waitForAccepted(rig.endpoint);
  assertIdentifyCountedOnce(message);
  assert.equal(rig.endpoint.received.length, 3);
  assertAcceptedOnce(rig.endpoint);
  await assertNoPageErrors(page, log);
}));

test('connection refused, then the endpoint comes back: delivered once', () => withRig(async (rig, context) => {
  await rig.endpoint.down();
  const { page, log } = await browseAndIdentify(rig, context);
  await waitForAttempts(page, 1);
  await page.clock.fastForward(2000);
  await waitForAttempts(page, 2);
  await rig.endpoint.up();
  await page.clock.fastForward(4000);
  const [message] = await waitForAccepted(rig.endpoint);
  assertIdentifyCountedOnce(message);
  assert.equal(rig.endpoint.received.length, 1, 'nothing reached the endpoint while it was down');
  assertAcceptedOnce(rig.endpoint);
  await assertNoPageErrors(page, log);
}));

test('offline for a long while, then online: sent at once, not after the grown backoff', () => withRig(async (rig, context) => {
  const { page, log } = await openTracked(context, rig.origin + '/pricing.html', { clock: true });
  await visit(page, rig.origin + '/fixtures/plain.html');
  await context.setOffline(true);
  await page.click('#stay button');
  await waitForAttempts(page, 1);
  // Twenty minutes offline: the retries keep failing and the backoff grows to many minutes.
  for (let i = 0; i < 20; i++) await page.clock.fastForward(60_000);
  await waitForAttempts(page, 5);
  let [entry] = await outbox(page);
  let wait = entry.nextAt - (await page.evaluate(() => Date.now()));
  // Each delay is random within [ceiling/2, ceiling]: when the next try happens to be due soon
  // after the twenty minutes, let it fail too (its own delay is then several minutes).
  for (let i = 0; i < 3 && wait <= 60_000; i++) {
    await page.clock.fastForward(Math.max(wait, 0) + 1000);
    await waitForAttempts(page, entry.attempts + 1);
    [entry] = await outbox(page);
    wait = entry.nextAt - (await page.evaluate(() => Date.now()));
  }
  assert.ok(wait > 60_000, `backoff has grown past a minute (${entry.attempts} attempts, next in ${wait} ms)`);
  assert.equal(rig.endpoint.received.length, 0);
  await context.setOffline(false);
  const [message] = await waitForAccepted(rig.endpoint, 1, () => true, 5000);
  assertIdentifyCountedOnce(message);
  await waitForEmptyOutbox(page);
  assertAcceptedOnce(rig.endpoint);
  await assertNoPageErrors(page, log);
}));

// The identify's keepalive request is in flight when the page goes; nothing can tell the next page
// whether it landed, so the next page sends it again: at least once, and the same messageId
// (the endpoint de-duplicates, see docs/RELIABILITY.md). Never a third time, never a second id.
test('a submit followed at once by navigation to another tracked page: delivered, same messageId if twice', () => withRig(async (rig, context) => {
  const { page, log } = await openTracked(context, rig.origin + '/pricing.html');
  await visit(page, rig.origin + '/fixtures/plain.html');
  await Promise.all([page.waitForURL('**/fixtures/done.html'), page.click('#signup button')]);
  await waitForTracker(page);
  const [message] = await waitForAccepted(rig.endpoint);
  assertIdentifyCountedOnce(message);
  assert.equal(message.traits.title, 'Head of Marketing');
  await waitForEmptyOutbox(page);
  await sleep(500);
  const counts = rig.endpoint.acceptedCounts();
  assert.deepEqual([...counts.keys()], [message.messageId], 'one message, one messageId');
  assert.ok(counts.get(message.messageId) <= 2, `accepted ${counts.get(message.messageId)} times`);
  await assertNoPageErrors(page, log);
}));
