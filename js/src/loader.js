// Instantiates the WebAssembly core (Emscripten ES-module glue, web/wasm.cmake). The glue fetches
// nothing: it takes the .wasm bytes as `wasmBinary`. Node passes them (read with fs by
// engine.node.js); in browsers and workers they are fetched from `wasmUrl`, by default beside
// this file.
import createMqliteCore from './mqlite-core.js';
import { MqliteError, messageOf } from './errors.js';

export const WASM_FILE = 'mqlite-core.wasm';

// Beside this module; undefined when import.meta.url is not available (an IIFE bundle).
export function defaultWasmUrl() {
  try {
    return new URL(WASM_FILE, import.meta.url).href;
  } catch {
    return undefined;
  }
}

const cache = new Map();

// One module instance per source (the engines share it). options: {wasmBinary?, wasmUrl?}.
export function loadCore(options = {}) {
  const key = options.wasmBinary ?? options.wasmUrl ?? 'default';
  if (!cache.has(key)) {
    const promise = instantiate(options);
    promise.catch(() => cache.delete(key));
    cache.set(key, promise);
  }
  return cache.get(key);
}

async function instantiate({ wasmBinary, wasmUrl }) {
  if (wasmBinary) return instantiateWith(() => wasmBinary);
  const url = wasmUrl ?? defaultWasmUrl();
  if (!url) throw new MqliteError('mqlite: cannot tell where mqlite-core.wasm is: pass the wasmUrl option');
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
