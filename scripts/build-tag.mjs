// Bundles the script-tag build: web/script-tag.js + js/src into one IIFE `mqlite.js` (esbuild), and
// copies beside it `mqlite-core-terse.wasm` (what it runs) and `mqlite-core.wasm` (loaded only to
// explain a refusal). The wasm glue is taken from the wasm build
// (build/wasm/dist, or MQLITE_WASM_DIR), wherever js/src imports it from.
// Usage: node scripts/build-tag.mjs [OUT_DIR]   (default build/tag)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.resolve(process.argv[2] || path.join(ROOT, 'build', 'tag'));
const WASM_DIR = path.resolve(process.env.MQLITE_WASM_DIR || path.join(ROOT, 'build', 'wasm', 'dist'));
const GLUE = path.join(WASM_DIR, 'mqlite-core.js');
const CORES = ['mqlite-core-terse.wasm', 'mqlite-core.wasm'];

for (const file of [GLUE, ...CORES.map((f) => path.join(WASM_DIR, f))]) {
  if (!fs.existsSync(file)) {
    console.error(`build-tag: ${file} is missing: build the wasm first (scripts/build-wasm.sh)`);
    process.exit(1);
  }
}

const useWasmGlue = {
  name: 'mqlite-wasm-glue',
  setup(b) {
    b.onResolve({ filter: /(^|\/)mqlite-core\.js$/ }, () => ({ path: GLUE }));
    // The runtime makes all eight heap views and the glue reads two (HEAPU8, HEAPU32). Closure
    // keeps the other six `new ...Array(buffer)`, as to it a constructor may have effects; a view
    // of the wasm memory has none, so they are marked pure and esbuild drops them.
    b.onLoad({ filter: /(^|\/)mqlite-core\.js$/ }, () => ({
      contents: fs.readFileSync(GLUE, 'utf8').replace(/new (Int8|Int16|Int32|Uint16|Float32|Float64)Array\(/g, '/* @__PURE__ */ $&'),
      loader: 'js',
    }));
  },
};

// Property names that never leave js/src (between its modules only: not the public API, the
// options, a message, a stored value, the DOM or the wasm glue) are shortened in the tag. A name
// added here must be checked against those (the glue is bundled too).
const INTERNAL_PROPS = [
  'goPersistent', 'goMemory', 'listen', 'onStop', 'warnOnce', 'errorOnce', 'getOutbox', 'fetchFn',
  'navigatorLike', 'senderLock', 'canSend', 'exact', 'resumeOnline', 'beaconPending', 'trySend', 'nextDueAt',
  'retryAfterMs', 'eventTs', 'pageView', 'onTransition', 'modelProblems', 'restoreRefusal', 'replaying',
  'maxMessages', 'maxBytes', 'leaseMs', 'tabId', 'outcome', 'drain', 'schedule', 'clock', 'reporter',
  'settings', 'engine', 'outbox', 'lease', 'dispose', 'stop', 'due', 'update', 'list', 'remove', 'record',
  'safe', 'win', 'doc', 'queued',
];

fs.mkdirSync(OUT, { recursive: true });
const result = await build({
  entryPoints: [path.join(ROOT, 'web', 'script-tag.js')],
  outfile: path.join(OUT, 'mqlite.js'),
  // es2021: `a ??= b` / `a ||= b` kept as written. The glue Closure writes already uses `||=`,
  // and WebAssembly with BigInt (-sWASM_BIGINT) already asks for Chrome 85 / Safari 14.1.
  bundle: true, format: 'iife', platform: 'browser', target: ['es2021'], minify: true,
  legalComments: 'none', sourcemap: 'linked', logLevel: 'warning', plugins: [useWasmGlue],
  mangleProps: new RegExp(`^(${INTERNAL_PROPS.join('|')})$`),
  // The glue reads import.meta.url only to find the .wasm; the tag always passes wasmUrl.
  define: { 'import.meta.url': 'undefined' },
  banner: { js: '/* mqlite script tag | MIT licence */' },
});
for (const f of CORES) fs.copyFileSync(path.join(WASM_DIR, f), path.join(OUT, f));
// The tag must run under a CSP without 'unsafe-eval'.
if (/\beval\(|new Function/.test(fs.readFileSync(path.join(OUT, 'mqlite.js'), 'utf8'))) {
  console.error('build-tag: mqlite.js contains eval / new Function (needs a CSP with unsafe-eval)');
  process.exit(1);
}
for (const w of result.warnings) console.warn(w.text);
// Subresource Integrity (README "Script tag"): sha384 of each file, in mqlite.js.sri (the tag's
// integrity value) and manifest.json. The .wasm is fetched by mqlite.js, not by a tag.
const integrity = (f) => 'sha384-' + crypto.createHash('sha384').update(fs.readFileSync(path.join(OUT, f))).digest('base64');
const manifest = Object.fromEntries(['mqlite.js', ...CORES].map((f) => [f, { integrity: integrity(f), bytes: fs.statSync(path.join(OUT, f)).size }]));
fs.writeFileSync(path.join(OUT, 'mqlite.js.sri'), manifest['mqlite.js'].integrity + '\n');
fs.writeFileSync(path.join(OUT, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
console.error(`build-tag: integrity="${manifest['mqlite.js'].integrity}" (mqlite.js.sri, manifest.json)`);
const size = (f) => fs.statSync(path.join(OUT, f)).size;
console.error(`build-tag: ${OUT}/mqlite.js (${size('mqlite.js')} B) + ${CORES.map((f) => `${f} (${size(f)} B)`).join(' + ')}`);
