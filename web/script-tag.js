// The script-tag entry (bundled by scripts/build-tag.mjs into an IIFE `mqlite.js`, with
// `mqlite-core.wasm` beside it). It reads the data- attributes of its own <script> (SPEC §7), starts
// the tracker, replays the pre-load queue in order and then becomes `window.mqlite`.
// Nothing here may throw into the host page: every failure is one console message.
import { createTracker } from '../js/src/index.js';

const WASM_FILE = 'mqlite-core.wasm';
const BOOLEAN_OPTIONS = { respectDnt: 'data-respect-dnt', spa: 'data-spa', debug: 'data-debug' };
const TEXT_OPTIONS = { endpoint: 'data-endpoint', model: 'data-model', consent: 'data-consent', format: 'data-format' };

// document.currentScript is only set while this file first runs, so it is read at once.
function findOwnScript() {
  if (document.currentScript) return document.currentScript;
  const candidates = document.querySelectorAll('script[src][data-endpoint], script[src*="mqlite"]');
  return candidates[candidates.length - 1] || null;
}

// `data-debug` alone or "true" means on; "false" means off; absent leaves the default.
function readBoolean(script, attribute) {
  if (!script.hasAttribute(attribute)) return undefined;
  const value = script.getAttribute(attribute).trim().toLowerCase();
  if (value === '' || value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`mqlite: ${attribute}="${value}" must be "true" or "false"`);
}

export function readOptions(script) {
  const options = {};
  for (const [name, attribute] of Object.entries(TEXT_OPTIONS)) {
    if (script.hasAttribute(attribute)) options[name] = script.getAttribute(attribute).trim();
  }
  for (const [name, attribute] of Object.entries(BOOLEAN_OPTIONS)) {
    const value = readBoolean(script, attribute);
    if (value !== undefined) options[name] = value;
  }
  if (options.endpoint) options.endpoint = absolute(options.endpoint);
  options.wasmUrl = new URL(WASM_FILE, script.src || document.baseURI).href;
  return options;
}

// A relative endpoint is taken relative to the page, as a link would be.
function absolute(url) {
  try { return new URL(url, document.baseURI).href; } catch { return url; }
}

function say(level, message) {
  try { console[level](message); } catch { /* a broken console must not break the page */ }
}

// One queued call: ["method", ...args] on the tracker, or a function given the tracker.
function runQueued(tracker, entry) {
  try {
    if (typeof entry === 'function') return void entry(tracker);
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof tracker[entry[0]] !== 'function' ||
        entry[0] === 'push') {
      return say('warn', `mqlite: ignored a queued call: expected ["method", ...args] naming a tracker method, got ${describe(entry)}`);
    }
    const result = tracker[entry[0]](...entry.slice(1));
    if (result && typeof result.catch === 'function') result.catch((e) => say('error', messageOf(e)));
  } catch (error) {
    say('error', messageOf(error));
  }
}

function describe(entry) {
  try { return JSON.stringify(entry).slice(0, 80); } catch { return String(entry); }
}

function messageOf(error) {
  const text = error instanceof Error ? error.message : String(error);
  return text.startsWith('mqlite') ? text : `mqlite: ${text}`;
}

// After start, `mqlite.push([...])` keeps working (pages written for the queue keep calling it).
function becomeGlobal(tracker) {
  const queue = Array.isArray(window.mqlite) ? window.mqlite : [];
  try {
    Object.defineProperty(tracker, 'push', {
      value: (...entries) => { entries.forEach((e) => runQueued(tracker, e)); return 0; },
      configurable: true,
    });
  } catch { /* a frozen tracker: push is simply not offered */ }
  window.mqlite = tracker;
  // Entries may be pushed while earlier ones run; read the live array until it is drained.
  for (let i = 0; i < queue.length; i++) runQueued(tracker, queue[i]);
  try { window.dispatchEvent(new CustomEvent('mqlite:ready', { detail: { tracker } })); } catch { /* old browser */ }
}

function isTracker(value) {
  return value && !Array.isArray(value) && typeof value.state === 'function';
}

function start() {
  if (isTracker(window.mqlite)) return say('warn', 'mqlite: the script tag is on this page twice; the second copy does nothing');
  if (!Array.isArray(window.mqlite)) window.mqlite = [];
  const script = findOwnScript();
  if (!script) return say('error', 'mqlite: could not find its own <script> tag to read data-endpoint and data-model from');
  const options = readOptions(script);
  createTracker(options).then(becomeGlobal, (error) => say('error', messageOf(error)));
}

try {
  start();
} catch (error) {
  say('error', messageOf(error));
}
