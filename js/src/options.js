// createTracker options (SPEC §7): validation with clear errors, the environment (globals, or
// fakes in tests) and model resolution (object, JSON text, URL, or #id of an inline script).
import { MqliteError } from './errors.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function environment(overrides = {}) {
  const g = globalThis;
  const win = 'window' in overrides ? overrides.window : g.window;
  return {
    window: win,
    document: 'document' in overrides ? overrides.document : g.document,
    navigator: 'navigator' in overrides ? overrides.navigator : g.navigator,
    // A getter: reading window.localStorage throws where storage is blocked.
    localStorage: overrides.localStorage ?? (() => win?.localStorage),
    fetch: overrides.fetch ?? (g.fetch ? g.fetch.bind(g) : undefined),
    console: overrides.console ?? g.console,
    clock: overrides.clock ?? {
      now: () => Date.now(),
      setTimeout: (fn, ms) => g.setTimeout(fn, ms),
      clearTimeout: (id) => g.clearTimeout(id),
    },
    random: overrides.random ?? Math.random,
    randomUUID: overrides.randomUUID ?? uuidSource(g.crypto),
    locks: 'locks' in overrides ? overrides.locks : g.navigator?.locks,
  };
}

// crypto.randomUUID where available (secure contexts); else a v4 UUID from getRandomValues.
export function uuidSource(crypto) {
  if (typeof crypto?.randomUUID === 'function') return () => crypto.randomUUID();
  return () => {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
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

function flag(name, value, fallback) {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '') return true;
  if (value === 'false') return false;
  throw new MqliteError(`mqlite: option ${name} must be true or false: got ${JSON.stringify(value)}`);
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
