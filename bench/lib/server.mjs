// One node:http server on 127.0.0.1 (port 0) for every browser bench: the bench pages (built in
// memory), the mqlite tag, both peers, and a collector that accepts mqlite's endpoint (/collect),
// Segment's API paths (/v1/i, /v1/p, /v1/t, /v1/batch, …) and Snowplow's (/com.snowplowanalytics.
// snowplow/tp2), so nothing leaves the machine.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TAG_DIR = process.env.MQLITE_TAG_DIR || path.join(ROOT, 'build', 'tag');
export const SNOWPLOW_FILE = path.join(ROOT, 'node_modules/@snowplow/browser-tracker/dist/index.umd.min.js');
export const SEGMENT_DIR = path.join(ROOT, 'node_modules/@segment/analytics-next/dist/umd');
export const MODEL_FILE = path.join(ROOT, 'demo/mqlite/model.json');

const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html; charset=utf-8' };
const MAX_BODY = 1024 * 1024;

// URL prefix → directory; a file outside its directory is never served.
const MOUNTS = [
  ['/tag/', TAG_DIR],
  ['/segment/analytics-next/bundles/', SEGMENT_DIR],
  ['/segment/', SEGMENT_DIR],
];
const FILES = { '/snowplow.js': SNOWPLOW_FILE, '/model.json': MODEL_FILE };

export function collectorKind(pathname) {
  if (pathname === '/collect') return 'mqlite';
  if (pathname.startsWith('/v1/')) return 'segment';
  if (pathname.startsWith('/com.snowplowanalytics.snowplow/')) return 'snowplow';
  return null;
}

function fileFor(pathname) {
  if (FILES[pathname]) return FILES[pathname];
  for (const [prefix, dir] of MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    const file = path.resolve(dir, '.' + pathname.slice(prefix.length - 1));
    if (file.startsWith(dir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) return file;
  }
  return null;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) { reject(new Error('body too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization',
};

// What Segment's CDN would answer for a source with only the Segment.io destination, pointed here;
// metrics off so nothing is sent elsewhere.
function segmentSettings(host) {
  return {
    integrations: { 'Segment.io': { apiKey: 'benchWriteKey', apiHost: `${host}/v1`, protocol: 'http' } },
    plan: { track: { __default: { enabled: true } }, identify: { __default: { enabled: true } } },
    metrics: { sampleRate: 0, host: `${host}/v1` },
  };
}

// pages: Map pathname → html (the bench decides what is on each page).
export async function startBenchServer(pages = new Map()) {
  const received = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    try {
      if (req.method === 'OPTIONS') { res.writeHead(204, CORS); return res.end(); }
      const kind = collectorKind(url.pathname);
      if (kind && req.method === 'POST') {
        const text = await readBody(req);
        let body = null;
        try { body = JSON.parse(text); } catch { body = text; }
        received.push({ kind, path: url.pathname, body, at: Date.now() });
        res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
        return res.end('{}');
      }
      if (/^\/segment\/v1\/projects\/[^/]+\/settings$/.test(url.pathname)) {
        res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
        return res.end(JSON.stringify(segmentSettings(req.headers.host)));
      }
      if (pages.has(url.pathname)) {
        res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
        return res.end(pages.get(url.pathname));
      }
      const file = fileFor(url.pathname);
      if (file && req.method === 'GET') {
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
        return fs.createReadStream(file).pipe(res);
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`bench server: nothing at ${url.pathname}`);
    } catch (error) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(String(error.message));
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    pages,
    received,
    clearReceived: () => void received.splice(0),
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
