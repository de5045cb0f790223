// Growth: what a visitor's device keeps after 10 … 10 000 events (the engine's saved blob and the
// tracker's whole localStorage footprint) and how long a restore takes; native replay time for
// 10^5 and 10^6 events (should grow linearly).
import fs from 'node:fs';
import path from 'node:path';
import { median } from './lib/stats.mjs';
import { ROOT, MODEL_FILE } from './lib/server.mjs';
import { eventAt } from './lib/events.mjs';
import { replayTime } from './per-event.mjs';

const MODEL = JSON.parse(fs.readFileSync(MODEL_FILE, 'utf8'));
export const GROWTH_COUNTS = [10, 100, 1000, 10000];

function restoreMs(engine, blob, repeats = 25) {
  const times = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    engine.restore(blob);
    times.push(performance.now() - t0);
  }
  return median(times);
}

// The tracker on a fake DOM: everything it writes to localStorage (state, id, outbox) after n events.
async function trackerStorageBytes(n) {
  const { fakeEnv } = await import(path.join(ROOT, 'js/test/fakes.mjs'));
  const { createTracker } = await import(path.join(ROOT, 'js/dist/index.js'));
  const wasmBinary = fs.readFileSync(path.join(ROOT, 'js/dist/mqlite-core.wasm'));
  const fakes = fakeEnv();
  const tracker = await createTracker({ endpoint: 'https://crm.example.com/leads', model: MODEL, wasmBinary, env: fakes.env });
  for (let i = 0; i < n; i++) {
    const e = eventAt(i);
    if (e.type === 'identify') continue; // anonymous: nothing queued, the outbox stays empty
    if (e.type === 'page_view') tracker.page();
    else tracker.track(e.type, e.props);
    if (i % 100 === 0) await fakes.clock.advance(30000);
  }
  await fakes.clock.advance(1000); // the end of the task: the tracker's deferred save runs
  const bytes = [...fakes.storage.map.entries()].reduce((s, [k, v]) => s + k.length + v.length, 0);
  tracker.destroy();
  return bytes;
}

export async function benchGrowth({ cli, replayCounts = [1e5, 1e6], log = () => {} }) {
  const { createEngine } = await import(path.join(ROOT, 'js/dist/engine.node.js'));
  const state = [];
  for (const n of GROWTH_COUNTS) {
    const engine = await createEngine(MODEL);
    for (let i = 0; i < n; i++) engine.ingest(eventAt(i));
    const blob = engine.save();
    const fresh = await createEngine(MODEL);
    state.push({ events: n, blobBytes: blob.length, storageBytes: await trackerStorageBytes(n), restoreMs: restoreMs(fresh, blob) });
    engine.dispose();
    fresh.dispose();
    log(`growth: ${n} events`);
  }
  const replay = [];
  for (const count of replayCounts) {
    replay.push(replayTime(cli, count, { runs: count >= 1e6 ? 1 : 3 }));
    log(`growth: replay ${count}`);
  }
  return { state, replay, linearity: replay.length === 2 ? replay[1].cpuMs / replay[0].cpuMs / (replay[1].events / replay[0].events) : null };
}
