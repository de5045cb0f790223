// Size and speed of a wasm build: node scripts/bench-wasm.mjs [DIR] (default build/wasm/dist).
// Prints raw and gzip sizes of the glue and the .wasm, instantiate time, and the cost of one
// ingest (an Embind call with JSON in and out) and one report over the spec model (or the model
// file in MQLITE_BENCH_MODEL, e.g. demo/mqlite/model.json), in CPU µs.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

const dir = path.resolve(process.argv[2] ?? 'build/wasm/dist');
const model = fs.readFileSync(process.env.MQLITE_BENCH_MODEL || new URL('../tests/cases/spec-mql/model.json', import.meta.url), 'utf8');
const size = (f) => {
  const bytes = fs.readFileSync(path.join(dir, f));
  return { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
};
const glue = size('mqlite-core.js');
const wasm = size('mqlite-core.wasm');
const source = fs.readFileSync(path.join(dir, 'mqlite-core.js'), 'utf8');

const { default: create } = await import(pathToFileURL(path.join(dir, 'mqlite-core.js')).href);
const binary = fs.readFileSync(path.join(dir, 'mqlite-core.wasm'));
let t = performance.now();
const core = await create({ wasmBinary: binary });
const instantiateMs = performance.now() - t;

const engine = core.engineOpen(model);
const paths = ['/pricing', '/blog/a', '/careers', '/demo', '/blog/b?utm_medium=email'];
const events = Array.from({ length: 20000 }, (_, i) => JSON.stringify(
  i % 7 === 3 ? { type: 'scroll', ts: 1e12 + i * 60000, props: { depth: 75 } }
    : { type: 'page_view', ts: 1e12 + i * 60000, url: `https://acme.com${paths[i % paths.length]}`, title: 'T' }));
// CPU time, not wall time: the build machines are shared, and CPU time stays comparable.
const cpuUs = () => { const u = process.cpuUsage(); return u.user + u.system; };
for (const e of events.slice(0, 2000)) core.engineIngest(engine, e); // warm up
t = cpuUs();
for (const e of events) core.engineIngest(engine, e);
const ingestUs = (cpuUs() - t) / events.length;
t = cpuUs();
for (let i = 0; i < 2000; i++) core.engineReport(engine, NaN, true);
const reportUs = (cpuUs() - t) / 2000;
core.engineClose(engine);

console.log(JSON.stringify({
  dir, glue, wasm, totalGzip: glue.gzip + wasm.gzip,
  evalFree: !/\beval\(|new Function/.test(source),
  instantiateMs: +instantiateMs.toFixed(1), ingestUs: +ingestUs.toFixed(2), reportUs: +reportUs.toFixed(1),
}));
