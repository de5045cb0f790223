// Small statistics for noisy timings: medians and ratios, rounded for printing.
export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function ratio(a, b) {
  return a == null || b == null || b === 0 ? null : a / b;
}

export function round(x, digits = 2) {
  if (x == null || !Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

// CPU time of this process in µs: on a shared machine wall time mostly measures the neighbours.
export function cpuMicros() {
  const u = process.cpuUsage();
  return u.user + u.system;
}

// Median cost per call of fn(i) over `rounds` rounds of `perRound` calls, as {cpuUs, wallUs};
// `between` (awaited, not timed) runs after each round, e.g. to let deliveries finish.
export async function timePerCall(fn, { perRound = 200, rounds = 15, warmupRounds = 2, between = async () => {} } = {}) {
  const cpu = [];
  const wall = [];
  let n = 0;
  for (let r = 0; r < warmupRounds + rounds; r++) {
    const c0 = cpuMicros();
    const w0 = performance.now();
    for (let i = 0; i < perRound; i++) fn(n++);
    const w1 = performance.now();
    const c1 = cpuMicros();
    if (r >= warmupRounds) {
      cpu.push((c1 - c0) / perRound);
      wall.push(((w1 - w0) * 1000) / perRound);
    }
    await between();
  }
  return { cpuUs: median(cpu), wallUs: median(wall) };
}
