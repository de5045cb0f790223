// Feeds the libFuzzer corpora (build/fuzz/corpus, else tests/fuzz/corpus) and byte mutations of
// them through a wasm build: engineOpen(model), validateModel, ingest, report, save, restore.
// Any abort (a C++ throw in a -fno-exceptions build) is a failure: the boundary must not throw.
// Usage: node scripts/check-wasm-nothrow.mjs [WASM_DIR] [MUTATIONS_PER_FILE] [WASM_FILE]
// (WASM_FILE: mqlite-core.wasm, the default, or mqlite-core-terse.wasm)
import fs from 'node:fs'; import path from 'node:path'; import { pathToFileURL } from 'node:url';
import { byteMutator, seal } from './lib/mutations.mjs';
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dir = path.resolve(process.argv[2] ?? path.join(ROOT, 'build/wasm/dist'));
const mutations = Number(process.argv[3] ?? 3);
const grown = path.join(ROOT, 'build/fuzz/corpus');
const corpus = fs.existsSync(grown) ? grown : path.join(ROOT, 'tests/fuzz/corpus');
const model = fs.readFileSync(path.join(ROOT, 'tests/cases/spec-mql/model.json'), 'utf8');
const { default: create } = await import(pathToFileURL(path.join(dir, 'mqlite-core.js')).href);
const wasmFile = process.argv[4] ?? 'mqlite-core.wasm';
const core = await create({ wasmBinary: fs.readFileSync(path.join(dir, wasmFile)), printErr: () => {} });
// A -fwasm-exceptions build catches a throw in web/bindings.cpp and answers "… internal error …".
for (const method of ['ingest', 'report', 'save', 'restore', 'problems']) {
  const binding = `engine${method[0].toUpperCase()}${method.slice(1)}`;
  const original = core[binding];
  core[binding] = (...args) => {
    const answer = original(...args);
    if (answer.includes('internal error')) throw new Error(`${method} answered ${answer.slice(0, 200)}`);
    return answer;
  };
}
// An engine over the engine* bindings (web/bindings.cpp), with the methods called below.
class CoreEngine {
  constructor(modelText) { this.id = core.engineOpen(modelText); }
  problems() { return core.engineProblems(this.id); }
  ingest(eventText) { return core.engineIngest(this.id, eventText); }
  report(now, withEvents) { return core.engineReport(this.id, now, withEvents); }
  save() { return core.engineSave(this.id); }
  restore(blob) { return core.engineRestore(this.id, blob); }
  delete() { core.engineClose(this.id); }
}

const mutate = byteMutator();

const fed = { ingest: 0, model: 0, state: 0 };
const failures = [];
function run(kind, name, fn) {
  try { fn(); } catch (e) { failures.push(`${kind} ${name}: ${e?.message ?? e}`); }
}
function ingestAll(engine, text) {
  for (const line of text.split('\n')) { engine.ingest(line); fed.ingest++; }
  engine.report(NaN, true); engine.report(NaN, false); engine.report(1e300, true);
  const blob = engine.save();
  const back = engine.restore(blob);
  if (back !== '') throw new Error(`restore(save()) refused: ${back}`);
}
const files = (kind) => { const d = path.join(corpus, kind); return fs.existsSync(d) ? fs.readdirSync(d).map((f) => path.join(d, f)) : []; };

for (const file of files('fuzz_ingest')) {
  const text = fs.readFileSync(file, 'utf8');
  for (const input of [text, ...Array.from({ length: mutations }, () => mutate(text))]) {
    run('ingest', path.basename(file), () => { const e = new CoreEngine(model); try { ingestAll(e, input); } finally { e.delete(); } });
  }
}
for (const file of files('fuzz_model')) {
  const text = fs.readFileSync(file, 'utf8');
  for (const input of [text, ...Array.from({ length: mutations }, () => mutate(text))]) {
    run('model', path.basename(file), () => {
      core.validateModel(input); fed.model++;
      const e = new CoreEngine(input);
      try { if (e.problems() === '[]') ingestAll(e, '{"type":"page_view","ts":1700000000000,"url":"/pricing"}\n{"type":"identify","ts":1700000001000,"traits":{"email":"a@b.co","title":"VP"}}'); } finally { e.delete(); }
    });
  }
}
const engine = new CoreEngine(model);
for (const file of files('fuzz_state')) {
  const text = fs.readFileSync(file, 'utf8');
  for (const input of [text, ...Array.from({ length: mutations }, () => mutate(text))]) {
    run('state', path.basename(file), () => {
      for (const blob of [input, seal(input)]) { fed.state++; engine.restore(blob); engine.report(NaN, true); engine.save(); engine.ingest('{"type":"scroll","ts":1800000000000,"props":{"depth":80}}'); }
    });
  }
}
engine.delete();
console.log(JSON.stringify({ dir, wasmFile, corpus, mutations, fed, failures: failures.length }));
for (const f of failures.slice(0, 20)) console.error(f);
process.exit(failures.length ? 1 : 0);
