// The funnel report for the leads this collector received: the native `mqlite funnel` run on the
// collector's own JSONL file (the same command a team runs on an export), served as static HTML.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { escapeHtml } from './leads-page.mjs';

export function findCli(repoDir) {
  const cli = process.env.MQLITE_CLI || path.join(repoDir, 'build', 'native', 'mqlite');
  return fs.existsSync(cli) ? cli : null;
}

// Resolves to {status, html}: the report, or a page saying what to do when it cannot be made.
export function renderFunnelReport(cli, dataFile) {
  if (!cli) return Promise.resolve(notice(503, 'The mqlite command line is not built yet: run ' +
    '<code>bash scripts/build-native.sh</code> and reload.'));
  if (!fs.existsSync(dataFile)) return Promise.resolve(notice(200, 'No message received yet: browse the ' +
    'demo and submit a form, then reload.'));
  return new Promise((resolve) => {
    execFile(cli, ['funnel', dataFile, '--format', 'html'], { maxBuffer: 32 << 20, timeout: 60_000 },
      (err, stdout, stderr) => resolve(err
        ? notice(500, `mqlite funnel failed: ${escapeHtml(stderr || err.message)}`)
        : { status: 200, html: stdout }));
  });
}

function notice(status, message) {
  return { status, html: `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">` +
    `<title>Funnel report · mqlite collector</title><p>${message}</p><p><a href="/leads">Back to the leads</a></p>` };
}
