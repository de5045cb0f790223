// The tracker with a fake window/document, clock, localStorage and endpoint, on the real wasm core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SPEC_MODEL, fakeDom, fakeEnv, fakeLocalStorage, settle, terseWasmBinary, wasmBinary } from './fakes.mjs';
import { createTracker } from '../dist/index.js';

const ENDPOINT = 'https://crm.example.com/leads';
const MQLITE_FIELDS = ['anonymousId', 'context', 'explain', 'journey', 'messageId', 'model', 'score', 'sentAt',
  'stage', 'timestamp', 'transitions', 'type'];
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function start(options = {}, fakes = fakeEnv()) {
  const tracker = await createTracker({ endpoint: ENDPOINT, model: SPEC_MODEL, wasmBinary: terseWasmBinary(), fullWasmBinary: wasmBinary(), env: fakes.env, ...options });
  return { tracker, ...fakes };
}

// Engagement 5 (landing from an e-mail) + 4 × 15 (downloads) ≥ 50 with fit 25 (VP): MQL.
async function qualify(tracker, clock) {
  for (const path of ['/a', '/b', '/c', '/d']) {
    tracker.track('download', { href: `https://acme.com${path}.pdf` });
    await clock.advance(1000);
  }
}

test('anonymous: nothing is sent; identify sends one identify message with exactly the SPEC fields', async () => {
  const { tracker, endpoint, clock, storage } = await start();
  tracker.track('download', { href: 'https://acme.com/ebook.pdf' });
  await clock.advance(5000);
  assert.equal(endpoint.requests.length, 0, 'anonymous behaviour never leaves the device');
  const result = tracker.identify({ email: 'ana@corp.com', title: 'VP Marketing', name: 'Ana' });
  assert.deepEqual(result.entered.map((t) => t.to), ['Known']);
  await clock.advance(10);
  assert.equal(endpoint.requests.length, 1);
  const m = endpoint.requests[0].body;
  assert.deepEqual(Object.keys(m).sort(), [...MQLITE_FIELDS, 'traits'].sort());
  assert.equal(m.type, 'identify');
  assert.match(m.messageId, UUID4);
  assert.match(m.anonymousId, UUID4);
  assert.equal(m.timestamp, new Date(clock.now() - 10).toISOString());
  assert.deepEqual(m.traits, { email: 'ana@corp.com', title: 'VP Marketing', name: 'Ana' });
  assert.deepEqual(Object.keys(m.score).sort(), ['engagement', 'fit', 'grade', 'total']);
  assert.equal(m.score.fit, 25);
  assert.equal(m.score.grade, 'B');
  assert.deepEqual(Object.keys(m.journey).sort(), ['events', 'firstTouch', 'lastTouch', 'pageViews', 'phases', 'sessions']);
  assert.ok(m.journey.events.length >= 2 && m.journey.events.every((e) => Object.keys(e).sort().join() === 'path,title,ts,type'));
  assert.deepEqual(m.model, { id: 'acme-2026-q4', version: 1 });
  assert.deepEqual(m.context.library, { name: 'mqlite', version: '1.0.0' });
  assert.deepEqual(Object.keys(m.context.page).sort(), ['path', 'referrer', 'title', 'url']);
  assert.equal(m.context.page.path, '/blog/post');
  await settle();
  assert.ok(!storage.dump().includes('ana@corp.com'), 'no trait at rest once delivered');
  assert.ok(!storage.getItem('mqlite:state').includes('VP'), 'saved state holds no trait');
  tracker.destroy();
});

test('a later transition of a known person sends one transition message; listeners and window event fire', async () => {
  const { tracker, endpoint, clock, dom } = await start();
  const seen = [];
  const windowSeen = [];
  tracker.on('transition', (t) => seen.push(t.to));
  dom.win.addEventListener('mqlite:transition', (e) => windowSeen.push(e.detail.to));
  tracker.identify({ email: 'ana@corp.com', title: 'VP' });
  await qualify(tracker, clock);
  await clock.advance(100);
  const bodies = endpoint.bodies();
  assert.deepEqual(bodies.map((b) => b.type), ['identify', 'transition', 'transition']);
  assert.deepEqual(bodies.slice(1).map((b) => b.transition.to), ['Engaged', 'MQL']);
  assert.deepEqual(Object.keys(bodies[2]).sort(), [...MQLITE_FIELDS, 'transition'].sort());
  assert.equal(bodies[2].stage, 'MQL');
  assert.equal(new Set(bodies.map((b) => b.messageId)).size, 3);
  assert.deepEqual(seen, ['Known', 'Engaged', 'MQL']);
  assert.deepEqual(windowSeen, seen);
  assert.equal(tracker.setStage('Customer').ok, false, 'refused manual move');
  assert.equal(tracker.setStage('SAL').ok, true);
  await clock.advance(10);
  assert.equal(endpoint.bodies().at(-1).transition.to, 'SAL');
  assert.equal(tracker.state().stage, 'SAL');
  assert.ok(tracker.explain().engagement.length > 0);
  tracker.destroy();
});

test('segment format: identify and track "Lifecycle Stage Changed"', async () => {
  const { tracker, endpoint, clock } = await start({ format: 'segment' });
  tracker.identify({ email: 'ana@corp.com', title: 'VP', userId: 'u-1' });
  await qualify(tracker, clock);
  const [identify, track] = endpoint.bodies();
  assert.equal(identify.type, 'identify');
  assert.equal(identify.userId, 'u-1');
  assert.equal(identify.traits.email, 'ana@corp.com');
  assert.equal(identify.traits.lifecycleStage, 'Known');
  assert.equal(typeof identify.traits.leadScore, 'number');
  assert.deepEqual(Object.keys(identify.context.mqlite).sort(), ['explain', 'journey', 'model', 'score', 'stage', 'transitions']);
  assert.equal(track.type, 'track');
  assert.equal(track.event, 'Lifecycle Stage Changed');
  assert.deepEqual([track.properties.from, track.properties.to], ['Known', 'Engaged']);
  for (const m of [identify, track]) {
    for (const k of ['messageId', 'anonymousId', 'timestamp', 'sentAt', 'context']) assert.ok(m[k], `${m.type}.${k}`);
  }
  tracker.destroy();
});

test('consent required: memory only and nothing sent until setConsent(true), then replayed and sent', async () => {
  const { tracker, endpoint, clock, storage } = await start({ consent: 'required' });
  tracker.identify({ email: 'ana@corp.com' });
  await clock.advance(1000);
  assert.equal(endpoint.requests.length, 0);
  assert.equal(storage.map.size, 0, 'nothing written to localStorage');
  assert.equal(tracker.state().consent, 'required');
  assert.equal(tracker.state().stage, 'Known', 'scored in memory');
  tracker.setConsent(true);
  await clock.advance(10);
  assert.deepEqual(endpoint.bodies().map((b) => b.type), ['identify']);
  assert.ok(storage.getItem('mqlite:state'));
  tracker.setConsent(false);
  assert.equal(storage.map.size, 0, 'withdrawing consent erases what is stored');
  tracker.destroy();
});

for (const [name, navigator] of [['Do Not Track', { doNotTrack: '1' }], ['Global Privacy Control', { globalPrivacyControl: true }]]) {
  test(`${name}: memory only, nothing sent, consent cannot override`, async () => {
    const fakes = fakeEnv({ navigator: { ...navigator, sendBeacon: () => true } });
    const { tracker, endpoint, clock, storage, console } = await start({}, fakes);
    tracker.identify({ email: 'ana@corp.com' });
    tracker.setConsent(true);
    await clock.advance(1000);
    assert.equal(endpoint.requests.length, 0);
    assert.equal(storage.map.size, 0);
    assert.equal(tracker.state().consent, 'denied');
    assert.equal(console.lines.warn.length, 1);
    tracker.destroy();
    const ignoring = await start({ respectDnt: false }, fakeEnv({ navigator }));
    ignoring.tracker.identify({ email: 'ana@corp.com' });
    await ignoring.clock.advance(10);
    assert.equal(ignoring.endpoint.requests.length, 1, 'respectDnt: false sends');
    ignoring.tracker.destroy();
  });
}

test('forget(): erases everything stored and starts a new anonymous person', async () => {
  const fakes = fakeEnv({ endpoint: { fetch: () => new Promise(() => {}), requests: [], bodies: () => [] } });
  const { tracker, storage } = await start({}, fakes);
  const before = tracker.state().anonymousId;
  tracker.identify({ email: 'ana@corp.com' });
  assert.ok(storage.getItem('mqlite:outbox').includes('ana@corp.com'), 'the outbox holds it until delivered');
  tracker.forget();
  const after = tracker.state();
  assert.notEqual(after.anonymousId, before);
  assert.equal(after.stage, 'Anonymous');
  assert.equal(after.pending, 0);
  assert.ok(!storage.dump().includes('ana@corp.com'));
  assert.equal(storage.getItem('mqlite:anonymousId'), after.anonymousId);
  tracker.destroy();
});

test('state persists across page loads; the outbox resumes on the next load', async () => {
  const storage = fakeLocalStorage();
  const down = fakeEnv({ storage, endpoint: { fetch: async () => { throw new TypeError('offline'); }, requests: [], bodies: () => [] } });
  const first = await start({}, down);
  first.tracker.identify({ email: 'ana@corp.com' });
  await first.clock.advance(10);
  const id = first.tracker.state().anonymousId;
  first.tracker.destroy();
  // A different UUID series on the next load: the id must come from storage, not by coincidence.
  let n = 0;
  const next = await start({}, fakeEnv({ storage, randomUUID: () => `11111111-1111-4111-9111-${String(++n).padStart(12, '0')}` }));
  await next.clock.advance(10);
  assert.equal(next.tracker.state().anonymousId, id);
  assert.equal(next.tracker.state().stage, 'Known');
  await next.clock.advance(3000); // past the backoff of the failed first try
  assert.deepEqual(next.endpoint.bodies().map((b) => b.type), ['identify']);
  assert.equal(next.tracker.state().pending, 0);
  next.tracker.destroy();
});

// The tracker runs the terse core; its refusals are explained by the full core, loaded for that.
test('a refused saved state: starts afresh, and the warning gives the reason from the full core', async () => {
  const storage = fakeLocalStorage();
  storage.setItem('mqlite:state', 'mq1.0000000000000000.{"stage":"MQL"}');
  const { tracker, console } = await start({}, fakeEnv({ storage }));
  assert.equal(tracker.state().stage, 'Anonymous');
  await settle();
  assert.deepEqual(console.lines.warn, ['mqlite: saved state refused: saved state is corrupt or truncated (checksum mismatch); starting afresh']);
  tracker.destroy();
});

test('an invalid model when the full core cannot load: rejected all the same, and says why there is no list', async () => {
  const error = await start({ model: { ...SPEC_MODEL, version: 3 }, fullWasmBinary: new Uint8Array([0, 97, 115, 109]) }).catch((e) => e);
  assert.equal(error.name, 'MqliteError');
  assert.match(error.message, /^mqlite: invalid model: \/: refused; no reason: the full core did not load \(mqlite: could not load the WebAssembly core/);
});

test('two tabs on one localStorage: every event counts once', async () => {
  const storage = fakeLocalStorage();
  const a = await start({ autotrack: false }, fakeEnv({ storage }));
  const b = await start({ autotrack: false }, fakeEnv({ storage, clock: a.clock }));
  // Two tabs never share a task: each event's task ends (and its deferred save runs) before the
  // other tab's next event.
  const inTask = async (fn) => { fn(); await a.clock.advance(0); };
  await inTask(() => a.tracker.track('download', { href: '/a.pdf' }));
  await inTask(() => b.tracker.track('download', { href: '/b.pdf' }));
  await inTask(() => a.tracker.track('page_view'));
  // 15 + 15 + 5 (page view from an e-mail campaign)
  assert.equal(a.tracker.state().score.engagement, 35, 'tab A sees tab B\'s event');
  await inTask(() => b.tracker.track('download', { href: '/c.pdf' }));
  assert.equal(b.tracker.state().score.engagement, 50);
  assert.equal(a.tracker.state().journey.pageViews, 1);
  a.tracker.destroy();
  b.tracker.destroy();
});

test('state is saved once per task, and at once on pagehide', async () => {
  const storage = fakeLocalStorage();
  let writes = 0;
  const setItem = storage.setItem;
  storage.setItem = (k, v) => { if (k.endsWith('state')) writes += 1; return setItem(k, v); };
  const fakes = fakeEnv({ storage });
  const { tracker, dom } = await start({ autotrack: false }, fakes);
  writes = 0;
  for (let i = 0; i < 100; i++) tracker.track('scroll', { depth: 80 });
  assert.equal(writes, 0, 'no save inside the task');
  dom.win.dispatchEvent(new Event('pagehide'));
  assert.equal(writes, 1, 'pagehide saves what the task did');
  dom.win.dispatchEvent(new Event('pagehide'));
  assert.equal(writes, 1, 'nothing pending, nothing written: the stored state may be another tab\'s');
  // The next page load on the same storage sees all 100 events.
  const next = await start({ autotrack: false }, fakeEnv({ storage }));
  assert.equal(next.tracker.state().journey.events.length, 50);
  assert.equal(next.tracker.state().journey.events.at(-1).type, 'scroll');
  tracker.destroy();
  next.tracker.destroy();
});

test('autotrack: page view on start, SPA pushState once per URL, outbound clicks, downloads, scroll, engaged time', async () => {
  const fakes = fakeEnv();
  const { tracker, clock, dom } = await start({}, fakes);
  const events = () => tracker.state().journey.events.map((e) => `${e.type}:${e.path ?? ''}`);
  assert.deepEqual(events(), ['page_view:/blog/post']);
  dom.win.history.pushState({}, '', '/pricing');
  dom.win.history.pushState({}, '', '/pricing');
  await clock.advance(1);
  dom.win.location.href = 'https://acme.com/blog/post';
  dom.win.dispatchEvent(new Event('popstate'));
  await clock.advance(1);
  const click = (href, attrs = {}) => {
    const anchor = { href, hasAttribute: (n) => n in attrs, closest: () => anchor };
    const event = new Event('click');
    Object.defineProperty(event, 'target', { value: anchor });
    dom.doc.dispatchEvent(event);
  };
  click('https://other.example/x');
  click('https://acme.com/files/guide.PDF');
  click('https://acme.com/about');
  dom.win.scrollY = 2000;
  dom.win.dispatchEvent(new Event('scroll'));
  await clock.advance(31_000);
  assert.deepEqual(events(), ['page_view:/blog/post', 'page_view:/pricing', 'page_view:/blog/post', 'click:/blog/post',
    'download:/blog/post', 'scroll:/blog/post', 'scroll:/blog/post', 'scroll:/blog/post', 'engaged_time:/blog/post', 'engaged_time:/blog/post']);
  assert.equal(tracker.state().journey.pageViews, 3);
  tracker.destroy();
});

test('forms: submit identifies from the e-mail field, never capturing secrets; never prevents the submit', async () => {
  const { tracker, clock, dom, endpoint } = await start();
  const field = (name, value, type = 'text', extra = {}) => ({ name, value, type, getAttribute: (a) => extra[a] ?? null, ...extra });
  const form = {
    elements: [
      field('work_email', 'li@northwind.example', 'email'), field('title', 'Head of Ops'), field('password', 'hunter2', 'password'),
      field('csrf_token', 'abc'), field('ref', 'x', 'hidden'), field('card', '4111 1111 1111 1111'), field('cvv', '123'),
      field('iban', 'DE89370400440532013000'), field('ssn', '078-05-1120'), field('notes', '4242424242424242'),
    ],
    getAttribute: (a) => ({ id: 'demo-request' })[a] ?? null,
    hasAttribute: () => false,
  };
  const submit = new Event('submit', { cancelable: true });
  Object.defineProperty(submit, 'target', { value: form });
  dom.doc.dispatchEvent(submit);
  assert.equal(submit.defaultPrevented, false);
  await clock.advance(10);
  const [identify] = endpoint.bodies();
  assert.deepEqual(identify.traits, { email: 'li@northwind.example', title: 'Head of Ops' });
  const ignored = { ...form, hasAttribute: (a) => a === 'data-mqlite-ignore' };
  const again = new Event('submit');
  Object.defineProperty(again, 'target', { value: ignored });
  const before = tracker.state().journey.events.length;
  dom.doc.dispatchEvent(again);
  assert.equal(tracker.state().journey.events.length, before, 'data-mqlite-ignore');
  tracker.destroy();
});

test('bad options reject with clear errors; public methods never throw', async () => {
  await assert.rejects(start({ endpoint: 'http://crm.example.com/leads' }), /must use https:/);
  await assert.rejects(start({ endpoint: undefined }), /endpoint option is required/);
  await assert.rejects(start({ model: { ...SPEC_MODEL, version: 3 } }), /invalid model: \/version/);
  await assert.rejects(start({ format: 'csv' }), /format must be one of mqlite, segment/);
  const local = await start({ endpoint: 'http://127.0.0.1:8080/x' });
  local.tracker.destroy();
  const { tracker, console } = await start();
  assert.equal(tracker.track(42), undefined);
  assert.equal(tracker.track(42), undefined);
  assert.equal(tracker.identify(null), undefined);
  assert.equal(console.lines.error.length, 2, 'one console message per failure kind');
  assert.match(console.lines.error[0], /track\(name, props\)/);
  tracker.on('transition', () => { throw new Error('listener bug'); });
  assert.equal(tracker.identify({ email: 'a@b.co' }).ok, true, 'a throwing listener does not break identify');
  tracker.destroy();
  assert.equal(tracker.track('x'), undefined);
});
