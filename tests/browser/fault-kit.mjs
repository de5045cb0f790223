// What the fault-matrix and security tests share: a demo server whose pages post to a flaky
// endpoint, a scratch folder served under /rig/ (generated pages and models), pages under
// Playwright's fake clock (so retry backoff is skipped, not slept), and the checks every fault
// case ends with: each accepted message answered 2xx exactly once, nothing thrown into the page.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemo, openPage, windowErrors, waitForTracker, waitFor, FIXTURES_DIR } from './helpers.mjs';
import { startFlakyEndpoint } from './flaky-endpoint.mjs';

// `demoOptions` may be a function of the endpoint URL (e.g. a CSP whose connect-src names it).
export async function startRig(demoOptions = {}) {
  const endpoint = await startFlakyEndpoint();
  if (typeof demoOptions === 'function') demoOptions = demoOptions(endpoint.url);
  const rigDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqlite-rig-'));
  const demo = await startDemo({
    endpoint: endpoint.url,
    extraMounts: [{ prefix: '/fixtures/', dir: FIXTURES_DIR }, { prefix: '/rig/', dir: rigDir }],
    ...demoOptions,
  });
  return {
    endpoint, demo, origin: demo.origin,
    // Writes a file served at /rig/<name>.
    write(name, text) { fs.writeFileSync(path.join(rigDir, name), text); return `/rig/${name}`; },
    async stop() {
      await endpoint.close();
      await demo.stop();
      fs.rmSync(rigDir, { recursive: true, force: true });
    },
  };
}

// Opens a page (errors collected, see helpers.openPage), optionally under a fake clock that still
// runs in real time but can be fast-forwarded past a backoff.
export async function openTracked(context, url, { clock = false } = {}) {
  const { page, log } = await openPage(context);
  if (clock) await page.clock.install();
  await page.goto(url);
  await waitForTracker(page);
  return { page, log };
}

export async function visit(page, url) {
  await page.goto(url);
  await waitForTracker(page);
}

export const outbox = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('mqlite:outbox') || '[]'));

// Waits until the outbox entry (the only one, or `id`) has failed `attempts` times.
export function waitForAttempts(page, attempts, id = null) {
  return waitFor(async () => {
    const list = await outbox(page);
    const entry = id ? list.find((e) => e.id === id) : list[0];
    return entry && entry.attempts >= attempts ? entry : null;
  }, { what: `outbox attempt ${attempts}` });
}

export const waitForEmptyOutbox = (page, timeout = 10000) =>
  waitFor(async () => (await outbox(page)).length === 0, { timeout, what: 'an empty outbox' });

// Waits until the endpoint has answered 2xx to `count` distinct messages matching `filter`.
export function waitForAccepted(endpoint, count = 1, filter = () => true, timeout = 10000) {
  return waitFor(() => {
    const seen = new Map();
    for (const r of endpoint.accepted()) if (filter(r.body)) seen.set(r.messageId, r.body);
    return seen.size >= count ? [...seen.values()] : null;
  }, { timeout, what: `${count} accepted message(s) at the endpoint` });
}

// No message was answered 2xx twice; returns the accepted bodies by messageId.
export function assertAcceptedOnce(endpoint) {
  const twice = [...endpoint.acceptedCounts()].filter(([, n]) => n > 1);
  assert.deepEqual(twice, [], 'no message accepted twice');
  return new Map(endpoint.accepted().map((r) => [r.messageId, r.body]));
}

export async function assertNoPageErrors(page, log) {
  assert.deepEqual(log.pageErrors, [], 'nothing thrown into the page');
  if (!page.isClosed()) assert.deepEqual(await windowErrors(page), [], 'nothing reached onerror / unhandledrejection');
}

export const awards = (message, ruleId) => (message.explain?.engagement || []).find((r) => r.rule === ruleId)?.awards ?? 0;

export const mqliteSaid = (log) => log.console.filter((m) => /mqlite/i.test(m.text) && (m.type === 'error' || m.type === 'warning'));

// A page with the script tag: `tag` holds extra attributes (data-endpoint defaults to the rig's),
// `body` the page's own markup. The fixture page.js adds the click counter (#works → #clicks).
export function tagPage({ title = 'Rig page', tag = {}, body = '' } = {}) {
  const attrs = { 'data-endpoint': '%MQLITE_ENDPOINT%', 'data-model': '/mqlite/model.json', ...tag };
  const esc = (v) => String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const attrText = Object.entries(attrs).map(([k, v]) => `${k}="${esc(v)}"`).join(' ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>${title}</title>
<script async src="/mqlite/mqlite.js" ${attrText}></script>
<script defer src="/fixtures/page.js"></script>
</head><body><h1>${title}</h1>${body}
<button id="works" type="button">Click me</button> <output id="clicks">0</output></body></html>`;
}

// The page keeps working: its own script runs and a click still counts.
export async function assertPageWorks(page) {
  await page.waitForSelector('body[data-page-works="yes"]');
  const before = Number(await page.textContent('#clicks'));
  await page.click('#works');
  assert.equal(Number(await page.textContent('#clicks')), before + 1);
}
