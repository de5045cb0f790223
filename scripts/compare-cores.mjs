// Feeds the same calls to two wasm cores and compares every answer: the libFuzzer corpora
// (build/fuzz/corpus, else tests/fuzz/corpus) and byte mutations of them, through engineOpen,
// validateModel, ingest, report, save and restore.
// Two full cores (an old and a new build) must answer byte for byte alike. A full and a terse core
// (src/terse.hpp) must reach the same decisions: the same answers, except that the terse core's
// refusals of a model or saved state carry no reason, and its JSON errors no position.
// Usage: node scripts/compare-cores.mjs A.wasm B.wasm [MUTATIONS_PER_FILE]   (glue: mqlite-core.js beside each)
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { byteMutator, seal } from './lib/mutations.mjs';

process.removeAllListeners('warning');  // the glue is an ES module in a .js file: Node says so once per import
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

async function open(wasmFile) {
  const glue = path.join(path.dirname(path.resolve(wasmFile)), 'mqlite-core.js');
  // A query string per file: each core gets its own glue module instance.
  const { default: create } = await import(`${pathToFileURL(glue).href}?${encodeURIComponent(wasmFile)}`);
  return create({ wasmBinary: fs.readFileSync(wasmFile), printErr: () => {} });
}

// What two answers of one binding must share: all of it, or only the decision when one core is terse.
function sameAnswer(binding, a, b, terse) {
  if (a === b) return true;
  if (!terse) return false;
  if (binding === 'engineProblems' || binding === 'validateModel') return (a === '[]') === (b === '[]');
  if (binding === 'engineRestore') return (a === '') === (b === '');
  if (binding === 'engineIngest') {
    const [x, y] = [JSON.parse(a), JSON.parse(b)];
    const parseError = (e) => typeof e === 'string' && e.startsWith('not valid JSON');
    return x.ok === y.ok && parseError(x.error) && parseError(y.error) && JSON.stringify(x.entered) === JSON.stringify(y.entered);
  }
  return false;
}

export async function compareCores(fileA, fileB, { mutations = 1, corpus } = {}) {
  const [a, b] = [await open(fileA), await open(fileB)];
  const terse = Boolean(a.coreTerse?.()) !== Boolean(b.coreTerse?.());  // (older builds have no coreTerse)
  const grown = path.join(ROOT, 'build/fuzz/corpus');
  corpus ??= fs.existsSync(grown) ? grown : path.join(ROOT, 'tests/fuzz/corpus');
  const model = fs.readFileSync(path.join(ROOT, 'tests/cases/spec-mql/model.json'), 'utf8');
  const differences = [];
  let calls = 0;
  // Calls `binding` on both cores; engine ids are kept in step (both open and close alike).
  const call = (binding, ...args) => {
    const [x, y] = [a[binding](...args), b[binding](...args)];
    calls++;
    if (!sameAnswer(binding, String(x), String(y), terse) && differences.length < 20)
      differences.push(`${binding}(${JSON.stringify(args).slice(0, 300)}):\n  A ${String(x).slice(0, 300)}\n  B ${String(y).slice(0, 300)}`);
    return x;
  };

  const mutate = byteMutator();
  const inputs = (kind) => {
    const dir = path.join(corpus, kind);
    const texts = fs.existsSync(dir) ? fs.readdirSync(dir).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8')) : [];
    return texts.flatMap((text) => [text, ...Array.from({ length: mutations }, () => mutate(text))]);
  };
  const ingestAll = (id, text) => {
    for (const line of text.split('\n')) call('engineIngest', id, line);
    call('engineReport', id, NaN, true);
    call('engineReport', id, 1e300, false);
    call('engineRestore', id, call('engineSave', id));
    call('engineStage', id);
  };

  for (const text of inputs('fuzz_ingest')) {
    const id = call('engineOpen', model);
    ingestAll(id, text);
    call('engineClose', id);
  }
  for (const text of inputs('fuzz_model')) {
    call('validateModel', text);
    const id = call('engineOpen', text);
    if (call('engineProblems', id) === '[]')
      ingestAll(id, '{"type":"page_view","ts":1700000000000,"url":"/pricing?utm_source=x"}\n{"type":"identify","ts":1700000001000,"traits":{"email":"a@b.co","title":"VP"}}');
    call('engineClose', id);
  }
  const id = call('engineOpen', model);
  for (const text of inputs('fuzz_state')) {
    for (const blob of [text, seal(text)]) {
      call('engineRestore', id, blob);
      call('engineReport', id, NaN, true);
      call('engineSave', id);
      call('engineIngest', id, '{"type":"scroll","ts":1800000000000,"props":{"depth":80}}');
    }
  }
  call('engineClose', id);
  return { terse, calls, differences };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [fileA, fileB, mutations = '1'] = process.argv.slice(2);
  if (!fileA || !fileB) {
    console.error('usage: node scripts/compare-cores.mjs A.wasm B.wasm [MUTATIONS_PER_FILE]');
    process.exit(2);
  }
  const { terse, calls, differences } = await compareCores(fileA, fileB, { mutations: Number(mutations) });
  console.log(JSON.stringify({ terse, calls, differences: differences.length }));
  for (const d of differences) console.error(d);
  process.exit(differences.length ? 1 : 0);
}
