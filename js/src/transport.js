// Posting one message (SPEC §6): a keepalive fetch with a text/plain JSON body (a CORS-safelisted
// request: no preflight; the endpoint answers with Access-Control-Allow-Origin so the status can be
// read), and sendBeacon on pagehide. Pure decisions (classify, backoff, Retry-After) are exported
// for tests.

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 60 * 60 * 1000;
// A request with no answer after this long is given up (aborted) and retried like a network error:
// a hanging endpoint must not hold the delivery pass, and the sender lock of every tab, for ever.
export const REQUEST_TIMEOUT_MS = 30_000;
// Browsers cap keepalive bodies at 64 KiB in flight; larger bodies go as a plain fetch.
const KEEPALIVE_LIMIT = 60_000;

export function classify(status) {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'drop';
}

// Retry-After: delay-seconds or an HTTP date; null when absent or unreadable.
export function parseRetryAfter(value, now) {
  if (value == null || value === '') return null;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

// Exponential backoff with jitter: attempt 1 waits 1–2 s, attempt 2 2–4 s, … capped at an hour.
export function backoffDelay(attempts, random = Math.random) {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

// The delay before the next try after a retryable failure: backoff, but never sooner than
// the server's Retry-After.
export function retryDelay(attempts, retryAfterMs, random) {
  const delay = backoffDelay(attempts, random);
  return retryAfterMs == null ? delay : Math.min(BACKOFF_MAX_MS * 24, Math.max(delay, retryAfterMs));
}

// → {outcome: 'sent'|'retry'|'drop', status, retryAfterMs}. `timer` ({setTimeout, clearTimeout})
// enables the timeout; without it (or without AbortController) a request may wait for ever.
export async function post(fetchFn, endpoint, text, now, timer = null, timeoutMs = REQUEST_TIMEOUT_MS) {
  const controller = timer && typeof AbortController === 'function' ? new AbortController() : null;
  const timeout = controller ? timer.setTimeout(() => controller.abort(), timeoutMs) : null;
  let response;
  try {
    response = await fetchFn(endpoint, {
      method: 'POST',
      body: text,
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      keepalive: text.length <= KEEPALIVE_LIMIT,
      credentials: 'omit',
      mode: 'cors',
      ...(controller ? { signal: controller.signal } : {}),
    });
  } catch {
    return { outcome: 'retry', status: 0, retryAfterMs: null };
  } finally {
    if (timeout !== null) timer.clearTimeout(timeout);
  }
  // Cross-origin, Retry-After is readable only when the endpoint exposes it (ENDPOINT.md).
  const retryAfter = response.headers?.get?.('Retry-After');
  return { outcome: classify(response.status), status: response.status, retryAfterMs: parseRetryAfter(retryAfter, now) };
}

export function beacon(navigatorLike, endpoint, text) {
  try {
    return Boolean(navigatorLike?.sendBeacon?.(endpoint, text));
  } catch {
    return false;
  }
}
