// Test doubles: a manual clock, a localStorage, an endpoint, and a minimal window/document.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const DIST = path.join(ROOT, 'js', 'dist');
export const SPEC_MODEL = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/cases/spec-mql/model.json'), 'utf8'));
export const T0 = Date.UTC(2026, 0, 1);

// Timers fire only when the test advances time.
export function fakeClock(start = T0) {
  let now = start;
  let nextId = 1;
  const timers = new Map();
  const clock = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout: (id) => void timers.delete(id),
    pending: () => timers.size,
    // Advances time by `ms`, firing due timers in order; awaits microtasks between them.
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        await settle();
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
      }
      now = end;
      await settle();
    },
  };
  return clock;
}

export async function settle() {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

export function fakeLocalStorage({ quota = Infinity } = {}) {
  const map = new Map();
  return {
    map,
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem(k, v) {
      const size = [...map.entries()].reduce((n, [key, val]) => n + (key === k ? 0 : key.length + val.length), 0);
      if (size + k.length + String(v).length > quota) {
        const e = new Error('quota');
        e.name = 'QuotaExceededError';
        throw e;
      }
      map.set(k, String(v));
    },
    removeItem: (k) => void map.delete(k),
    dump: () => [...map.values()].join('\n'),
  };
}

// An endpoint answering with scripted responses (default 200), recording every request.
export function fakeEndpoint(script = []) {
  const requests = [];
  const answers = [...script];
  const fetch = async (url, init) => {
    requests.push({ url, init, body: JSON.parse(init.body) });
    const answer = answers.length ? answers.shift() : { status: 200 };
    if (answer === 'network') throw new TypeError('Failed to fetch');
    return {
      status: answer.status,
      ok: answer.status >= 200 && answer.status < 300,
      headers: { get: (name) => (answer.headers ?? {})[name] ?? null },
    };
  };
  return { fetch, requests, bodies: () => requests.map((r) => r.body) };
}

export function fakeConsole() {
  const lines = { warn: [], error: [], log: [] };
  return {
    lines,
    warn: (m) => lines.warn.push(String(m)),
    error: (m) => lines.error.push(String(m)),
    log: (m) => lines.log.push(String(m)),
  };
}

// A window and document good enough for the tracker: events, location, history, title.
export function fakeDom(href = 'https://acme.com/blog/post?utm_source=news&utm_medium=email') {
  const win = new EventTarget();
  const doc = new EventTarget();
  const location = new URL(href);
  const history = {
    pushState(_state, _title, url) {
      const next = new URL(url, location.href);
      location.href = next.href;
    },
  };
  Object.assign(doc, {
    title: 'Post',
    referrer: 'https://www.google.com/',
    visibilityState: 'visible',
    hasFocus: () => true,
    documentElement: { scrollHeight: 4000 },
    body: { scrollHeight: 4000 },
    getElementById: () => null,
  });
  Object.assign(win, { location, history, scrollY: 0, innerHeight: 1000, CustomEvent });
  return { win, doc };
}

export function fakeEnv(overrides = {}) {
  const clock = overrides.clock ?? fakeClock();
  const dom = overrides.dom ?? fakeDom();
  const storage = overrides.storage ?? fakeLocalStorage();
  const endpoint = overrides.endpoint ?? fakeEndpoint();
  const console = overrides.console ?? fakeConsole();
  const navigator = overrides.navigator ?? { sendBeacon: () => true };
  let seq = 0;
  const env = {
    window: dom.win,
    document: dom.doc,
    navigator,
    localStorage: () => storage,
    fetch: endpoint.fetch,
    console,
    clock,
    random: () => 0.5,
    randomUUID: overrides.randomUUID ?? (() => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`),
    locks: overrides.locks ?? null,
  };
  return { env, clock, dom, storage, endpoint, console, navigator };
}

// The full core, and the terse one the tracker runs (it asks the full one why it refused).
export const wasmBinary = () => fs.readFileSync(path.join(DIST, 'mqlite-core.wasm'));
export const terseWasmBinary = () => fs.readFileSync(path.join(DIST, 'mqlite-core-terse.wasm'));
