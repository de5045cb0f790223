// The browser build reads valid JSON with the platform's JSON.parse plus the core's own rules
// (web/json-platform.js); the native CLI with the C++ parser (src/json.cpp). Generated event lines,
// valid and hostile, must give the same report and the same errors, line by line, through both;
// the terse core must reach the same decisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, terseWasmBinary, wasmBinary } from './fakes.mjs';
import { createEngine } from '../dist/engine.node.js';

const CLI = process.env.MQLITE_CLI ?? path.join(ROOT, 'build/native/mqlite');

// Rules that read props (strings with escapes and non-ASCII, numbers at the edges), so a value read
// differently changes the score.
const MODEL = {
  version: 1,
  id: 'json-platform',
  engagement: {
    rules: [
      { id: 'text', event: 'e', match: { 'props.s': 'é😀\u0000"\\/x' }, points: 1 },
      { id: 'big', event: 'e', match: { 'props.n': { gte: 1e300 } }, points: 2 },
      { id: 'small', event: 'e', match: { 'props.n': { gt: 0, lt: 1e-300 } }, points: 4 },
      { id: 'zero', event: 'e', match: { 'props.n': 0 }, points: 8 },
      { id: 'key', event: 'e', match: { 'props.ключ': true }, points: 16 },
      { id: 'deep', event: 'e', match: { 'props.d': { exists: true } }, points: 32 },
    ],
  },
  lifecycle: { engaged: { engagement: 1e9 }, mql: { engagement: 1e9, fit: 0 } },
};

let seed = 7;
// The high bits: an LCG's low bits repeat with a short period.
const rand = (n) => { seed = (seed * 1103515245 + 12345) >>> 0; return (seed >>> 16) % n; };
const pick = (list) => list[rand(list.length)];
const nested = (depth) => '['.repeat(depth) + ']'.repeat(depth);

// Props texts: valid and not, each a fragment of JSON text.
const PROPS = [
  '{"s": "é😀\\u0000\\"\\\\\\/x"}', '{"s": "\\u00e9\\ud83d\\ude00\\u0000\\"\\\\/x"}', '{"s": "e\\u0301"}',
  '{"n": 1e300}', '{"n": 1.7976931348623157e308}', '{"n": 1e-301}', '{"n": 5e-324}', '{"n": 1e-400}', '{"n": -0}', '{"n": 0.0}',
  '{"n": 1e999}', '{"n": -1e999}', '{"n": 01}', '{"n": 1.}', '{"n": .5}', '{"n": 1e}', '{"n": +1}', '{"n": 0x10}',
  '{"ключ": true}', '{"\\u043a\\u043b\\u044e\\u0447": true}', '{"ключ": false, "ключ": true}', '{"ключ": true, "ключ": false}',
  `{"d": ${nested(62)}}`, `{"d": ${nested(63)}}`, `{"d": ${nested(64)}}`,
  '{"s": "\\ud800"}', '{"s": "\\udc00x"}', '{"s": "\\ud800\\u0041"}', '{"\\udfff": 1}', '{"s": "\\x41"}', '{"s": "\\u12"}',
  '{"s": "tab\there"}', '{"s": "bell\u0007"}', '{"s": \'single\'}', '{"s": "a",}', '{"s" "a"}', '{"s": NaN}', '{"s": undefined}',
  '{"__proto__": {"n": 0}, "n": 0}', '{"constructor": 1, "toString": 2, "n": 0}', '{"1": 1, "0": 0, "n": 0, "": ""}',
  '{}', '[]', 'null', '"props"', '{"s": "' + 'x'.repeat(3000) + '"}',
];

function eventLines(count) {
  const lines = [];
  for (let i = 0; i < count; i++) {
    const ts = 1700000000000 + i * 1000;
    const props = pick(PROPS);
    const line = pick([
      () => `{"type": "e", "ts": ${ts}, "props": ${props}}`,
      () => `  {"ts": ${ts}, "props": ${props}, "type": "e"}  `,
      () => `\ufeff{"type": "e", "ts": ${ts}}`,
      () => `{"type": "e", "ts": ${ts}, "props": ${props}} x`,
      () => `{"type": "e", "ts": ${ts}, "props": ${props}`,
      () => `{"type": "page_view", "ts": ${ts}, "url": "https://ex.com/\\u00e9?utm_source=\\ud83d\\ude00", "title": "t\\u2028"}`,
      () => `[{"type": "e", "ts": ${ts}}]`,
    ])();
    lines.push(line);
  }
  return lines;
}

// The first difference only: a deep-equal diff of two long reports takes minutes.
function assertSameReports(actual, expected, what) {
  const { errors: a, ...restA } = actual;
  const { errors: b, ...restB } = expected;
  for (let i = 0; i < Math.max(a.length, b.length); i++) assert.deepEqual(a[i], b[i], `${what}: error ${i}`);
  assert.deepEqual(restA, restB, what);
}

async function runEngine(binary, lines) {
  const engine = await createEngine(MODEL, { wasmBinary: binary });
  const errors = [];
  lines.forEach((line, i) => {
    const result = engine.ingest(line);
    if (!result.ok) errors.push({ line: i + 1, message: result.error });
  });
  const report = { ...engine.state(), errors };
  engine.dispose();
  return report;
}

test('generated event lines, valid and hostile: wasm (platform JSON) = CLI (C++ parser); terse = full decisions', async () => {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run scripts/build-native.sh (or set MQLITE_CLI)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqlite-json-'));
  const lines = eventLines(1500);
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(MODEL));
  fs.writeFileSync(path.join(dir, 'events.jsonl'), lines.join('\n') + '\n');
  const native = JSON.parse(execFileSync(CLI, ['replay', path.join(dir, 'model.json'), path.join(dir, 'events.jsonl')], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  assert.equal(native.errors.at(-1).line <= lines.length, true, 'one line per event');
  const full = await runEngine(wasmBinary(), lines);
  assertSameReports(full, native, 'wasm vs CLI');
  // Both kinds of line occur, and every rule scored.
  assert.ok(native.errors.length > 200 && native.errors.length < 1300, `${native.errors.length} errors`);
  for (const rule of MODEL.engagement.rules) assert.ok(native.explain.engagement.some((r) => r.rule === rule.id && r.awards > 0), rule.id);

  const terse = await runEngine(terseWasmBinary(), lines);
  const jsonError = (m) => (m.startsWith('not valid JSON') ? 'not valid JSON' : m);
  assertSameReports({ ...terse, errors: terse.errors.map((e) => ({ ...e, message: jsonError(e.message) })) },
    { ...full, errors: full.errors.map((e) => ({ ...e, message: jsonError(e.message) })) }, 'terse vs full');
});
