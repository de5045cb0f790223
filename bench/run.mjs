// The whole bench (bash bench/run.sh builds first, then runs this): node bench/run.mjs [SECTION…]
// Sections: size startup per-event growth delivery (default: all). Prints the table, writes
// bench/results/latest.json, exits 3 when the byte budget fails (mqlite above Segment's bytes).
// Env: BENCH_RUNS (start-up loads per page, default 15), BENCH_SUBMITS (default 200),
// MQLITE_CLI (default build/bench/native/mqlite).
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../tests/browser/helpers.mjs';
import { ROOT, startBenchServer } from './lib/server.mjs';
import { benchPages } from './lib/pages.mjs';
import { machine, printResults } from './lib/report.mjs';
import { benchSize } from './size.mjs';
import { benchStartup } from './startup.mjs';
import { firstCallsBrowser, perEventBrowser, perEventNode, replayTime } from './per-event.mjs';
import { benchGrowth } from './growth.mjs';
import { benchDelivery } from './delivery.mjs';

const ALL = ['size', 'startup', 'per-event', 'growth', 'delivery'];
const wanted = process.argv.slice(2);
for (const s of wanted) if (!ALL.includes(s)) { console.error(`bench: unknown section "${s}"; expected some of ${ALL.join(', ')}`); process.exit(2); }
const sections = new Set(wanted.length ? wanted : ALL);
const positive = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) { console.error(`bench: ${name}=${process.env[name]} must be a positive integer`); process.exit(2); }
  return value;
};
const RUNS = positive('BENCH_RUNS', 15);
const SUBMITS = positive('BENCH_SUBMITS', 200);
const CLI = path.resolve(process.env.MQLITE_CLI || path.join(ROOT, 'build', 'bench', 'native', 'mqlite'));
if ((sections.has('per-event') || sections.has('growth')) && !fs.existsSync(CLI)) {
  console.error(`bench: the native CLI ${CLI} is missing: run bash bench/run.sh (it builds it) or set MQLITE_CLI`);
  process.exit(1);
}
const log = (line) => console.error(`  ${line}`);
const step = async (name, fn) => {
  const t0 = Date.now();
  console.error(`bench: ${name}…`);
  const value = await fn();
  console.error(`bench: ${name} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return value;
};

const startedAt = new Date();
const server = await startBenchServer(benchPages());
const browser = await launchBrowser();
const results = { date: startedAt.toISOString(), machine: machine(browser.version()), settings: { runs: RUNS, submits: SUBMITS } };
try {
  if (sections.has('startup') || sections.has('size')) {
    // The size of Segment's download depends on the chunks it fetches: the start-up run tells.
    const runs = sections.has('startup') ? RUNS : 1;
    const startup = await step('start-up', () => benchStartup({ browser, server, runs, log }));
    if (sections.has('startup')) results.startup = startup;
    if (sections.has('size')) results.size = benchSize({ segmentFetched: startup.variants.segment.fetched });
  }
  if (sections.has('per-event')) {
    results.perEvent = await step('per-event', async () => {
      const node = await perEventNode();
      const browserCost = await perEventBrowser({ browser, server });
      const firstCalls = await firstCallsBrowser({ browser, server });
      const native = replayTime(CLI, 100000, { runs: 3 });
      return { browser: browserCost, firstCalls, node, native, wasmNativeRatio: node.engine.page_view.cpuUs / native.usPerEvent };
    });
  }
  if (sections.has('growth')) results.growth = await step('growth', () => benchGrowth({ cli: CLI, log }));
  if (sections.has('delivery')) results.delivery = await step('delivery', () => benchDelivery({ browser, server, submits: SUBMITS, log }));
} finally {
  await browser.close();
  await server.close();
}
results.machine.loadAverageAtEnd = machine(results.machine.chromium).loadAverage;
results.durationSeconds = Math.round((Date.now() - startedAt) / 1000);

console.log(printResults(results));
console.log(`\nmachine: ${results.machine.cpus} CPUs (${results.machine.cpuModel}), ${results.machine.os}, Node ${results.machine.node}, Chromium ${results.machine.chromium}; ` +
  `load average ${results.machine.loadAverage.join('/')} at start, ${results.machine.loadAverageAtEnd.join('/')} at end; ${results.durationSeconds} s`);
const out = path.join(ROOT, 'bench', 'results', 'latest.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
console.log(`written: ${path.relative(process.cwd(), out)}`);
if (results.size && !results.size.budget.ok) {
  console.error(`bench: byte budget FAILED: mqlite ${results.size.rows.mqlite.gzip} B gzip / ${results.size.rows.mqlite.brotli} B brotli vs Segment ${results.size.rows.segment.gzip} / ${results.size.rows.segment.brotli} (docs/BENCHMARKS.md, "Size plan")`);
  process.exit(3);
}
