#!/usr/bin/env node
// Local collector + demo server. Usage:
//   node demo/collector.mjs [--port 8080] [--host 127.0.0.1] [--data demo/data/messages.jsonl]
//                           [--tag-dir build/tag] [--no-csp]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startCollector, DEFAULT_TAG_DIR, DEMO_DIR } from './server/server.mjs';

function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: path.join(DEMO_DIR, 'data', 'messages.jsonl') },
      'tag-dir': { type: 'string', default: DEFAULT_TAG_DIR }, 'no-csp': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: "${values.port}" is not a port number (0-65535)`);
  return { ...values, port };
}

let args;
try { args = parseCli(process.argv.slice(2)); } catch (err) {
  console.error(`collector: ${err.message}`);
  process.exit(2);
}
if (args.help) {
  console.log('usage: node demo/collector.mjs [--port N] [--host H] [--data FILE.jsonl] [--tag-dir DIR] [--no-csp]');
  process.exit(0);
}
try {
  const c = await startCollector({ port: args.port, host: args.host, dataFile: path.resolve(args.data),
    tagDir: args['tag-dir'], ...(args['no-csp'] ? { csp: null } : {}) });
  console.log(`mqlite demo:      ${c.url}`);
  console.log(`received leads:   ${c.origin}/leads`);
  console.log(`collector:        POST ${c.endpoint}  (messages appended to ${path.resolve(args.data)})`);
  const stop = () => c.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  const hint = err.code === 'EADDRINUSE' ? ' (is the demo already running? pick another port: --port, or MQLITE_DEMO_PORT for scripts/demo.sh)' : '';
  console.error(`collector: cannot listen on ${args.host}:${args.port}: ${err.message}${hint}`);
  process.exit(1);
}
