// Static file serving for the demo: mounts (URL prefix → folder), no directory listing, no path
// escaping its folder, `.wasm` as application/wasm, SPA fallback for /tour/*, and the endpoint
// placeholder in HTML replaced so one set of pages works on any port.
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm', '.pdf': 'application/pdf',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export const ENDPOINT_PLACEHOLDER = '%MQLITE_ENDPOINT%';

// mounts: [{prefix: '/mqlite/', dir}], tried in order; spaRoutes: prefixes answered with their index.
export function resolveFile(urlPath, mounts, spaRoutes = []) {
  for (const { prefix, dir } of mounts) {
    if (!urlPath.startsWith(prefix)) continue;
    const file = safeJoin(dir, urlPath.slice(prefix.length));
    const found = file && existingFile(file);
    if (found) return found;
  }
  const spa = spaRoutes.find((p) => urlPath.startsWith(p));
  return spa ? resolveFile(spa, mounts) : null;
}

function safeJoin(dir, rel) {
  let decoded;
  try { decoded = decodeURIComponent(rel); } catch { return null; }
  if (decoded.includes('\0')) return null;
  const full = path.resolve(dir, '.' + path.posix.normalize('/' + decoded));
  return full === dir || full.startsWith(dir + path.sep) ? full : null;
}

function existingFile(file) {
  try {
    const st = fs.statSync(file);
    if (st.isFile()) return file;
    if (st.isDirectory()) return existingFile(path.join(file, 'index.html'));
  } catch { /* not there */ }
  return null;
}

export function sendFile(res, file, { endpoint, headers = {}, method = 'GET' }) {
  const ext = path.extname(file).toLowerCase();
  let body = fs.readFileSync(file);
  if (ext === '.html') body = Buffer.from(body.toString('utf8').replaceAll(ENDPOINT_PLACEHOLDER, escapeAttr(endpoint)));
  res.writeHead(200, {
    'Content-Type': TYPES[ext] || 'application/octet-stream',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(method === 'HEAD' ? undefined : body);
}

function escapeAttr(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
