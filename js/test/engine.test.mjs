// mqlite/engine in Node: errors are Errors (never bare numbers), state survives save/restore.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SPEC_MODEL, T0 } from './fakes.mjs';
import { createEngine, validateModel, MqliteError } from '../dist/engine.node.js';

const pv = (ts, path) => ({ type: 'page_view', ts, url: `https://acme.com${path}` });

test('an invalid model rejects with every problem and its JSON pointer', async () => {
  const bad = { ...SPEC_MODEL, version: 2, engagement: { ...SPEC_MODEL.engagement, rulez: [] } };
  await assert.rejects(createEngine(bad), (error) => {
    assert.ok(error instanceof MqliteError);
    assert.match(error.message, /invalid model: .*\/version/);
    assert.ok(error.problems.some((p) => p.pointer === '/version'));
    assert.ok(error.problems.some((p) => p.pointer.startsWith('/engagement/rulez')));
    return true;
  });
  await assert.rejects(createEngine('{not json'), /invalid model/);
  assert.deepEqual(await validateModel(SPEC_MODEL), []);
  assert.ok((await validateModel('[]')).length > 0);
});

test('refused events come back as {ok: false, error}, and the engine keeps working', async () => {
  const engine = await createEngine(SPEC_MODEL);
  const refused = engine.ingest({ type: 'stage', ts: T0, to: 'Customer' });
  assert.equal(refused.ok, false);
  assert.match(refused.error, /Anonymous/);
  assert.equal(engine.ingest('{"type":').ok, false);
  // Hostile nesting is refused, not a crash.
  assert.equal(engine.ingest(`{"type":"x","ts":1,"props":${'['.repeat(5000)}${']'.repeat(5000)}}`).ok, false);
  assert.deepEqual(engine.ingest(pv(T0, '/pricing')), { ok: true, entered: [] });
  assert.equal(engine.state().score.engagement, 10);
  engine.dispose();
  assert.throws(() => engine.state(), /disposed/);
});

test('transitions are reported by ingest; save/restore continues identically', async () => {
  const a = await createEngine(SPEC_MODEL);
  a.ingest(pv(T0, '/pricing'));
  const identified = a.ingest({ type: 'identify', ts: T0 + 1, traits: { email: 'ana@corp.com', title: 'VP' } });
  assert.deepEqual(identified.entered, [{ from: 'Anonymous', to: 'Known', at: T0 + 1 }]);
  const blob = a.save();
  assert.ok(!blob.includes('ana@corp.com') && !blob.includes('VP'), 'no trait at rest');
  const b = await createEngine(SPEC_MODEL, { state: blob });
  for (const e of [pv(T0 + 2, '/pricing/a'), pv(T0 + 3, '/pricing/b'), { type: 'download', ts: T0 + 4, props: { href: 'x.pdf' } }, { type: 'download', ts: T0 + 5, props: { href: 'y.pdf' } }]) {
    assert.deepEqual(b.ingest(e), a.ingest(e));
  }
  assert.deepEqual(b.state(T0 + 86400000), a.state(T0 + 86400000));
  assert.equal(a.state().stage, 'MQL');
  assert.ok(Array.isArray(a.state(undefined, { events: true }).journey.events));
  assert.throws(() => b.restore(blob.replace('mq1.', 'mq1.0')), (e) => e instanceof MqliteError && /refused/.test(e.message));
  assert.equal(b.state().stage, 'MQL', 'a refused restore keeps the state');
});

// The .wasm converts numbers with JavaScript's own Number() and toExponential() (web/numbers.js),
// the CLI with <charconv>: both exact, so a number goes in and comes back out unchanged.
test('numbers cross the core exactly: read correctly rounded, written in the fewest digits', async () => {
  const engine = await createEngine(SPEC_MODEL);
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let i = 0; i < 300; i++) {
    // Timestamps with every fraction a double can hold there, some with 17 significant digits.
    const ts = T0 + i * 1000 + random() * (i % 2 ? 1 : 1e-3);
    assert.equal(engine.ingest(pv(ts, '/blog')).ok, true);
    // Read from the event's JSON text and written back into the saved state's.
    const saved = engine.save();
    assert.ok(saved.includes(`"latest":${String(ts)},`), `${String(ts)} in ${saved.slice(0, 200)}`);
  }
  const restored = await createEngine(SPEC_MODEL, { state: engine.save() });
  assert.equal(restored.save(), engine.save());
  // Decimal text with more digits than a double holds, and beyond its range.
  assert.equal(engine.ingest(`{"type":"page_view","ts":${T0 + 400000}.00000000000000000000000001,"url":"https://acme.com/"}`).ok, true);
  assert.ok(engine.save().includes(`"latest":${T0 + 400000},`));
  assert.equal(engine.ingest(`{"type":"page_view","ts":1e400,"url":"https://acme.com/"}`).ok, false);
});

test('a .wasm that cannot be fetched rejects with one clear Error (not an abort)', async () => {
  await assert.rejects(createEngine(SPEC_MODEL, { wasmUrl: 'http://127.0.0.1:9/missing.wasm' }), (error) => {
    assert.ok(error instanceof MqliteError);
    assert.match(error.message, /could not load the WebAssembly core .*wasm-unsafe-eval/);
    return true;
  });
  // The module loaded from bytes still works afterwards.
  assert.equal((await createEngine(SPEC_MODEL)).ingest({ type: 'page_view', ts: 1, url: '/pricing' }).ok, true);
});
