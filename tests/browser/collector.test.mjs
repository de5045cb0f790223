// The local collector over real HTTP (no browser): CORS preflight, text/plain JSON, de-dup by
// messageId (also across restarts), size limit, bad input, escaping on the leads page, static serving.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCollector, MAX_BODY_BYTES } from '../../demo/server/server.mjs';

const message = (id, extra = {}) => ({
  type: 'identify', messageId: id, anonymousId: 'anon-1', timestamp: '2026-11-23T00:00:00.000Z',
  traits: { email: 'ada@example.com', name: '<img src=x onerror=alert(1)>' }, stage: 'Known',
  score: { engagement: 12, fit: 35, total: 47, grade: 'B' }, transitions: [{ from: 'Anonymous', to: 'Known', at: 1795000000000 }],
  journey: { sessions: 1, pageViews: 3, phases: [{ name: 'Awareness', at: 1795000000000 }] }, ...extra,
});

async function withCollector(fn, dataFile) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqlite-collector-'));
  const c = await startCollector({ port: 0, quiet: true, dataFile: dataFile || path.join(dir, 'm.jsonl') });
  try { await fn(c, dir); } finally { await c.close(); }
}

const post = (c, body, headers = { 'Content-Type': 'text/plain;charset=UTF-8' }) =>
  fetch(c.endpoint, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers });

test('answers the CORS preflight and echoes the origin', () => withCollector(async (c) => {
  const res = await fetch(c.endpoint, { method: 'OPTIONS', headers: { Origin: 'https://shop.example' } });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), 'https://shop.example');
  assert.match(res.headers.get('access-control-allow-methods'), /POST/);
}));

test('stores a text/plain JSON message once, however often it arrives', () => withCollector(async (c) => {
  for (let i = 0; i < 3; i++) assert.equal((await post(c, message('m-1'))).status, 200);
  const second = await (await post(c, message('m-2', { type: 'transition', stage: 'MQL' }))).json();
  assert.deepEqual(second, { ok: true, received: 1, duplicates: 0 });
  assert.deepEqual(c.store.messages().map((m) => m.messageId), ['m-1', 'm-2']);
  const lines = fs.readFileSync(c.store.file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.equal(lines[1].message.stage, 'MQL');
  const leads = await (await fetch(c.origin + '/leads.json')).json();
  assert.equal(leads.length, 1);
  assert.equal(leads[0].stage, 'MQL');
}));

test('keeps de-duplicating after a restart on the same data file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqlite-collector-'));
  const file = path.join(dir, 'm.jsonl');
  await withCollector(async (c) => { await post(c, message('m-1')); }, file);
  await withCollector(async (c) => {
    const answer = await (await post(c, message('m-1'))).json();
    assert.equal(answer.duplicates, 1);
    assert.equal(c.store.messages().length, 1);
  }, file);
});

test('refuses bad bodies with a clear error', () => withCollector(async (c) => {
  const notJson = await post(c, '{"type":');
  assert.equal(notJson.status, 400);
  assert.match((await notJson.json()).error, /not JSON/);
  const noId = await post(c, { type: 'identify' });
  assert.equal(noId.status, 400);
  assert.match((await noId.json()).error, /messageId/);
  const big = await post(c, 'x'.repeat(MAX_BODY_BYTES + 1));
  assert.equal(big.status, 413);
  assert.equal((await fetch(c.endpoint)).status, 405);
  assert.equal(c.store.messages().length, 0);
}));

test('escapes everything on the leads page', () => withCollector(async (c) => {
  await post(c, message('m-1', { stage: '<script>alert(1)</script>' }));
  const html = await (await fetch(c.origin + '/leads')).text();
  assert.ok(!html.includes('<img src=x'), 'trait must be escaped');
  assert.ok(!html.includes('<script>alert'), 'stage must be escaped');
  assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;/);
  assert.match(html, /ada@example\.com/);
  assert.match(html, /Anonymous → Known/);
}));

test('serves the demo: CSP, wasm type, SPA fallback, endpoint filled in, no private files', () => withCollector(async (c) => {
  const home = await fetch(c.url);
  assert.equal(home.headers.get('content-security-policy'), "script-src 'self' 'wasm-unsafe-eval'");
  assert.ok((await home.text()).includes(`data-endpoint="${c.endpoint}"`));
  const tour = await fetch(c.origin + '/tour/security');
  assert.equal(tour.status, 200);
  assert.match(await tour.text(), /tour\.js/);
  const pdf = await fetch(c.origin + '/resources/lead-scoring-guide.pdf');
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal((await pdf.arrayBuffer()).byteLength > 200, true);
  for (const p of ['/server/store.mjs', '/collector.mjs', '/data/messages.jsonl', '/%2e%2e/package.json', '/nope.html']) {
    assert.equal((await fetch(c.origin + p)).status, 404, p);
  }
  const submit = await fetch(c.origin + '/thanks.html', { method: 'POST', body: 'email=a%40b.c', redirect: 'manual' });
  assert.equal(submit.status, 303);
}));

test('lists Segment-format leads too', () => withCollector(async (c) => {
  await post(c, { type: 'identify', messageId: 's-1', anonymousId: 'anon-s', traits: { email: 'seg@example.com',
    lifecycleStage: 'Engaged', leadScore: 40 }, context: { mqlite: { stage: 'Engaged', score: { engagement: 30, fit: 10, total: 40, grade: 'C' } } } });
  await post(c, { type: 'track', event: 'Lifecycle Stage Changed', messageId: 's-2', anonymousId: 'anon-s',
    properties: { from: 'Engaged', to: 'MQL' }, context: { mqlite: { stage: 'MQL', score: { engagement: 55, fit: 10, total: 65, grade: 'C' } } } });
  const [lead] = await (await fetch(c.origin + '/leads.json')).json();
  assert.equal(lead.stage, 'MQL');
  assert.equal(lead.score.total, 65);
  assert.equal(lead.traits.email, 'seg@example.com');
  assert.equal(lead.format, 'segment');
}));

test('links and serves the funnel report of the leads it received (mqlite funnel)', () => withCollector(async (c) => {
  const leadsPage = await (await fetch(c.origin + '/leads')).text();
  assert.match(leadsPage, /href="\/report"/);
  await post(c, message('r-1', { anonymousId: 'anon-r', type: 'transition', stage: 'MQL',
    transitions: [{ from: 'Anonymous', to: 'Known', at: 1795000000000 }, { from: 'Known', to: 'MQL', at: 1795086400000 }] }));
  const res = await fetch(c.origin + '/report');
  assert.equal(res.status, 200, 'needs build/native/mqlite (scripts/build-native.sh)');
  const html = await res.text();
  assert.match(html, /<svg/);
  assert.match(html, /1 leads from 1 lines \(1 messages, 0 duplicates dropped\), 0 bad lines/);
}));
