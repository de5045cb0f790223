// The printed table and the machine description written next to the numbers.
import fs from 'node:fs';
import os from 'node:os';
import { ratio, round } from './stats.mjs';

export function machine(browserVersion) {
  let debian = 'unknown';
  try { debian = fs.readFileSync('/etc/debian_version', 'utf8').trim(); } catch { /* not Debian */ }
  return {
    cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `Debian ${debian} (${os.release()})`, node: process.version, chromium: browserVersion,
    loadAverage: os.loadavg().map((x) => round(x, 1)),
  };
}

const fmt = (x, digits = 1) => (x == null ? '-' : typeof x === 'number' ? String(round(x, digits)) : String(x));
const pad = (cells, widths) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');

function table(title, header, rows) {
  const all = [header, ...rows.map((r) => r.map((c) => fmt(c)))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return [`\n${title}`, pad(all[0], widths), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map((r) => pad(r, widths))].join('\n');
}

export function printResults(r) {
  const out = [];
  if (r.size) {
    const s = r.size.rows;
    out.push(table('1. Transfer size (bytes)', ['tracker', 'raw', 'gzip', 'brotli', 'mqlite/peer gz', 'mqlite/peer br'],
      Object.entries(s).map(([name, x]) => [name, x.raw, x.gzip, x.brotli,
        name === 'snowplow' || name === 'segment' ? round(ratio(s.mqlite.gzip, x.gzip), 2) : '', name === 'snowplow' || name === 'segment' ? round(ratio(s.mqlite.brotli, x.brotli), 2) : ''])));
    out.push(`   model JSON (the site's own, not counted): ${r.size.model.gzip} B gzip. Budget (${r.size.budget.rule}): ${r.size.budget.ok ? 'PASS' : 'FAIL'}`);
  }
  if (r.startup) {
    const v = r.startup.variants;
    out.push(table(`2. Start-up in headless Chromium (median of ${v.mqlite.runs} fresh contexts; ms)`,
      ['page', 'ready', 'script→ready', 'long tasks', 'long task ms', 'TBT', 'main-thread CPU +', 'script CPU +'],
      Object.entries(v).map(([name, x]) => [name, x.readyMs, x.scriptToReadyMs, x.longTasks, x.longTaskMs, x.tbtMs, x.extraTaskMs, x.extraScriptMs])));
    const r2 = (a, b) => (b === 0 ? `n/a (${fmt(a)} vs 0)` : fmt(ratio(a, b), 2));
    const ratios = ['snowplow', 'segment'].map((peer) => `mqlite/${peer}: ready ${r2(v.mqlite.readyMs, v[peer].readyMs)}, ` +
      `script→ready ${r2(v.mqlite.scriptToReadyMs, v[peer].scriptToReadyMs)}, TBT ${r2(v.mqlite.tbtMs, v[peer].tbtMs)}, ` +
      `main-thread CPU ${r2(v.mqlite.extraTaskMs, v[peer].extraTaskMs)}`);
    out.push(...ratios.map((x) => `   ${x}`));
    out.push('   "+": CPU time (thread ticks) above the page without a tracker ("none").');
  }
  if (r.perEvent) {
    const p = r.perEvent;
    const rows = [];
    for (const name of ['page_view', 'scroll', 'identify']) {
      const b = p.browser?.[name];
      rows.push([name, b?.cpuUs, b?.wallUs, b?.savePerTaskUs, b?.roundCpuUsPerCall, p.node?.tracker[name]?.cpuUs, p.node?.engine[name]?.cpuUs]);
    }
    rows.push(['engine save()', null, null, null, null, null, p.node?.engine.save?.cpuUs]);
    rows.push(['engine state(events)', null, null, null, null, null, p.node?.engine.report?.cpuUs]);
    out.push(table('3. Per-event cost (median µs per call; CPU time unless "wall")',
      ['call', 'Chromium tracker', 'Chromium wall', 'Chromium save per task', 'Chromium 100 calls + save, per call', 'Node tracker', 'Node mqlite/engine'], rows));
    if (p.native) {
      out.push(`   native CLI: ${fmt(p.native.eventsPerSecond, 0)} events/s (${fmt(p.native.usPerEvent, 2)} µs/event CPU, replay of ${p.native.events} events). ` +
        `wasm/native per event: ${fmt(p.wasmNativeRatio, 1)}× (mqlite/engine page_view vs CLI replay).`);
    }
    if (p.firstCalls) {
      out.push(`   fresh page, first page_view calls after ready (each with its task's save; median of ${p.firstCalls.contexts} contexts): ` +
        `${p.firstCalls.callUs.map((x) => fmt(x, 0)).join(', ')} µs of main-thread CPU each`);
    }
    out.push(`   target ≤ 20 µs median per event in the browser: page_view ${fmt(p.browser?.page_view?.cpuUs)} µs → ${p.browser?.page_view?.cpuUs <= 20 ? 'met' : 'not met'} (reported, not asserted)`);
  }
  if (r.growth) {
    out.push(table('4. Growth: what one visitor keeps (Node, mqlite/engine; tracker on a fake DOM)',
      ['events', 'state blob B', 'localStorage B', 'restore ms'], r.growth.state.map((x) => [String(x.events), x.blobBytes, x.storageBytes, x.restoreMs.toFixed(3)])));
    out.push(table('   CLI replay', ['events', 'CPU ms', 'wall ms', 'events/s', 'file MB'],
      r.growth.replay.map((x) => [String(x.events), x.cpuMs, x.wallMs, round(x.eventsPerSecond, 0), round(x.bytes / 2 ** 20, 1)])));
    out.push(`   linearity (CPU time per event, 10^6 vs 10^5): ${fmt(r.growth.linearity, 2)} (1.0 = linear)`);
  }
  if (r.delivery) {
    const d = r.delivery;
    out.push(table(`5. Delivery: ${d.submits} form submits that navigate away at once (same page, same local endpoint)`,
      ['tracker', 'leads arrived', 'of', 'messages', 'duplicates'],
      ['mqlite', 'segment'].map((k) => [k, d[k].arrived, d.submits, d[k].messages, d[k].duplicates])));
    if (d.failedSubmits) out.push(`   ${d.failedSubmits} submits failed in the harness: ${d.failures.join('; ')}`);
  }
  return out.join('\n');
}
