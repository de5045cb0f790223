// Start-up in headless Chromium: each variant's page in a fresh browser context, round robin, N times.
// Per load: ready time (performance.now() when the tracker takes calls), script start → ready,
// long tasks (PerformanceObserver 'longtask'), total blocking time (Σ max(0, task − 50 ms) until the
// page settles), main-thread script/task time (CDP Performance metrics) and the JS/wasm bytes fetched.
import { STARTUP_VARIANTS } from './lib/pages.mjs';
import { median } from './lib/stats.mjs';

const SETTLE_MS = 500; // quiet time after ready and load, for late long tasks

const OBSERVE_LONG_TASKS = () => {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch { window.__longTasks = null; }
};

// Refuses (and counts) any request that would leave 127.0.0.1.
export async function loopbackOnly(context, escaped) {
  await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => {
    const url = route.request().url();
    if (url.startsWith('data:')) return route.continue();
    escaped.push(url);
    return route.abort();
  });
}

async function loadOnce(browser, origin, variant, escaped) {
  const context = await browser.newContext();
  try {
    await loopbackOnly(context, escaped);
    const page = await context.newPage();
    await page.addInitScript(OBSERVE_LONG_TASKS);
    const consoleLines = [];
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${origin}/start-${variant}.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => typeof window.__ready === 'number', null, { timeout: 15000 }).catch((error) => {
      throw new Error(`start-up: ${variant} never became ready (${error.message.split('\n')[0]}); console: ${consoleLines.join(' | ') || 'empty'}; blocked: ${escaped.join(' ') || 'none'}`);
    });
    await page.waitForTimeout(SETTLE_MS);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
    const inPage = await page.evaluate((main) => {
      const resources = performance.getEntriesByType('resource');
      const script = main && resources.find((r) => new URL(r.name).pathname === main);
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        ready: window.__ready,
        scriptStart: script ? script.startTime : null,
        loadEnd: nav.loadEventEnd,
        longTasks: window.__longTasks,
        fetched: resources.filter((r) => /\.(js|wasm)$/.test(new URL(r.name).pathname)).map((r) => new URL(r.name).pathname),
      };
    }, STARTUP_VARIANTS[variant].main);
    const tasks = inPage.longTasks ?? [];
    return {
      readyMs: inPage.ready,
      scriptToReadyMs: inPage.scriptStart == null ? null : inPage.ready - inPage.scriptStart,
      longTasks: tasks.length,
      longTaskMs: tasks.reduce((s, t) => s + t.duration, 0),
      tbtMs: tasks.reduce((s, t) => s + Math.max(0, t.duration - 50), 0),
      scriptMs: metric('ScriptDuration') * 1000,
      taskMs: metric('TaskDuration') * 1000,
      fetched: inPage.fetched,
    };
  } finally {
    await context.close();
  }
}

export async function benchStartup({ browser, server, runs = 15, log = () => {} }) {
  const variants = Object.keys(STARTUP_VARIANTS);
  const samples = Object.fromEntries(variants.map((v) => [v, []]));
  const escaped = [];
  for (const v of variants) await loadOnce(browser, server.origin, v, escaped); // warm-up, not counted
  for (let i = 0; i < runs; i++) {
    // A different first page each round, so no tracker always loads right after the same one.
    const order = variants.map((_, k) => variants[(k + i) % variants.length]);
    for (const v of order) samples[v].push(await loadOnce(browser, server.origin, v, escaped));
    log(`start-up: round ${i + 1}/${runs}`);
  }
  const result = {};
  for (const v of variants) {
    const s = samples[v];
    const med = (key) => median(s.map((x) => x[key]).filter((x) => x != null));
    result[v] = {
      runs: s.length,
      readyMs: med('readyMs'), scriptToReadyMs: med('scriptToReadyMs'),
      longTasks: med('longTasks'), longTaskMs: med('longTaskMs'), tbtMs: med('tbtMs'),
      scriptMs: med('scriptMs'), taskMs: med('taskMs'),
      fetched: [...new Set(s.flatMap((x) => x.fetched))].sort(),
    };
  }
  const base = result.none;
  for (const v of variants) {
    result[v].extraScriptMs = result[v].scriptMs - base.scriptMs;
    result[v].extraTaskMs = result[v].taskMs - base.taskMs;
  }
  return { variants: result, escapedRequests: [...new Set(escaped)] };
}
