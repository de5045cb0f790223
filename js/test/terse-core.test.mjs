// The terse core (what pages run, src/terse.hpp) against the full one: the same decisions on every
// input of the fuzz corpus and its mutations; only the reasons for a refused model or saved state
// (and a JSON error's position) are left out. scripts/compare-cores.mjs does the comparing.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compareCores } from '../../scripts/compare-cores.mjs';

const DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const [FULL, TERSE] = ['mqlite-core.wasm', 'mqlite-core-terse.wasm'].map((f) => path.join(DIST, f));
const CORPUS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'fuzz', 'corpus');

test('terse and full cores reach the same decisions on the corpus and its mutations', async () => {
  const { terse, calls, differences } = await compareCores(FULL, TERSE, { mutations: 100, corpus: CORPUS });
  assert.equal(terse, true, 'one of the two is the terse build');
  assert.ok(calls > 5000, `${calls} calls`);
  assert.deepEqual(differences, []);
});

test('the terse core refuses without reasons; the full core gives them', async () => {
  const { default: create } = await import(pathToFileURL(path.join(DIST, 'mqlite-core.js')).href);
  const [full, terse] = await Promise.all([FULL, TERSE].map((f) => create({ wasmBinary: fs.readFileSync(f), printErr() {} })));
  const model = '{"version": 1, "id": "m", "engagement": {"rules": [{"id": "x", "event": "page_view", "points": "ten"}]}}';
  assert.deepEqual(JSON.parse(full.validateModel(model)), [{ pointer: '/engagement/rules/0/points', message: 'must be a number' }]);
  assert.deepEqual(JSON.parse(terse.validateModel(model)), [{ pointer: '', message: '' }]);
  assert.equal(full.coreTerse(), false);
  assert.equal(terse.coreTerse(), true);
  // Events keep their messages: ingest answers with them at once.
  const id = terse.engineOpen('{"version": 1, "id": "m"}');
  assert.match(JSON.parse(terse.engineIngest(id, '{"type": "page_view"}')).error, /"ts" is required/);
  terse.engineClose(id);
});
