// An endpoint that misbehaves on cue, for the fault matrix: a node:http server on 127.0.0.1 that
// answers each POST with the next behaviour in its plan (then `ok` for ever), records every body it
// receives (before any de-duplication), and can stop listening on its port (connection refused)
// and come back on the same port.
//
// Behaviours: 'ok' (200), {status, retryAfter?} (e.g. 500, 429), 'hang' (reads the body, never
// answers), 'close' (reads the body, destroys the socket: a network error for the browser).
import http from 'node:http';

const cors = (req) => ({
  'Access-Control-Allow-Origin': req.headers.origin || '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  // Without this a cross-origin page cannot read Retry-After (not a CORS-safelisted header).
  'Access-Control-Expose-Headers': 'Retry-After',
});

export async function startFlakyEndpoint() {
  const plan = [];
  const received = []; // {messageId, type, body, answer, at}
  const sockets = new Set();
  let port = 0;
  let server = null;

  function handle(req, res) {
    if (req.method === 'OPTIONS') return res.writeHead(204, cors(req)).end();
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => answer(req, res, Buffer.concat(chunks).toString('utf8')));
  }

  function answer(req, res, text) {
    const behaviour = plan.length ? plan.shift() : 'ok';
    let body = null;
    try { body = JSON.parse(text); } catch { /* recorded as text */ }
    received.push({ messageId: body?.messageId ?? null, type: body?.type ?? null, body: body ?? text,
      answer: typeof behaviour === 'string' ? behaviour : behaviour.status, at: Date.now() });
    if (behaviour === 'hang') return;
    if (behaviour === 'close') return req.socket.destroy();
    const status = behaviour === 'ok' ? 200 : behaviour.status;
    const headers = { ...cors(req), 'Content-Type': 'application/json' };
    if (behaviour.retryAfter !== undefined) headers['Retry-After'] = String(behaviour.retryAfter);
    res.writeHead(status, headers).end(JSON.stringify({ ok: status < 300 }));
  }

  async function listen() {
    server = http.createServer(handle);
    server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
    await new Promise((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', resolve); });
    port = server.address().port;
  }

  // Stops listening (the port refuses connections) and drops every open connection, hung ones too.
  async function down() {
    if (!server) return;
    const s = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => s.close(() => resolve()));
  }

  await listen();
  const accepted = () => received.filter((r) => r.answer === 'ok');
  return {
    url: `http://127.0.0.1:${port}/collect`,
    received,
    // Queues behaviours for the next requests, in order.
    plan: (...behaviours) => { plan.push(...behaviours); },
    accepted,
    // messageId → how many times it was answered 2xx.
    acceptedCounts() {
      const counts = new Map();
      for (const r of accepted()) counts.set(r.messageId, (counts.get(r.messageId) || 0) + 1);
      return counts;
    },
    down,
    up: listen,
    close: down,
  };
}
