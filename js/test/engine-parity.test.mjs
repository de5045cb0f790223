// The engine in Node gives the same results as the native CLI over the shared cases in
// tests/cases (each: model.json, events.jsonl, optional `now`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './fakes.mjs';
import { createEngine } from '../dist/engine.node.js';

const CLI = process.env.MQLITE_CLI ?? path.join(ROOT, 'build/native/mqlite');
const CASES = path.join(ROOT, 'tests/cases');
const caseNames = fs.readdirSync(CASES).filter((n) => fs.existsSync(path.join(CASES, n, 'model.json'))).sort();

function runCli(dir, now) {
  const args = ['replay', path.join(dir, 'model.json'), path.join(dir, 'events.jsonl')];
  if (now !== undefined) args.push('--now', String(now));
  return JSON.parse(execFileSync(CLI, args, { encoding: 'utf8' }));
}

// What the CLI does, through the wasm engine: one ingest per non-blank line, errors by line.
async function runEngine(dir, now) {
  const engine = await createEngine(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const errors = [];
  fs.readFileSync(path.join(dir, 'events.jsonl'), 'utf8').split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const result = engine.ingest(line);
    if (!result.ok) errors.push({ line: i + 1, message: result.error });
  });
  const report = { ...engine.state(now), errors };
  engine.dispose();
  return report;
}

test('the CLI is built', () => {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run scripts/build-native.sh (or set MQLITE_CLI)`);
});

test('there are shared cases', () => assert.ok(caseNames.length >= 3, caseNames.join(',')));

for (const name of caseNames) {
  test(`case ${name}: engine (wasm) = CLI (native)`, async () => {
    const dir = path.join(CASES, name);
    const nowFile = path.join(dir, 'now');
    const now = fs.existsSync(nowFile) ? Number(fs.readFileSync(nowFile, 'utf8').trim()) : undefined;
    const native = runCli(dir, now);
    const wasm = await runEngine(dir, now);
    assert.deepEqual(wasm, native);
    // The case must exercise something: transitions happened, events were scored.
    assert.ok(native.transitions.length > 0, 'case has no transition');
    assert.ok(native.journey.pageViews > 0, 'case has no page view');
  });
}
