// The local collector and demo server in one: POST /collect takes mqlite messages (CORS, text/plain
// JSON body, size limit, de-dup by messageId); /leads lists received leads, /report is their funnel
// report (`mqlite funnel`); everything else is the
// demo site, served with the CSP a careful site would use.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageStore } from './store.mjs';
import { resolveFile, sendFile } from './static.mjs';
import { renderLeadsPage } from './leads-page.mjs';
import { findCli, renderFunnelReport } from './report.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DEMO_DIR = path.resolve(HERE, '..');
export const REPO_DIR = path.resolve(DEMO_DIR, '..');
export const DEFAULT_TAG_DIR = path.join(REPO_DIR, 'build', 'tag');
export const DEFAULT_CSP = "script-src 'self' 'wasm-unsafe-eval'";
export const MAX_BODY_BYTES = 256 * 1024;

export async function startCollector(options = {}) {
  const opts = {
    host: '127.0.0.1', port: 0, dataFile: path.join(DEMO_DIR, 'data', 'messages.jsonl'),
    tagDir: DEFAULT_TAG_DIR, extraMounts: [], csp: DEFAULT_CSP, endpoint: null, quiet: false, ...options,
  };
  const store = new MessageStore(opts.dataFile);
  const mounts = [{ prefix: '/mqlite/', dir: path.resolve(opts.tagDir) }, ...opts.extraMounts,
    { prefix: '/', dir: DEMO_DIR }].map((m) => ({ ...m, dir: path.resolve(m.dir) }));
  const ctx = { opts, store, mounts, origin: '', endpoint: '' };
  const server = http.createServer((req, res) => handle(ctx, req, res).catch((err) => {
    console.error('collector: internal error:', err);
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end('internal error\n');
  }));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, resolve);
  });
  ctx.origin = `http://${opts.host}:${server.address().port}`;
  ctx.endpoint = opts.endpoint || `${ctx.origin}/collect`;
  return {
    server, store, url: ctx.origin + '/', origin: ctx.origin, endpoint: ctx.endpoint,
    port: server.address().port,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

// Only the demo's own subfolders are public: never the collector's code or its data file.
const PRIVATE_PREFIXES = ['/server/', '/data/', '/collector.mjs'];

async function handle(ctx, req, res) {
  const url = new URL(req.url, ctx.origin || 'http://localhost');
  if (url.pathname === '/collect') return handleCollect(ctx, req, res);
  if (req.method === 'POST' && url.pathname.endsWith('.html')) return seeOther(req, res, url.pathname);
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed\n');
  if (url.pathname === '/leads' || url.pathname === '/leads/') {
    return html(res, renderLeadsPage(ctx.store.leads()), ctx.opts.csp);
  }
  if (url.pathname === '/leads.json') return json(res, 200, ctx.store.leads());
  if (url.pathname === '/report') {
    const report = await renderFunnelReport(findCli(REPO_DIR), ctx.opts.dataFile);
    return html(res, report.html, ctx.opts.csp, report.status);
  }
  if (url.pathname === '/messages.json') return json(res, 200, ctx.store.messages());
  if (PRIVATE_PREFIXES.some((p) => url.pathname.startsWith(p))) return plain(res, 404, 'not found\n');
  const file = resolveFile(url.pathname, ctx.mounts, ['/tour/']);
  if (!file) return plain(res, 404, 'not found\n');
  const headers = ctx.opts.csp ? { 'Content-Security-Policy': ctx.opts.csp } : {};
  sendFile(res, file, { endpoint: ctx.endpoint, headers, method: req.method });
}

function corsHeaders(req) {
  return {
    'Access-Control-Allow-Origin': req.headers.origin || '*',
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Content-Type',
    'Access-Control-Max-Age': '86400',
    Vary: 'Origin',
  };
}

async function handleCollect(ctx, req, res) {
  const cors = corsHeaders(req);
  if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
  if (req.method !== 'POST') return json(res, 405, { error: 'use POST' }, cors);
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === null) return json(res, 413, { error: `body over ${MAX_BODY_BYTES} bytes` }, cors);
  let parsed;
  try { parsed = JSON.parse(body.toString('utf8')); } catch (err) {
    return json(res, 400, { error: `body is not JSON: ${err.message}` }, cors);
  }
  const messages = Array.isArray(parsed) ? parsed : [parsed];
  const problem = messages.map(checkMessage).find(Boolean);
  if (problem) return json(res, 400, { error: problem }, cors);
  const added = messages.map((m) => ctx.store.add(m));
  if (!ctx.opts.quiet) for (const [i, m] of messages.entries()) logMessage(m, added[i]);
  return json(res, 200, { ok: true, received: messages.length, duplicates: added.filter((a) => !a).length }, cors);
}

function checkMessage(m, i) {
  if (!m || typeof m !== 'object' || Array.isArray(m)) return `message ${i}: must be a JSON object`;
  if (typeof m.messageId !== 'string' || !m.messageId) return `message ${i}: messageId must be a non-empty string`;
  if (typeof m.type !== 'string') return `message ${i}: type must be a string`;
  return null;
}

function logMessage(m, isNew) {
  const what = m.type === 'transition' && m.transition ? `${m.transition.from} → ${m.transition.to}` : m.type;
  console.log(`collector: ${isNew ? 'received' : 'duplicate'} ${what} from ${m.anonymousId ?? '?'} (${m.messageId})`);
}

// Resolves to the body, or null once it passes `limit` bytes (the rest is drained, not kept).
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => { size += c.length; if (size <= limit) chunks.push(c); });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// The demo's forms post to a static page: drain the body (the demo keeps nothing) and redirect to it.
function seeOther(req, res, location) {
  req.resume();
  req.on('end', () => res.writeHead(303, { Location: location, 'Cache-Control': 'no-store' }).end());
}

function json(res, status, value, headers = {}) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

function plain(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
}

function html(res, body, csp, status = 200) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store',
    ...(csp ? { 'Content-Security-Policy': csp } : {}) });
  res.end(body);
}
