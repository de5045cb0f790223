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

// The bench's tracker page in `context`, ready, with the main thread's CPU time (s) over CDP.
async function openApiPage(context, server) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value;
  await page.goto(`${server.origin}/api.html`);
  await page.waitForFunction(() => typeof window.__ready === 'number', null, { timeout: 15000 });
  return { page, threadTime };
}

export async function perEventBrowser({ browser, server }) {
  const context = await browser.newContext();
  try {
    const { page, threadTime } = await openApiPage(context, server);
    // Thread time of one evaluate round trip that calls nothing and waits for the end of its
    // task like the rounds below: subtracted from every round.
    const idle = [];
    for (let r = 0; r < 9; r++) {
      const t0 = await threadTime();
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
      idle.push((await threadTime()) - t0);
    }
    const overhead = median(idle);
    const out = { evaluateOverheadUs: overhead * 1e6 };
    // Each round is one task of `calls` calls that then waits for the end of the task, so the
    // tracker's deferred save (one per task, js/src/session.js saveSoon) runs inside the round's
    // thread time. Rounds of 100 calls and rounds of 1 call give two equations, cpu = n·call + save:
    // callUs is what a caller pays per public API call, savePerTaskUs what the task's end adds.
    const round = async (body, calls, start) => {
      const t0 = await threadTime();
      const wall = await page.evaluate(async ({ body, calls, start }) => {
        const call = new Function('tracker', 'i', body);
        const w0 = performance.now();
        for (let i = start; i < start + calls; i++) call(window.mqlite, i);
        const w1 = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 0)); // after the tracker's save timer
        return { calls: w1 - w0, taskEnd: performance.now() - w1 };
      }, { body, calls, start });
      const cpu = Math.max(0, (await threadTime()) - t0 - overhead) * 1e6;
      await page.evaluate(() => window.mqlite.flush()); // deliveries finish outside the timed part
      return { cpu, wall };
    };
    let start = 0;
    for (const [name, { perRound, rounds }] of Object.entries(ROUNDS)) {
      const many = [];
      const one = [];
      for (let r = 0; r < rounds + 2; r++) {
        const m = await round(CALLS[name], perRound, start);
        start += perRound;
        const o = await round(CALLS[name], 1, start);
        start += 1;
        if (r < 2) continue; // warm-up rounds
        many.push(m);
        one.push(o);
      }
      const manyCpu = median(many.map((m) => m.cpu));
      const oneCpu = median(one.map((o) => o.cpu));
      const callUs = Math.max(0, (manyCpu - oneCpu) / (perRound - 1));
      out[name] = {
        cpuUs: callUs,
        wallUs: median(many.map((m) => (m.wall.calls * 1000) / perRound)),
        roundCpuUsPerCall: manyCpu / perRound,
        savePerTaskUs: Math.max(0, oneCpu - callUs),
        taskEndWallUs: median(one.map((o) => o.wall.taskEnd * 1000)),
      };
    }
    return out;
  } finally {
    await context.close();
  }
}

// What a visitor's first events cost: on a fresh page right after ready, V8 runs the tracker's JS
// cold and the .wasm in its baseline tier (Liftoff) until the hot functions tier up, so the first
// calls cost more than the warmed-up rounds above. Per fresh context (after three empty evaluates,
// as the first ones of a context cost more): thread time of one evaluate that calls tracker.page()
// once and waits for the end of its task (the save included), minus the median of empty evaluates
// in the same context; the median over `contexts` fresh contexts.
export async function firstCallsBrowser({ browser, server, contexts = 9, calls = 3 }) {
  const samples = Array.from({ length: calls }, () => []);
  for (let c = 0; c < contexts; c++) {
    const context = await browser.newContext();
    try {
      const { page, threadTime } = await openApiPage(context, server);
      const taskCpu = async (call) => {
        const t0 = await threadTime();
        await page.evaluate(async (call) => {
          if (call) window.mqlite.page();
          await new Promise((resolve) => setTimeout(resolve, 0));
        }, call);
        return (await threadTime()) - t0;
      };
      // The first evaluates of a context cost more by themselves: warm that machinery up first.
      for (let i = 0; i < 3; i++) await taskCpu(false);
      const firsts = [];
      for (let i = 0; i < calls; i++) firsts.push(await taskCpu(true));
      const idle = [];
      for (let i = 0; i < 5; i++) idle.push(await taskCpu(false));
      firsts.forEach((cpu, i) => samples[i].push(Math.max(0, cpu - median(idle)) * 1e6));
      await page.evaluate(() => window.mqlite.flush());
    } finally {
      await context.close();
    }
  }
  return { contexts, callUs: samples.map(median) };
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
  // What the tracker adds once per task (not per event): it saves the state at the task's end.
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
