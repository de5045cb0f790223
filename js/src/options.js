// createTracker options (SPEC §7): validation with clear errors, the environment (globals, or
// fakes in tests) and model resolution (object, JSON text, URL, or #id of an inline script).
import { MqliteError } from './errors.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// The globals mqlite uses; tests pass fakes (a key given, even undefined, replaces the global).
export function environment(overrides) {
  const g = globalThis;
  const env = {
    window: g.window,
    document: g.document,
    navigator: g.navigator,
    fetch: g.fetch && g.fetch.bind(g),
    console: g.console,
    clock: {
      now: () => Date.now(),
      setTimeout: (fn, ms) => g.setTimeout(fn, ms),
      clearTimeout: (id) => g.clearTimeout(id),
    },
    random: Math.random,
    randomUUID: uuidSource(g.crypto),
    locks: g.navigator?.locks,
    ...overrides,
  };
  // A getter: reading window.localStorage throws where storage is blocked.
  env.localStorage ??= () => env.window?.localStorage;
  return env;
}

// crypto.randomUUID where available (secure contexts); else a v4 UUID from getRandomValues
// (version nibble 4; variant nibble 8, 9, a or b).
export function uuidSource(crypto) {
  if (typeof crypto?.randomUUID === 'function') return () => crypto.randomUUID();
  return () => '10000000-1000-4000-8000-100000000000'.replace(/[018]/g,
    (c) => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));
}

export function checkEndpoint(endpoint, baseHref) {
  if (typeof endpoint !== 'string' || endpoint === '') {
    throw new MqliteError('mqlite: the endpoint option is required (an https: URL where messages are posted)');
  }
  let url;
  try {
    url = new URL(endpoint, baseHref);
  } catch {
    throw new MqliteError(`mqlite: endpoint "${endpoint}" is not a valid URL`);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && local)) return url.href;
  throw new MqliteError(`mqlite: endpoint "${endpoint}" must use https: (http: only on localhost or 127.0.0.1)`);
}

function oneOf(name, value, allowed, fallback) {
  if (value === undefined || value === null || value === '') return fallback;
  if (allowed.includes(value)) return value;
  throw new MqliteError(`mqlite: option ${name} must be one of ${allowed.join(', ')}: got ${JSON.stringify(value)}`);
}

// The script tag's attribute for an option: respectDnt → data-respect-dnt.
export const attributeOf = (name) => 'data-' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

// A boolean, or its text as the script tag reads it: "true", "" (attribute alone), "false", any case.
function flag(name, value, fallback) {
  if (value == null || typeof value === 'boolean') return value ?? fallback;
  const text = String(value).trim().toLowerCase();
  if (text === 'true' || text === '') return true;
  if (text === 'false') return false;
  throw new MqliteError(`mqlite: option ${name} (${attributeOf(name)}) must be true or false: got ${JSON.stringify(value)}`);
}

export function readOptions(options, env) {
  if (!options || typeof options !== 'object') throw new MqliteError('mqlite: createTracker needs an options object');
  const base = env.window?.location?.href;
  return {
    endpoint: checkEndpoint(options.endpoint, base),
    consent: oneOf('consent', options.consent, ['granted', 'required'], 'granted'),
    respectDnt: flag('respectDnt', options.respectDnt, true),
    spa: flag('spa', options.spa, true),
    format: oneOf('format', options.format, ['mqlite', 'segment'], 'mqlite'),
    debug: flag('debug', options.debug, false),
    autotrack: flag('autotrack', options.autotrack, true),
  };
}

// DNT or GPC on: memory only, nothing sent.
export function privacySignal(env) {
  const nav = env.navigator ?? {};
  return nav.doNotTrack === '1' || nav.doNotTrack === 'yes' || env.window?.doNotTrack === '1' || nav.globalPrivacyControl === true;
}

function parseModelText(text, where) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MqliteError(`mqlite: model ${where} is not valid JSON (${error.message})`);
  }
}

// → the model as an object.
export async function resolveModel(model, env) {
  if (model && typeof model === 'object') return model;
  if (typeof model !== 'string' || model.trim() === '') {
    throw new MqliteError('mqlite: the model option is required (an object, a URL, or #id of an inline JSON script)');
  }
  const text = model.trim();
  if (text.startsWith('{')) return parseModelText(text, 'text');
  if (text.startsWith('#')) {
    const element = env.document?.getElementById?.(text.slice(1));
    if (!element) throw new MqliteError(`mqlite: model ${text}: no element with that id`);
    return parseModelText(element.textContent ?? '', text);
  }
  if (!env.fetch) throw new MqliteError(`mqlite: cannot load the model from ${text}: fetch is not available`);
  const url = new URL(text, env.window?.location?.href).href;
  let response;
  try {
    response = await env.fetch(url, { credentials: 'same-origin' });
  } catch (error) {
    throw new MqliteError(`mqlite: could not load the model from ${url} (${error?.message ?? error})`);
  }
  if (!response.ok) throw new MqliteError(`mqlite: could not load the model from ${url}: HTTP ${response.status}`);
  return parseModelText(await response.text(), `from ${url}`);
}
