// Instantiates the WebAssembly core (Emscripten ES-module glue, web/wasm.cmake). The glue fetches
// nothing: it takes the .wasm bytes as `wasmBinary`. Node passes them (read with fs by
// engine.node.js); in browsers and workers they are fetched from `wasmUrl`, by default beside
// this file. Two modules share the glue: the full core, and the terse one pages run (the same
// decisions without the reasons for a refusal, src/terse.hpp; js/src/explain.js asks the full one).
import createMqliteCore from './mqlite-core.js';
import { MqliteError, messageOf } from './errors.js';

export const WASM_FILE = 'mqlite-core.wasm';
export const TERSE_WASM_FILE = 'mqlite-core-terse.wasm';

// `file` beside this module; undefined when import.meta.url is not available (an IIFE bundle).
export function defaultWasmUrl(file = WASM_FILE) {
  try {
    return new URL(file, import.meta.url).href;
  } catch {
    return undefined;
  }
}

// Where `file` is, given the options of the terse core: the full core comes from fullWasmBinary,
// fullWasmUrl, or beside the terse core's wasmUrl.
export function coreSource(options, file) {
  if (file === TERSE_WASM_FILE) return { wasmBinary: options.wasmBinary, wasmUrl: options.wasmUrl };
  let beside;
  try {
    beside = new URL(file, options.wasmUrl ?? defaultWasmUrl(TERSE_WASM_FILE)).href;
  } catch { /* no base to resolve against: instantiate() says so */ }
  return { wasmBinary: options.fullWasmBinary, wasmUrl: options.fullWasmUrl ?? beside };
}

const cache = new Map();

// One module instance per source (the engines share it). options: {wasmBinary?, wasmUrl?}, else
// `file` beside this module.
export function loadCore(options = {}, file = WASM_FILE) {
  const key = options.wasmBinary ?? options.wasmUrl ?? file;
  if (!cache.has(key)) {
    const promise = instantiate(options, file);
    promise.catch(() => cache.delete(key));
    cache.set(key, promise);
  }
  return cache.get(key);
}

async function instantiate({ wasmBinary, wasmUrl }, file) {
  if (wasmBinary) return instantiateWith(() => wasmBinary);
  const url = wasmUrl ?? defaultWasmUrl(file);
  if (!url) throw new MqliteError(`mqlite: cannot tell where ${file} is: pass the wasmUrl option`);
  return loadCoreFrom(url);
}

// The core with its .wasm fetched from `url`, uncached (the script tag loads it once).
export const loadCoreFrom = (url) => instantiateWith(async () => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
});

async function instantiateWith(bytes) {
  try {
    // printErr: Emscripten's default runtime (MQLITE_WASM_MINIMAL_RUNTIME=OFF) would log its failures.
    return await createMqliteCore({ wasmBinary: await bytes(), printErr() {} });
  } catch (error) {
    throw new MqliteError(
      `mqlite: could not load the WebAssembly core (${messageOf(error)}). ` +
        "Check that the .wasm is served (as application/wasm) and that the page's CSP allows 'wasm-unsafe-eval'.",
    );
  }
}
