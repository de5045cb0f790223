// The one place where failures become proper Errors and console messages.
// Core results arrive as JSON strings; a C++ throw is caught in web/bindings.cpp and comes back as
// {"error": …}; anything else escaping the module (an abort, a bare number) is converted here.

export class MqliteError extends Error {
  constructor(message, details) {
    super(message);
    this.name = 'MqliteError';
    if (details) Object.assign(this, details);
  }
}

// Turns whatever was thrown into an Error with a readable message.
export function toError(thrown, what) {
  if (thrown instanceof Error) {
    if (thrown instanceof WebAssembly.RuntimeError) {
      return new MqliteError(`mqlite: ${what}: the WebAssembly core failed (${thrown.message})`, { fatal: true });
    }
    return thrown;
  }
  return new MqliteError(`mqlite: ${what}: the core failed (${String(thrown)})`, { fatal: true });
}

// Calls into the core and parses its JSON answer; {"error"} answers and throws become Errors.
export function callCore(what, fn) {
  let text;
  try {
    text = fn();
  } catch (thrown) {
    throw toError(thrown, what);
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MqliteError(`mqlite: ${what}: the core answered with invalid JSON`);
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.error === 'string' && !('ok' in value)) {
    throw new MqliteError(`mqlite: ${value.error}`);
  }
  return value;
}

export function problemsMessage(problems) {
  return problems.map((p) => `${p.pointer}: ${p.message}`).join('; ');
}

export const messageOf = (error) => (error instanceof Error ? error.message : String(error));

// One console message; a broken console must not break the page.
export function say(consoleLike, level, message) {
  try {
    consoleLike?.[level]?.(message);
  } catch {
    /* nothing to tell it with */
  }
}

// Console output: one message per distinct failure, never a throw.
export function createReporter(consoleLike = globalThis.console, debug = false) {
  const seen = new Set();
  return {
    warn(message) {
      say(consoleLike, 'warn', message);
    },
    warnOnce(key, message) {
      if (seen.has(key)) return;
      seen.add(key);
      say(consoleLike, 'warn', message);
    },
    errorOnce(key, error) {
      if (seen.has(key)) return;
      seen.add(key);
      say(consoleLike, 'error', messageOf(error));
    },
    log(message) {
      if (debug) say(consoleLike, 'log', `mqlite: ${message}`);
    },
  };
}

// Wraps a function so nothing it throws (or rejects with) reaches the host page.
export function guard(reporter, what, fn, fallback) {
  return (...args) => {
    try {
      const result = fn(...args);
      if (result && typeof result.then === 'function') {
        return result.catch((error) => {
          reporter.errorOnce(what, toError(error, what));
          return fallback;
        });
      }
      return result;
    } catch (error) {
      reporter.errorOnce(what, toError(error, what));
      return fallback;
    }
  };
}

// Listeners added through `listen` are guarded (`safe(fn, what)`) and removed by `stop()`, with
// any other undo step given to `onStop`.
export function createCleanups(safe) {
  const cleanups = [];
  return {
    onStop: (fn) => cleanups.push(fn),
    listen(target, type, fn, options) {
      if (!target?.addEventListener) return;
      const guarded = safe(fn, `${type} listener`);
      target.addEventListener(type, guarded, options);
      cleanups.push(() => target.removeEventListener(type, guarded, options));
    },
    stop() {
      for (const fn of cleanups.splice(0)) fn();
    },
  };
}
