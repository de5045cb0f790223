// Measured options toward a smaller download (docs/BENCHMARKS.md, "Size plan"): rebuilds the wasm
// core with other flags in build/bench-size, bundles a script tag from each, and prints the bytes a
// site loads (tag + the terse .wasm it runs, gzip/brotli) and the cost of one ingest
// (scripts/bench-wasm.mjs, the full core).
// Slow (nine builds of both cores): not part of bench/run.sh; run `node bench/size-options.mjs`.
// Writes bench/results/size-options.json and build/bench-size/sections.json (size by part of the core).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileSizes } from './lib/bytes.mjs';
import { wasmSectionsByPart } from './lib/wasm-names.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const BUILD = path.join(ROOT, 'build', 'bench-size');
// The shipped build is web/wasm.cmake's defaults, spelled out so a cached build dir cannot differ.
const SHIPPED = ['-DMQLITE_WASM_CLOSURE=ON', '-DMQLITE_WASM_EXCEPTIONS=OFF', '-DMQLITE_WASM_RTTI=OFF', '-DMQLITE_WASM_LTO=ON',
  '-DMQLITE_WASM_EMBIND_LITE=ON', '-DMQLITE_WASM_MINIMAL_RUNTIME=ON',
  '-DMQLITE_WASM_COMPILE_OPT=-Oz -finline-functions', '-DMQLITE_WASM_LINK_OPT=-Oz', '-DMQLITE_WASM_CONVERGE=ON', '-DCMAKE_EXE_LINKER_FLAGS='];
const with_ = (...overrides) => SHIPPED.map((a) => overrides.find((o) => o.split('=')[0] === a.split('=')[0]) ?? a);

// Ordered so that link-only changes reuse the objects of the build before them.
const VARIANTS = [
  { name: 'shipped', about: 'as shipped: compile -Oz with inlining (-finline-functions), link -Oz, LTO, closure, no exceptions, no RTTI, embind-lite, minimal runtime', args: SHIPPED },
  { name: 'no-closure', about: 'without closure on the glue', args: with_('-DMQLITE_WASM_CLOSURE=OFF') },
  { name: 'no-converge', about: 'without the wasm-opt -Oz --converge post-pass', args: with_('-DMQLITE_WASM_CONVERGE=OFF') },
  { name: 'names', about: 'shipped + function names (for the size-by-part table only)', args: with_('-DCMAKE_EXE_LINKER_FLAGS=--profiling-funcs'), sizeOnly: true },
  { name: 'link-O2', about: 'link -O2 instead of -Oz', args: with_('-DMQLITE_WASM_LINK_OPT=-O2') },
  { name: 'compile-Oz-noinline', about: "plain -Oz: emcc's -fno-inline-functions marks everything noinline (ingest ~2x dearer)", args: with_('-DMQLITE_WASM_COMPILE_OPT=-Oz') },
  { name: 'compile-O1', about: 'compile -O1 (the earlier default: as fast, 14 KB gz larger)', args: with_('-DMQLITE_WASM_COMPILE_OPT=-O1') },
  { name: 'embind-js', about: "Embind's own JS runtime and Emscripten's default runtime", args: with_('-DMQLITE_WASM_EMBIND_LITE=OFF', '-DMQLITE_WASM_MINIMAL_RUNTIME=OFF') },
  { name: 'exceptions', about: 'the earlier build: -fwasm-exceptions and RTTI', args: with_('-DMQLITE_WASM_EXCEPTIONS=ON', '-DMQLITE_WASM_RTTI=ON') },
];

const run = (cmd, args, env = {}) => execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_PATH: '/usr/share/nodejs', ...env } }).toString();

function buildVariant(variant) {
  const t0 = Date.now();
  run('emcmake', ['cmake', '-S', '.', '-B', BUILD, '-DCMAKE_BUILD_TYPE=Release', '-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node', ...variant.args]);
  run('cmake', ['--build', BUILD, '--target', 'mqlite_wasm', 'mqlite_wasm_terse', '-j2']);
  const out = path.join(BUILD, 'variants', variant.name);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const f of ['mqlite-core.js', 'mqlite-core.wasm', 'mqlite-core-terse.wasm']) fs.copyFileSync(path.join(BUILD, 'dist', f), path.join(out, f));
  console.error(`size-options: built ${variant.name} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return out;
}

function measure(name, about, dir, { sizeOnly = false } = {}) {
  const tagDir = path.join(dir, 'tag');
  run('node', ['scripts/build-tag.mjs', tagDir], { MQLITE_WASM_DIR: dir });
  const tag = fileSizes([path.join(tagDir, 'mqlite.js')]);
  const wasm = fileSizes([path.join(tagDir, 'mqlite-core-terse.wasm')]);
  const row = { name, about, tag, wasm, total: { raw: tag.raw + wasm.raw, gzip: tag.gzip + wasm.gzip, brotli: tag.brotli + wasm.brotli } };
  if (!sizeOnly) row.speed = JSON.parse(run('node', ['scripts/bench-wasm.mjs', dir]).trim().split('\n').pop());
  return row;
}

const rows = [];
for (const variant of VARIANTS) {
  const dir = buildVariant(variant);
  if (variant.name === 'names') {
    const parts = wasmSectionsByPart(fs.readFileSync(path.join(dir, 'mqlite-core-terse.wasm')));
    fs.writeFileSync(path.join(BUILD, 'sections.json'), JSON.stringify(parts, null, 2));
    console.log(`code bytes by part of the core (names build); JSON-facing code (nlohmann or a json in the signature): ${parts.jsonFacingBytes} B of ${parts.codeBytes}`);
    for (const p of parts.parts) console.log(`  ${p.part.padEnd(28)} ${String(p.bytes).padStart(8)} B  ${(100 * p.bytes / parts.codeBytes).toFixed(1)} %`);
    continue;
  }
  rows.push(measure(variant.name, variant.about, dir, variant));
}

console.log('\nvariant          tag gz  wasm gz  total gz  total br   ingest µs   report µs  instantiate ms');
for (const r of rows) {
  console.log(`${r.name.padEnd(16)} ${String(r.tag.gzip).padStart(6)} ${String(r.wasm.gzip).padStart(8)} ${String(r.total.gzip).padStart(9)} ${String(r.total.brotli).padStart(9)} ${String(r.speed?.ingestUs ?? '-').padStart(11)} ${String(r.speed?.reportUs ?? '-').padStart(11)} ${String(r.speed?.instantiateMs ?? '-').padStart(15)}`);
}
fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'size-options.json'), JSON.stringify({ date: new Date().toISOString(), rows }, null, 2));
