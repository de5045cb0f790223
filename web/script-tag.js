// The script-tag entry (bundled by scripts/build-tag.mjs into an IIFE `mqlite.js`, with
// `mqlite-core-terse.wasm` beside it, and `mqlite-core.wasm` to explain a refusal). It reads the data- attributes of its own <script> (SPEC §7), starts
// the tracker, replays the pre-load queue in order and then becomes `window.mqlite`.
// Nothing here may throw into the host page: every failure is one console message.
import { openTracker } from '../js/src/tracker.js';
import { loadCoreFrom } from '../js/src/loader.js';
import { attributeOf } from '../js/src/options.js';
import { messageOf, say as sayTo } from '../js/src/errors.js';

// Values go to the tracker as written (trimmed), which checks them: `data-debug` alone or "true"
// means on, "false" off.
const OPTIONS = ['endpoint', 'model', 'consent', 'format', 'respectDnt', 'spa', 'debug'];

// document.currentScript is only set while this file first runs, so it is read at once.
function findOwnScript() {
  const candidates = document.querySelectorAll('script[src][data-endpoint], script[src*="mqlite"]');
  return document.currentScript || candidates[candidates.length - 1];
}

function readOptions(script) {
  const options = {};
  for (const name of OPTIONS) {
    const value = script.getAttribute(attributeOf(name));
    if (value != null) options[name] = value.trim();
  }
  // A relative endpoint is taken relative to the page, as a link would be.
  try {
    if (options.endpoint) options.endpoint = new URL(options.endpoint, document.baseURI).href;
  } catch { /* not a URL: createTracker says so */ }
  return options;
}

const say = (level, message) => sayTo(console, level, message);

const sayError = (error) => {
  const text = messageOf(error);
  say('error', text.startsWith('mqlite') ? text : `mqlite: ${text}`);
};

// One queued call: ["method", ...args] on the tracker, or a function given the tracker.
function runQueued(tracker, entry) {
  try {
    if (typeof entry === 'function') return void entry(tracker);
    const name = Array.isArray(entry) && entry[0];
    if (typeof name !== 'string' || typeof tracker[name] !== 'function' || name === 'push') {
      let text;
      try { text = JSON.stringify(entry).slice(0, 80); } catch { text = String(entry); }
      return say('warn', `mqlite: ignored a queued call: expected ["method", ...args] naming a tracker method, got ${text}`);
    }
    const result = tracker[name](...entry.slice(1));
    if (result && typeof result.catch === 'function') result.catch(sayError);
  } catch (error) {
    sayError(error);
  }
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

function start() {
  const current = window.mqlite;
  if (current && !Array.isArray(current) && typeof current.state === 'function') {
    return say('warn', 'mqlite: the script tag is on this page twice; the second copy does nothing');
  }
  if (!Array.isArray(current)) window.mqlite = [];
  const script = findOwnScript();
  if (!script) return say('error', 'mqlite: could not find its own <script> tag to read data-endpoint and data-model from');
  const options = readOptions(script);
  // The cores are beside this script.
  const base = script.src || document.baseURI;
  openTracker(options, (file) => loadCoreFrom(new URL(file, base).href)).then(becomeGlobal, sayError);
}

try {
  start();
} catch (error) {
  sayError(error);
}
