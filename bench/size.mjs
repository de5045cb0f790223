// Transfer size of everything a site loads for each tracker, gzip and brotli (node:zlib):
// mqlite = the tag's mqlite.js + mqlite-core-terse.wasm (what every page loads; the full core is
// fetched only to explain a refused model or saved state; the model JSON is the site's own, apart);
// Snowplow = index.umd.min.js; Segment = standalone.js plus every lazy chunk the start-up run saw
// it fetch (the settings JSON its CDN serves is small and not counted).
import fs from 'node:fs';
import path from 'node:path';
import { fileSizes } from './lib/bytes.mjs';
import { TAG_DIR, SNOWPLOW_FILE, SEGMENT_DIR, MODEL_FILE } from './lib/server.mjs';

const SEGMENT_PREFIX = '/segment/analytics-next/bundles/';

export function benchSize({ segmentFetched = [] } = {}) {
  const segmentChunks = segmentFetched.filter((p) => p.startsWith(SEGMENT_PREFIX)).map((p) => path.join(SEGMENT_DIR, p.slice(SEGMENT_PREFIX.length)));
  const rows = {
    mqlite: { files: [path.join(TAG_DIR, 'mqlite.js'), path.join(TAG_DIR, 'mqlite-core-terse.wasm')] },
    'mqlite script only': { files: [path.join(TAG_DIR, 'mqlite.js')] },
    'mqlite full core (fetched only to explain a refusal)': { files: [path.join(TAG_DIR, 'mqlite-core.wasm')] },
    snowplow: { files: [SNOWPLOW_FILE] },
    segment: { files: [path.join(SEGMENT_DIR, 'standalone.js'), ...segmentChunks] },
  };
  for (const row of Object.values(rows)) Object.assign(row, fileSizes(row.files));
  for (const row of Object.values(rows)) row.files = row.files.map((f) => path.relative(process.cwd(), f));
  const model = fileSizes([MODEL_FILE]);
  const budget = {
    rule: 'mqlite (script + wasm) gzip and brotli bytes below Segment\'s',
    gzipOk: rows.mqlite.gzip < rows.segment.gzip,
    brotliOk: rows.mqlite.brotli < rows.segment.brotli,
  };
  budget.ok = budget.gzipOk && budget.brotliOk;
  return { rows, model: { file: path.relative(process.cwd(), MODEL_FILE), ...model }, budget, wasmBytes: fs.statSync(path.join(TAG_DIR, 'mqlite-core-terse.wasm')).size };
}
