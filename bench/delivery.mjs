// Delivery: a lead form with both mqlite (auto-identify on submit) and Segment (identify in the
// form's submit handler) on the same page; each submit navigates away at once. One fresh context per
// submit, closed as soon as the next page has loaded. Counts, per tracker, how many of the leads'
// identify messages reached the local endpoint (distinct e-mails; duplicates reported apart).
import { loopbackOnly } from './startup.mjs';

const SETTLE_MS = 3000;

async function submitOnce(browser, origin, email, escaped) {
  const context = await browser.newContext();
  try {
    await loopbackOnly(context, escaped);
    const page = await context.newPage();
    await page.goto(`${origin}/form.html`);
    await page.waitForFunction(() => typeof window.__ready === 'number', null, { timeout: 15000 });
    await page.fill('#email', email);
    await Promise.all([page.waitForURL(/\/thanks\.html/, { waitUntil: 'load' }), page.click('#send')]);
    return true;
  } catch (error) {
    return String(error.message).split('\n')[0];
  } finally {
    await context.close();
  }
}

function identifiedEmail(message) {
  const body = message.body;
  if (!body || typeof body !== 'object') return null;
  if (message.kind === 'mqlite') return body.type === 'identify' ? body.traits?.email ?? null : null;
  if (message.kind === 'segment' && message.path === '/v1/i') return body.traits?.email ?? body.userId ?? null;
  return null;
}

export function countArrivals(received, emails) {
  const wanted = new Set(emails);
  const result = {};
  for (const kind of ['mqlite', 'segment']) {
    const seen = received.filter((m) => m.kind === kind).map(identifiedEmail).filter((e) => wanted.has(e));
    result[kind] = { arrived: new Set(seen).size, messages: seen.length, duplicates: seen.length - new Set(seen).size };
  }
  return result;
}

export async function benchDelivery({ browser, server, submits = 200, concurrency = 4, log = () => {} }) {
  server.clearReceived();
  const escaped = [];
  const emails = Array.from({ length: submits }, (_, i) => `lead-${i}@bench.example`);
  const failures = [];
  let next = 0;
  const worker = async () => {
    while (next < emails.length) {
      const email = emails[next++];
      const outcome = await submitOnce(browser, server.origin, email, escaped);
      if (outcome !== true) failures.push(`${email}: ${outcome}`);
      if (next % 50 === 0) log(`delivery: ${next}/${submits} submits`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  return { submits, concurrency, ...countArrivals(server.received, emails), failedSubmits: failures.length, failures: failures.slice(0, 5), escapedRequests: [...new Set(escaped)] };
}
