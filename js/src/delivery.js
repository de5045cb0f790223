// Delivery of the outbox: one pass sends every due message (in order) under the sender lock,
// then a timer waits for the next due one. `getOutbox()` is the session's current outbox (it
// changes with consent). Resumes on load, on `online`, and on enqueue; pagehide
// beacons whatever is still pending (it stays in the outbox: at least once, the endpoint
// de-duplicates by messageId).
import { beacon, post, retryDelay } from './transport.js';
import { withSentAt } from './messages.js';

// Another tab is sending: check again after this long (it may close before finishing).
export const OTHER_TAB_RECHECK_MS = 10_000;

export function createDelivery({ getOutbox, endpoint, fetchFn, navigatorLike, senderLock, clock, random, reporter, canSend }) {
  const inflight = new Set();
  let timer = null;
  let stopped = false;
  let running = null;

  const bodyText = (entry) => JSON.stringify(withSentAt(entry.body, clock.now()));

  async function sendOne(entry) {
    inflight.add(entry.id);
    try {
      const result = await post(fetchFn, endpoint, bodyText(entry), clock.now(), clock);
      if (result.outcome === 'sent') {
        getOutbox().remove(entry.id);
        reporter.log(`delivered ${entry.kind} ${entry.id}`);
      } else if (result.outcome === 'drop') {
        getOutbox().remove(entry.id);
        reporter.warn(`mqlite: the endpoint refused the ${entry.kind} message ${entry.id} with HTTP ${result.status}; dropped`);
      } else {
        const attempts = entry.attempts + 1;
        const delay = retryDelay(attempts, result.retryAfterMs, random);
        getOutbox().update(entry.id, { attempts, nextAt: clock.now() + delay, lastStatus: result.status });
        reporter.log(`${entry.kind} ${entry.id} failed (${result.status || 'network error'}); retry in ${delay} ms`);
        return false;
      }
      return true;
    } finally {
      inflight.delete(entry.id);
    }
  }

  async function pass() {
    for (const entry of getOutbox().due(clock.now())) {
      if (stopped || !canSend()) return;
      if (inflight.has(entry.id)) continue;
      // A failure keeps order: later messages wait for the next pass.
      if (!(await sendOne(entry))) return;
    }
  }

  // `notBefore`: when another tab holds the sender lock, look again only after a while.
  function schedule(notBefore = 0) {
    if (stopped) return;
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    const next = getOutbox().nextDueAt();
    if (next === null) return;
    const wait = Math.max(notBefore, next - clock.now());
    timer = clock.setTimeout(() => {
      timer = null;
      drain();
    }, wait);
  }

  // Delivery passes until nothing new arrived meanwhile. A call during a pass joins it (and asks
  // for one more pass), so `await drain()` covers every message queued before the call.
  let again = false;
  function drain() {
    if (stopped || !canSend()) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let ran;
      do {
        again = false;
        ran = await senderLock.trySend(pass).catch((error) => reporter.errorOnce('deliver', error));
      } while (again && ran !== false && !stopped);
      running = null;
      schedule(ran === false ? OTHER_TAB_RECHECK_MS : 0);
    })();
    return running;
  }

  // Back online: what failed for want of a network is due now, however long its backoff had grown
  // (an endpoint's own 429/5xx answer keeps its wait).
  function resumeOnline() {
    const now = clock.now();
    for (const entry of getOutbox().list()) {
      if (entry.lastStatus === 0 && entry.nextAt > now) getOutbox().update(entry.id, { nextAt: now });
    }
    return drain();
  }

  return {
    drain,
    resumeOnline,
    schedule,
    // pagehide: hand what is pending to the browser; keepalive fetches in flight go on by themselves.
    beaconPending() {
      if (stopped || !canSend()) return;
      for (const entry of getOutbox().list()) {
        if (inflight.has(entry.id)) continue;
        if (!beacon(navigatorLike, endpoint, bodyText(entry))) break;
      }
    },
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
