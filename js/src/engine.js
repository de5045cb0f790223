// `mqlite/engine`: the core for Node or a worker, no DOM. Same results as `mqlite replay`.
// In a worker the .wasm is fetched beside this file (or from options.wasmUrl); in Node the
// `node` export condition routes to engine.node.js, which passes the bytes.
import { WASM_FILE, coreSource, loadCore } from './loader.js';
import { openEngine, validateWith } from './core-engine.js';
import { createExplainer } from './explain.js';
import { MqliteError } from './errors.js';

export { MqliteError };

function publicEngine(inner) {
  return {
    // Applies one event (object or JSON text) → {ok, error?, entered: [{from, to, at}]}.
    ingest: (event) => inner.ingest(event),
    // The replay object of SPEC §5 (stage, score, grade, transitions, explain, journey), at `now`
    // (ms; default the last event's ts). options.events: include journey.events.
    state: (now, options = {}) => inner.report(now, Boolean(options.events)),
    // Saved state (versioned, checksummed; holds no trait) and its restore.
    save: () => inner.save(),
    restore: (blob) => inner.restore(blob),
    dispose: () => inner.dispose(),
  };
}

// The full core by default; given the terse one (wasmUrl), its refusals are explained by the full
// one beside it (or fullWasmUrl / fullWasmBinary).
const explainerFor = (options) => createExplainer(() => loadCore(coreSource(options, WASM_FILE)));

export async function createEngine(model, options = {}) {
  const core = await loadCore(options);
  const engine = publicEngine(await openEngine(core, model, explainerFor(options)));
  if (options.state != null) engine.restore(options.state);
  return engine;
}

// [] when the model is valid, else [{pointer, message}] like `mqlite validate`.
export async function validateModel(model, options = {}) {
  return validateWith(await loadCore(options), model, explainerFor(options));
}
