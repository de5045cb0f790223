// A thin JS object over the bindings' engine* functions (web/bindings.cpp; an engine is a number
// from engineOpen): JSON in and out, errors as Errors. Shared by the `mqlite/engine` entry and the
// tracker; no scoring logic lives here. A terse core's refusals are explained by `explainer`
// (js/src/explain.js).
import { MqliteError, callCore, problemsMessage, toError } from './errors.js';

export function modelText(model) {
  if (typeof model === 'string') return model;
  if (model && typeof model === 'object') return JSON.stringify(model);
  throw new MqliteError('mqlite: the model must be an object or JSON text');
}

export async function validateWith(core, model, explainer) {
  const text = modelText(model);
  const problems = callCore('validateModel', () => core.validateModel(text));
  return problems.length > 0 && core.coreTerse() ? explainer.modelProblems(text) : problems;
}

// Creates a core engine; rejects with an MqliteError listing every problem when the model is invalid.
export async function openEngine(core, model, explainer) {
  const text = modelText(model);
  let id;
  try {
    id = core.engineOpen(text);
  } catch (thrown) {
    throw toError(thrown, 'createEngine');
  }
  let problems = callCore('createEngine', () => core.engineProblems(id));
  if (problems.length > 0) {
    core.engineClose(id);
    if (core.coreTerse()) problems = await explainer.modelProblems(text);
    throw new MqliteError(`mqlite: invalid model: ${problemsMessage(problems)}`, { problems });
  }
  return wrapEngine(core, id, (blob) => explainer.restoreRefusal(text, blob));
}

function eventText(event) {
  if (typeof event === 'string') return event;
  try {
    return JSON.stringify(event) ?? 'null';
  } catch (error) {
    return JSON.stringify({ invalid: String(error) });
  }
}

function wrapEngine(core, id, explainRefusal) {
  let alive = true;
  const live = (what) => {
    if (!alive) throw new MqliteError(`mqlite: ${what}: the engine was disposed`);
  };
  return {
    // {ok, error?, entered: [{from, to, at}]}; a refused event is {ok: false, error} (not a throw).
    ingest(event) {
      live('ingest');
      return callCore('ingest', () => core.engineIngest(id, eventText(event)));
    },
    // The replay object of SPEC §5 (without errors), scored at `now` (default: last event's ts).
    report(now, withEvents = false) {
      live('report');
      const at = typeof now === 'number' && Number.isFinite(now) ? now : NaN;
      return callCore('report', () => core.engineReport(id, at, withEvents));
    },
    stage() {
      live('stage');
      return core.engineStage(id);
    },
    save() {
      live('save');
      return core.engineSave(id);
    },
    // Replaces the state with a saved blob; throws (state kept) when the blob is refused. The
    // error's explain() resolves to its message with the reason, which a terse core leaves out.
    restore(blob) {
      live('restore');
      const text = String(blob);
      const reason = core.engineRestore(id, text);
      if (!reason) return;
      const terse = core.coreTerse();
      const refused = (why) => `mqlite: saved state refused: ${why}`;
      throw new MqliteError(refused(terse ? 'error.explain() gives the reason' : reason), {
        explain: async () => refused(terse ? await explainRefusal(text) : reason),
      });
    },
    reset() {
      live('reset');
      core.engineReset(id);
    },
    dispose() {
      if (alive) core.engineClose(id);
      alive = false;
    },
  };
}
