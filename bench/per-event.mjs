// Per-event cost through the public API: the tracker in Chromium (page, track('scroll'), identify),
// the same tracker in Node on a fake DOM/clock/storage/endpoint (js/test/fakes.mjs), the
// mqlite/engine entry in Node, and the native CLI replaying a generated file (events per second).
// Costs are CPU time (Node: process.cpuUsage; Chromium: the main thread's ThreadTime over CDP),
// with wall time beside: on a shared machine wall time mostly measures the neighbours.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { median, timePerCall } from './lib/stats.mjs';
import { ROOT, MODEL_FILE } from './lib/server.mjs';
import { writeEvents } from './lib/events.mjs';

const MODEL = JSON.parse(fs.readFileSync(MODEL_FILE, 'utf8'));
const ROUNDS = { page_view: { perRound: 100, rounds: 15 }, scroll: { perRound: 100, rounds: 15 }, identify: { perRound: 20, rounds: 15 } };

// The same three calls in both environments; identify with a fresh e-mail each time.
const CALLS = {
  page_view: 'tracker.page()',
  scroll: "tracker.track('scroll', { depth: 25 * (1 + (i % 4)) })",
  identify: "tracker.identify({ email: 'lead' + i + '@corp.example', title: 'VP Marketing' })",
};
const callOn = (tracker, name) => new Function('tracker', 'i', CALLS[name]).bind(null, tracker);

export async function perEventBrowser({ browser, server }) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value;
    await page.goto(`${server.origin}/api.html`);
    await page.waitForFunction(() => typeof window.__ready === 'number', null, { timeout: 15000 });
    // Thread time of one evaluate round trip that calls nothing: subtracted from every round.
    const idle = [];
    for (let r = 0; r < 9; r++) {
      const t0 = await threadTime();
      await page.evaluate(() => performance.now());
      idle.push((await threadTime()) - t0);
    }
    const overhead = median(idle);
    const out = { evaluateOverheadUs: overhead * 1e6 };
    for (const [name, { perRound, rounds }] of Object.entries(ROUNDS)) {
      const cpu = [];
      const wall = [];
      for (let r = 0; r < rounds + 2; r++) {
        const t0 = await threadTime();
        const ms = await page.evaluate(({ body, perRound, start }) => {
          const call = new Function('tracker', 'i', body);
          const w0 = performance.now();
          for (let i = start; i < start + perRound; i++) call(window.mqlite, i);
          return performance.now() - w0;
        }, { body: CALLS[name], perRound, start: r * perRound });
        const t1 = await threadTime();
        await page.evaluate(() => window.mqlite.flush()); // deliveries finish outside the timed part
        if (r < 2) continue; // warm-up rounds
        cpu.push((Math.max(0, t1 - t0 - overhead) * 1e6) / perRound);
        wall.push((ms * 1000) / perRound);
      }
      out[name] = { cpuUs: median(cpu), wallUs: median(wall) };
    }
    return out;
  } finally {
    await context.close();
  }
}

export async function perEventNode() {
  const { fakeEnv } = await import(path.join(ROOT, 'js/test/fakes.mjs'));
  const { createTracker } = await import(path.join(ROOT, 'js/dist/index.js'));
  const { createEngine } = await import(path.join(ROOT, 'js/dist/engine.node.js'));
  const wasmBinary = fs.readFileSync(path.join(ROOT, 'js/dist/mqlite-core.wasm'));
  const fakes = fakeEnv();
  const tracker = await createTracker({ endpoint: 'https://crm.example.com/leads', model: MODEL, wasmBinary, env: fakes.env });
  const between = async () => {
    await fakes.clock.advance(1000);
    await tracker.flush();
    fakes.endpoint.requests.length = 0;
  };
  const trackerCost = {};
  for (const name of Object.keys(CALLS)) trackerCost[name] = await timePerCall(callOn(tracker, name), { ...ROUNDS[name], between });
  tracker.destroy();

  const engine = await createEngine(MODEL);
  let ts = Date.UTC(2026, 10, 1);
  const events = {
    page_view: (i) => ({ type: 'page_view', ts: (ts += 30000), url: `https://acme.example/blog/p${i % 50}`, title: 'Post' }),
    scroll: (i) => ({ type: 'scroll', ts: (ts += 30000), url: 'https://acme.example/blog/p1', props: { depth: 25 * (1 + (i % 4)) } }),
    identify: (i) => ({ type: 'identify', ts: (ts += 30000), traits: { email: `lead${i}@corp.example`, title: 'VP Marketing' } }),
  };
  const engineCost = {};
  for (const [name, make] of Object.entries(events)) engineCost[name] = await timePerCall((i) => engine.ingest(make(i)), { perRound: 500, rounds: 15 });
  // What the tracker adds per event besides ingest: it saves the state after every event.
  engineCost.save = await timePerCall(() => engine.save(), { perRound: 100, rounds: 15 });
  engineCost.report = await timePerCall(() => engine.state(undefined, { events: true }), { perRound: 50, rounds: 15 });
  engine.dispose();
  return { tracker: trackerCost, engine: engineCost };
}

// `mqlite replay` over a generated file of `count` events: CPU (user+sys) and wall time of the
// child, median of `runs`, via bash's `time` (node cannot read a child's rusage).
export function replayTime(cli, count, { runs = 3 } = {}) {
  const file = path.join(ROOT, 'build', 'bench', `events-${count}.jsonl`);
  writeEvents(file, count);
  const cpu = [];
  const wall = [];
  for (let r = 0; r < runs; r++) {
    const child = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S %R"; time "$0" replay "$1" "$2" > "$3"', cli, MODEL_FILE, file, `${file}.out`], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`bench: ${cli} replay failed (${child.status}): ${child.stderr}`);
    const [user, sys, real] = child.stderr.trim().split('\n').pop().split(' ').map(Number);
    cpu.push((user + sys) * 1000);
    wall.push(real * 1000);
  }
  const report = JSON.parse(fs.readFileSync(`${file}.out`, 'utf8'));
  if (report.errors.length) throw new Error(`bench: replay of ${file} reported errors: ${JSON.stringify(report.errors.slice(0, 3))}`);
  const cpuMs = median(cpu);
  return { events: count, cpuMs, wallMs: median(wall), eventsPerSecond: count / (cpuMs / 1000), usPerEvent: (cpuMs * 1000) / count, bytes: fs.statSync(file).size };
}
