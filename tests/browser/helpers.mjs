// Shared harness for the browser tests: the demo + collector on 127.0.0.1 (port 0, a fresh data
// file per server), Debian's Chromium through playwright-core, page-error capture, and polling on
// what the collector received.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startCollector, REPO_DIR } from '../../demo/server/server.mjs';

export { REPO_DIR };
export const FIXTURES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const TAG_DIR = process.env.MQLITE_TAG_DIR || path.join(REPO_DIR, 'build', 'tag');
export const SCREENSHOT_DIR = path.join(REPO_DIR, 'build', 'screenshots');
export const CHROMIUM = process.env.MQLITE_CHROMIUM || '/usr/bin/chromium';
// --disable-dev-shm-usage: in a container with a small /dev/shm, Chromium's renderers can crash or stall.
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// The tag must be built before the browser tests (scripts/build-tag.sh): fail loudly, never skip.
export function assertTagBuilt() {
  const missing = ['mqlite.js', 'mqlite-core-terse.wasm', 'mqlite-core.wasm'].filter((f) => !fs.existsSync(path.join(TAG_DIR, f)));
  if (missing.length) throw new Error(`browser tests need the script tag built: missing ${missing.join(', ')} in ${TAG_DIR} (run scripts/build-tag.sh)`);
}

// A demo server with its own empty data file; fixtures are served under /fixtures/.
export async function startDemo(options = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqlite-browser-'));
  const collector = await startCollector({
    port: 0, dataFile: path.join(dir, 'messages.jsonl'), tagDir: TAG_DIR, quiet: true,
    extraMounts: [{ prefix: '/fixtures/', dir: FIXTURES_DIR }], ...options,
  });
  return {
    ...collector,
    messages: () => collector.store.messages(),
    async stop() { await collector.close(); fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

// A URL on 127.0.0.1 where nothing listens (an endpoint that is down).
export async function deadEndpoint() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/collect`;
}

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

// Closes browsers, contexts and servers for an after hook, each given at most 20 s: a close that
// never settles must not hold the test file open (the run's --test-force-exit then ends it, and
// Playwright kills the Chromium it launched when the process exits).
export async function shutDown(...things) {
  for (const thing of things) {
    if (!thing) continue;
    try {
      await within(20000, 'a close', thing.stop ? thing.stop() : thing.close());
    } catch (err) {
      console.error(`shutDown: ${err.message}; moving on`);
    }
  }
}

// A page that records everything that reaches window.onerror / unhandledrejection, plus console
// messages, so tests can assert that mqlite never throws into the host page.
export async function openPage(context) {
  const page = await context.newPage();
  const log = { pageErrors: [], console: [] };
  page.on('pageerror', (err) => log.pageErrors.push(String(err && err.message || err)));
  page.on('console', (msg) => log.console.push({ type: msg.type(), text: msg.text() }));
  await page.addInitScript(() => {
    window.__errors = [];
    window.addEventListener('error', (e) => window.__errors.push(String(e.message || e.type)));
    window.addEventListener('unhandledrejection', (e) => window.__errors.push('unhandled rejection: ' + String(e.reason)));
  });
  return { page, log };
}

export async function windowErrors(page) {
  return page.evaluate(() => window.__errors);
}

// Resolves once window.mqlite is the tracker (not the pre-load queue).
export async function waitForTracker(page, timeout = 10000) {
  await page.waitForFunction(() => window.mqlite && typeof window.mqlite.state === 'function', null, { timeout });
}

export async function waitFor(predicate, { timeout = 10000, interval = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

// Waits until the collector holds `count` messages matching `filter`, then returns them.
export function waitForMessages(demo, filter, count = 1, timeout = 10000) {
  return waitFor(() => {
    const found = demo.messages().filter(filter);
    return found.length >= count ? found : null;
  }, { timeout, what: `${count} message(s) at the collector` });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Playwright calls without a timeout of their own (newContext, newPage, context.close): a step
// that never settles fails with its name after `ms` instead of holding the test file open.
export async function within(ms, what, promise) {
  let timer;
  const gaveUp = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms); });
  try {
    return await Promise.race([promise, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

export function ensureScreenshotDir() {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return SCREENSHOT_DIR;
}
