// The demo model and the example in docs/MODEL.md are valid models (checked by the native CLI, which
// scripts/test.sh builds before this stage), and the broken fixture is refused with pointers.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO_DIR, FIXTURES_DIR } from './helpers.mjs';

const CLI = process.env.MQLITE_CLI || path.join(REPO_DIR, 'build', 'native', 'mqlite');

function validate(file) {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: build it with scripts/build-native.sh (or set MQLITE_CLI)`);
  const run = spawnSync(CLI, ['validate', file], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

test('the demo model is valid', () => {
  const { status, out } = validate(path.join(REPO_DIR, 'demo', 'mqlite', 'model.json'));
  assert.equal(out.trim(), 'ok');
  assert.equal(status, 0);
});

test('the complete example in docs/MODEL.md is valid', () => {
  const doc = fs.readFileSync(path.join(REPO_DIR, 'docs', 'MODEL.md'), 'utf8');
  const example = doc.match(/```json\n([\s\S]*?)```/)[1];
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mqlite-doc-')), 'model.json');
  fs.writeFileSync(file, example);
  const { status, out } = validate(file);
  assert.equal(out.trim(), 'ok');
  assert.equal(status, 0);
});

test('the broken fixture model is refused, each problem with its pointer', () => {
  const { status, out } = validate(path.join(FIXTURES_DIR, 'broken-model.json'));
  assert.equal(status, 1);
  assert.match(out, /^\/engagement\/rules\/0\/limitt: /m);
  assert.match(out, /^\/engagement\/rules\/0\/points: /m);
});
