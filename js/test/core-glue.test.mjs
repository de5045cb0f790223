// The Emscripten glue itself (js/dist/mqlite-core.js + .wasm, built by web/wasm.cmake): every
// binding answers, strings cross as UTF-8 both ways (also when the call grows the memory), the
// strings passed and returned are freed, and misuse throws an Error without breaking the module.
// With MQLITE_WASM_EMBIND_LITE (default) this is web/embind-lite.js's contract; with
// MQLITE_WASM_MINIMAL_RUNTIME (default) web/core-start.pre.js's too: a failed start rejects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, SPEC_MODEL, T0 } from './fakes.mjs';

const { default: createMqliteCore } = await import(pathToFileURL(path.join(DIST, 'mqlite-core.js')).href);
const core = await createMqliteCore({ wasmBinary: fs.readFileSync(path.join(DIST, 'mqlite-core.wasm')), printErr: () => {} });

// How often the glue grew the module's memory while `run` ran (it grows through Memory#grow).
function memoryGrowths(run) {
  const grow = WebAssembly.Memory.prototype.grow;
  let growths = 0;
  WebAssembly.Memory.prototype.grow = function (...args) {
    growths++;
    return grow.apply(this, args);
  };
  try {
    run();
  } finally {
    WebAssembly.Memory.prototype.grow = grow;
  }
  return growths;
}
// An engine over the engine* bindings (web/bindings.cpp), as js/src/core-engine.js calls them.
class CoreEngine {
  constructor(modelText) { this.id = core.engineOpen(modelText); }
  problems() { return core.engineProblems(this.id); }
  ingest(eventText) { return core.engineIngest(this.id, eventText); }
  report(now, withEvents) { return core.engineReport(this.id, now, withEvents); }
  stage() { return core.engineStage(this.id); }
  save() { return core.engineSave(this.id); }
  restore(blob) { return core.engineRestore(this.id, blob); }
  reset() { core.engineReset(this.id); }
  delete() { core.engineClose(this.id); }
}
const MODEL = JSON.stringify(SPEC_MODEL);
const event = (ts, title = 'Pricing') => JSON.stringify({ type: 'page_view', ts, url: 'https://acme.com/pricing', title });

test('every binding answers through the glue', () => {
  assert.match(core.coreVersion(), /^\d+\.\d+\.\d+/);
  assert.equal(core.validateModel(MODEL), '[]');
  const engine = new CoreEngine(MODEL);
  assert.equal(engine.problems(), '[]');
  assert.equal(typeof engine.stage(), 'string');
  assert.ok(engine.stage().length > 0);
  assert.equal(JSON.parse(engine.ingest(event(T0))).ok, true);
  const report = JSON.parse(engine.report(NaN, true));
  assert.equal(report.journey.events.length, 1);
  const saved = engine.save();
  assert.ok(saved.length > 0);
  engine.reset();
  assert.equal(JSON.parse(engine.report(NaN, true)).journey.events.length, 0);
  assert.equal(engine.restore(saved), '');
  assert.equal(JSON.parse(engine.report(T0 + 1000, true)).journey.events.length, 1);
  assert.notEqual(engine.restore('not a blob'), '');
  engine.delete();
  assert.match(JSON.parse(engine.problems()).error, /no such engine/);
});

test('engines open and close independently; a closed engine\'s id is never reused', () => {
  const engines = [0, 1, 2, 3].map(() => new CoreEngine(MODEL));
  engines.forEach((engine, i) => engine.ingest(event(T0 + i * 1000, `E${i}`)));
  engines[1].delete();
  engines[3].delete();
  const fresh = new CoreEngine(MODEL);
  const titles = (engine) => JSON.parse(engine.report(NaN, true)).journey.events.map((e) => e.title);
  assert.deepEqual(titles(engines[0]), ['E0']);
  assert.deepEqual(titles(engines[2]), ['E2']);
  assert.deepEqual(titles(fresh), []);
  for (const closed of [engines[1], engines[3]]) {
    assert.match(JSON.parse(closed.ingest(event(T0))).error, /no such engine/);
    assert.equal(closed.stage(), '');
  }
  engines[1].delete();  // closing twice is harmless
  assert.deepEqual(titles(engines[2]), ['E2']);
  for (const engine of [engines[0], engines[2], fresh]) engine.delete();
});

test('problems are written as before: keys sorted, strings quoted and escaped', () => {
  assert.equal(core.validateModel('{"version":1,"id":"x","\\"\\u0001":1}'),
    '[{"message":"unknown key; expected one of version, id, sessionTimeoutMinutes, engagement, fit, grades, lifecycle, phases","pointer":"/\\"\\u0001"}]');
  assert.equal(core.validateModel('[1'), '[{"message":"not valid JSON: parse error at line 1, column 3: expected \',\' or \']\'","pointer":"/"}]');
  const engine = new CoreEngine('[1');
  assert.equal(engine.problems(), core.validateModel('[1'));
  engine.delete();
});

test('strings cross as UTF-8 both ways, also when the call grows the memory', () => {
  const key = 'é€😀 \u4e2d';
  const problems = JSON.parse(core.validateModel(JSON.stringify({ ...SPEC_MODEL, [key]: 1 })));
  assert.ok(problems.some((p) => p.pointer === `/${key}`), JSON.stringify(problems));
  // 24 MB of text does not fit the initial 16 MB: the memory grows during the call.
  let huge;
  assert.ok(memoryGrowths(() => { huge = JSON.parse(core.validateModel(JSON.stringify('😀'.repeat(6 * 1024 * 1024)))); }) > 0);
  assert.ok(Array.isArray(huge) && huge.length > 0);
  assert.equal(core.validateModel(MODEL), '[]');
});

test('short and long strings, ASCII or not, cross intact (both sides of the hand-copied short path)', () => {
  // Answers: 138 units with "é" at the end; a long one through the decoder.
  for (const key of ['é', 'aé', '😀', 'x'.repeat(300) + 'é']) {
    const problems = JSON.parse(core.validateModel(JSON.stringify({ version: 1, id: 'x', [key]: 1 })));
    assert.equal(problems[0].pointer, `/${key}`);
  }
  // Events whose text is just below, at and above the short limit, non-ASCII first, last or nowhere.
  const engine = new CoreEngine(MODEL);
  const base = event(T0, '').length;
  const titles = [];
  for (const length of [0, 1, 255, 256, 257, 600]) {
    for (const [head, tail] of [['', ''], ['é', ''], ['', '😀'], ['\u4e2d', 'é']]) {
      const fill = Math.max(0, length - base - head.length - tail.length);
      titles.push(head + 'a'.repeat(fill) + tail);
    }
  }
  titles.forEach((title, i) => assert.equal(JSON.parse(engine.ingest(event(T0 + i * 1000, title))).ok, true));
  const seen = JSON.parse(engine.report(NaN, true)).journey.events.map((e) => e.title);
  assert.deepEqual(seen, titles);
  engine.delete();
});

test('the strings passed and returned are freed', () => {
  const engine = new CoreEngine(MODEL);
  const title = 'x'.repeat(8192);
  const round = (from) => {
    for (let i = from; i < from + 200; i++) {
      engine.ingest(event(T0 + i * 1000, title));
      engine.report(NaN, true);
      if (i % 50 === 49) engine.reset();
    }
  };
  round(0);
  // 8 KB in and more out per call: a leak of either would need > 30 MB more memory here.
  assert.equal(memoryGrowths(() => { for (let r = 1; r <= 10; r++) round(r * 1000); }), 0);
  engine.delete();
});

test('a long session keeps the memory bounded: after a warm-up, 200,000 events with saves, restores and reports never grow it', () => {
  // The allocator (web/allocator.cpp by default) reuses freed blocks: a leak or a heap that creeps
  // by 80 bytes an event would outgrow the memory left after the warm-up.
  const engine = new CoreEngine(MODEL);
  const paths = ['/pricing', '/blog/a', '/careers', '/demo?utm_medium=email'];
  const session = (from, count) => {
    for (let i = from; i < from + count; i++) {
      engine.ingest(JSON.stringify(i % 5 === 4
        ? { type: 'scroll', ts: T0 + i * 60000, props: { depth: 75 } }
        : { type: 'page_view', ts: T0 + i * 60000, url: `https://acme.com${paths[i % paths.length]}`, title: `T${i % 97}` }));
      if (i % 500 === 499) {
        const saved = engine.save();
        engine.reset();
        assert.equal(engine.restore(saved), '');
        engine.report(NaN, true);
      }
    }
  };
  session(0, 20000);
  assert.equal(memoryGrowths(() => session(20000, 200000)), 0);
  assert.equal(JSON.parse(engine.report(NaN, false)).journey.pageViews, 176000);
  engine.delete();
});

test('misuse throws an Error and the module keeps working', () => {
  assert.throws(() => core.validateModel(), Error);
  assert.throws(() => core.validateModel(MODEL, 1), Error);
  assert.throws(() => core.validateModel(42), Error);
  assert.throws(() => core.validateModel({ text: MODEL }), Error);
  assert.equal(core.validateModel(MODEL), '[]');
});

test('a .wasm that does not instantiate rejects the factory (it does not hang)', { timeout: 10000 }, async () => {
  await assert.rejects(createMqliteCore({ wasmBinary: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1]), printErr() {} }), Error);
  await assert.rejects(createMqliteCore({ printErr() {} }), Error);
});
