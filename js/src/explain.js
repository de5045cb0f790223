// Why a terse core refused. The core pages run (mqlite-core-terse.wasm, src/terse.hpp) refuses a
// bad model or saved state exactly as the full core does, without its reasons (a tenth of the
// download). The full core gives them: it is loaded only when there is a refusal to explain.
import { messageOf } from './errors.js';

// loadFull() → Promise of the full core; called once, at the first explanation.
export function createExplainer(loadFull) {
  let loading;
  // ask(core) → the answer; if the full core cannot load, `otherwise(why)`.
  const withFull = async (ask, otherwise) => {
    try {
      return ask(await (loading ??= loadFull()));
    } catch (error) {
      return otherwise(`refused; no reason: the full core did not load (${messageOf(error)})`);
    }
  };
  return {
    // The model's problems, as `mqlite validate` lists them.
    modelProblems: (modelText) =>
      withFull((core) => JSON.parse(core.validateModel(modelText)), (message) => [{ pointer: '/', message }]),
    // Why the engine of this model refused `blob`.
    restoreRefusal: (modelText, blob) =>
      withFull((core) => {
        const id = core.engineOpen(modelText);
        const reason = core.engineRestore(id, blob);
        core.engineClose(id);
        return reason;
      }, (message) => message),
  };
}
