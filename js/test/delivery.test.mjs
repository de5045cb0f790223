// Outbox, transport and delivery with a fake clock, fake storage and a fake endpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeClock, fakeConsole, fakeEndpoint, fakeLocalStorage } from './fakes.mjs';
import { createOutbox } from '../dist/outbox.js';
import { createDelivery } from '../dist/delivery.js';
import { createSenderLock } from '../dist/tabs.js';
import { createReporter } from '../dist/errors.js';
import { createStorage } from '../dist/storage.js';
import { backoffDelay, classify, parseRetryAfter, retryDelay } from '../dist/transport.js';

test('classify: 2xx sent; network, 408, 429, 5xx retried; other 4xx dropped', () => {
  for (const s of [200, 202, 204]) assert.equal(classify(s), 'sent');
  for (const s of [408, 429, 500, 503]) assert.equal(classify(s), 'retry');
  for (const s of [400, 401, 404, 413, 301]) assert.equal(classify(s), 'drop');
});

test('backoff doubles with jitter and is capped; Retry-After wins when longer', () => {
  assert.equal(backoffDelay(1, () => 0), 1000);
  assert.equal(backoffDelay(1, () => 1), 2000);
  assert.equal(backoffDelay(3, () => 0.5), 6000);
  assert.equal(backoffDelay(40, () => 1), 3_600_000);
  assert.equal(parseRetryAfter('120', 0), 120_000);
  assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6_000);
  assert.equal(parseRetryAfter('soon', 0), null);
  assert.equal(retryDelay(1, 30_000, () => 0.5), 30_000);
  assert.equal(retryDelay(1, 10, () => 0.5), 1500);
});

function setup({ script = [], storage = fakeLocalStorage(), clock = fakeClock(), locks = null, tabId = 'tab-a', maxMessages } = {}) {
  const console = fakeConsole();
  const reporter = createReporter(console);
  const store = createStorage(() => storage, reporter);
  const outbox = createOutbox(store, { reporter, maxMessages });
  const endpoint = fakeEndpoint(script);
  const beacons = [];
  const delivery = createDelivery({
    getOutbox: () => outbox,
    endpoint: 'https://crm.example/leads',
    fetchFn: endpoint.fetch,
    navigatorLike: { sendBeacon: (url, body) => beacons.push(JSON.parse(body)) > 0 },
    senderLock: createSenderLock({ locks, storage: store, now: clock.now, tabId }),
    clock,
    random: () => 0.5,
    reporter,
    canSend: () => true,
  });
  return { outbox, delivery, endpoint, console, clock, beacons, storage };
}

const message = (id, kind = 'identify') => ({ type: kind, messageId: id, sentAt: null });

test('written before the first try, removed on 2xx, sent as keepalive text/plain with sentAt', async () => {
  const { outbox, delivery, endpoint, clock, storage } = setup();
  outbox.add('m1', 'identify', message('m1'), clock.now());
  assert.match(storage.getItem('mqlite:outbox'), /m1/, 'in storage before any request');
  await delivery.drain();
  assert.equal(endpoint.requests.length, 1);
  const { init, body } = endpoint.requests[0];
  assert.equal(init.method, 'POST');
  assert.equal(init.keepalive, true);
  assert.equal(init.headers['Content-Type'], 'text/plain;charset=UTF-8');
  assert.equal(body.sentAt, new Date(clock.now()).toISOString());
  assert.equal(outbox.size(), 0);
  assert.equal(storage.getItem('mqlite:outbox'), null);
});

test('network error, 503 and 429 are retried with backoff (Retry-After honoured), then delivered', async () => {
  const { outbox, delivery, endpoint, clock } = setup({
    script: ['network', { status: 503 }, { status: 429, headers: { 'Retry-After': '60' } }, { status: 200 }],
  });
  outbox.add('m1', 'identify', message('m1'), clock.now());
  await delivery.drain();
  assert.equal(endpoint.requests.length, 1);
  await clock.advance(1_400); // attempt 1 waits 1.5 s (jitter 0.5)
  assert.equal(endpoint.requests.length, 1);
  await clock.advance(200);
  assert.equal(endpoint.requests.length, 2, 'retried after backoff');
  await clock.advance(3_100); // attempt 2: 3 s
  assert.equal(endpoint.requests.length, 3);
  await clock.advance(59_000); // 429 said 60 s, more than the 6 s backoff
  assert.equal(endpoint.requests.length, 3, 'Retry-After honoured');
  await clock.advance(1_100);
  assert.equal(endpoint.requests.length, 4);
  assert.equal(outbox.size(), 0);
  assert.ok(endpoint.bodies().every((b) => b.messageId === 'm1'), 'same messageId on every try');
});

test('other 4xx drops the message with one console warning; the next one goes on', async () => {
  const { outbox, delivery, endpoint, console, clock } = setup({ script: [{ status: 400 }, { status: 200 }] });
  outbox.add('m1', 'transition', message('m1', 'transition'), clock.now());
  outbox.add('m2', 'transition', message('m2', 'transition'), clock.now());
  await delivery.drain();
  assert.deepEqual(endpoint.bodies().map((b) => b.messageId), ['m1', 'm2']);
  assert.equal(outbox.size(), 0);
  assert.equal(console.lines.warn.length, 1);
  assert.match(console.lines.warn[0], /HTTP 400.*dropped|m1.*400/);
});

test('dedup: the same messageId is queued once', () => {
  const { outbox, clock } = setup();
  assert.equal(outbox.add('m1', 'identify', message('m1'), clock.now()), true);
  assert.equal(outbox.add('m1', 'identify', message('m1'), clock.now()), false);
  assert.equal(outbox.size(), 1);
});

test('bound: transitions go first, identify messages last, each drop warned', () => {
  const { outbox, console, clock } = setup({ maxMessages: 3 });
  outbox.add('i1', 'identify', message('i1'), clock.now());
  outbox.add('t1', 'transition', message('t1', 'transition'), clock.now());
  outbox.add('i2', 'identify', message('i2'), clock.now());
  outbox.add('i3', 'identify', message('i3'), clock.now());
  assert.deepEqual(outbox.list().map((e) => e.id), ['i1', 'i2', 'i3']);
  outbox.add('i4', 'identify', message('i4'), clock.now());
  assert.deepEqual(outbox.list().map((e) => e.id), ['i2', 'i3', 'i4']);
  assert.equal(console.lines.warn.length, 2);
  assert.match(console.lines.warn[0], /outbox full.*transition message t1/);
  assert.match(console.lines.warn[1], /identify message i1/);
});

test('bound by bytes: appended entries count, the oldest transition goes first', () => {
  const storage = fakeLocalStorage();
  const console = fakeConsole();
  const outbox = createOutbox(createStorage(() => storage, createReporter(console)), { reporter: createReporter(console), maxBytes: 600 });
  const big = (id, kind) => ({ ...message(id, kind), pad: 'x'.repeat(150) });
  outbox.add('i1', 'identify', big('i1'), 1);
  outbox.add('t1', 'transition', big('t1', 'transition'), 2);
  outbox.add('i2', 'identify', big('i2'), 3);
  assert.deepEqual(outbox.list().map((e) => e.id), ['i1', 'i2']);
  assert.ok(storage.getItem('mqlite:outbox').length <= 600);
  assert.match(console.lines.warn[0], /transition message t1/);
});

test('outbox text: appends stay exact JSON; another tab\'s change and foreign entries are read afresh', () => {
  const storage = fakeLocalStorage();
  const a = createOutbox(createStorage(() => storage));
  const b = createOutbox(createStorage(() => storage));
  a.add('m1', 'identify', message('m1'), 1);
  a.add('m2', 'transition', message('m2', 'transition'), 2);
  b.add('m3', 'transition', message('m3', 'transition'), 3); // tab B appends to what A wrote
  a.add('m4', 'identify', message('m4'), 4); // A must see B's entry, not its own last text
  const text = storage.getItem('mqlite:outbox');
  assert.deepEqual(JSON.parse(text).map((e) => e.id), ['m1', 'm2', 'm3', 'm4']);
  assert.equal(text, JSON.stringify(JSON.parse(text)));
  // Something else writes a foreign entry into the key: ignored, and the next add drops it.
  storage.setItem('mqlite:outbox', text.slice(0, -1) + ',{"id":"evil","kind":"identify","body":{}}]');
  assert.deepEqual(a.list().map((e) => e.id), ['m1', 'm2', 'm3', 'm4']);
  a.add('m5', 'identify', message('m5'), 5);
  assert.deepEqual(JSON.parse(storage.getItem('mqlite:outbox')).map((e) => e.id), ['m1', 'm2', 'm3', 'm4', 'm5']);
  // Entries handed out are snapshots: an update replaces, it does not change what was listed.
  const listed = a.list();
  a.update('m1', { attempts: 3 });
  assert.equal(listed[0].attempts, 0);
  assert.equal(b.list()[0].attempts, 3);
  b.remove('m1');
  assert.deepEqual(a.list().map((e) => e.id), ['m2', 'm3', 'm4', 'm5']);
  // Valid but not as mqlite writes it (white space after the "]"): an add still leaves valid JSON.
  storage.setItem('mqlite:outbox', ` ${JSON.stringify(a.list(), null, 2)}\n `);
  a.add('m7', 'identify', message('m7'), 7);
  assert.deepEqual(JSON.parse(storage.getItem('mqlite:outbox')).map((e) => e.id), ['m2', 'm3', 'm4', 'm5', 'm7']);
  // Unreadable text: nothing to send, and the next add starts a valid list.
  storage.setItem('mqlite:outbox', '[{"id":');
  assert.equal(a.size(), 0);
  a.add('m6', 'identify', message('m6'), 6);
  assert.deepEqual(JSON.parse(storage.getItem('mqlite:outbox')).map((e) => e.id), ['m6']);
});

test('one sender among tabs: the localStorage lease lets one tab send', async () => {
  const storage = fakeLocalStorage();
  const clock = fakeClock();
  const a = setup({ storage, clock, tabId: 'tab-a' });
  const b = setup({ storage, clock, tabId: 'tab-b' });
  a.outbox.add('m1', 'identify', message('m1'), clock.now());
  // Tab B already holds the lease: tab A must not send.
  storage.setItem('mqlite:sender', JSON.stringify({ owner: 'tab-b', until: clock.now() + 10_000 }));
  await a.delivery.drain();
  assert.equal(a.endpoint.requests.length, 0);
  // Once it expires, A sends; B then finds nothing to send.
  await clock.advance(10_001);
  await a.delivery.drain();
  await b.delivery.drain();
  assert.equal(a.endpoint.requests.length + b.endpoint.requests.length, 1);
  assert.equal(storage.getItem('mqlite:sender'), null, 'lease released');
});

test('one sender among tabs: Web Locks with ifAvailable', async () => {
  const held = new Set();
  const locks = {
    async request(name, opts, fn) {
      if (held.has(name)) return fn(null);
      held.add(name);
      try { return await fn({ name }); } finally { held.delete(name); }
    },
  };
  const storage = fakeLocalStorage();
  const clock = fakeClock();
  const a = setup({ storage, clock, locks, tabId: 'a', script: [{ status: 200 }] });
  const b = setup({ storage, clock, locks, tabId: 'b' });
  a.outbox.add('m1', 'identify', message('m1'), clock.now());
  await Promise.all([a.delivery.drain(), b.delivery.drain()]);
  assert.equal(a.endpoint.requests.length + b.endpoint.requests.length, 1);
});

test('pagehide beacons what is pending and keeps it (at least once)', () => {
  const { outbox, delivery, beacons, clock } = setup();
  outbox.add('m1', 'identify', message('m1'), clock.now());
  outbox.add('m2', 'transition', message('m2', 'transition'), clock.now() + 60_000);
  delivery.beaconPending();
  assert.deepEqual(beacons.map((b) => b.messageId), ['m1', 'm2']);
  assert.ok(beacons.every((b) => typeof b.sentAt === 'string'));
  assert.equal(outbox.size(), 2);
});

test('storage: full or blocked falls back to memory with one warning', () => {
  const console = fakeConsole();
  const reporter = createReporter(console);
  const blocked = createStorage(() => { throw new Error('SecurityError'); }, reporter);
  blocked.set('k', 'v');
  assert.equal(blocked.get('k'), 'v');
  const full = fakeLocalStorage({ quota: 40 });
  const store = createStorage(() => full, reporter);
  store.set('mqlite:state', 'small');
  store.set('mqlite:outbox', 'x'.repeat(100));
  assert.equal(store.get('mqlite:outbox'), 'x'.repeat(100));
  assert.equal(store.get('mqlite:state'), 'small', 'earlier values carried into memory');
  assert.equal(console.lines.warn.length, 2);
});
