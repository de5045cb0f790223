// Generated event streams for one visitor: page views over a small site, scrolls, downloads, one
// identify early on; timestamps 30 s apart (a session break every 200 events).
import fs from 'node:fs';
import path from 'node:path';

const PATHS = ['/', '/blog/a', '/blog/b?utm_medium=email', '/pricing', '/tour/step-1', '/careers', '/demo'];
const T0 = Date.UTC(2026, 0, 1);

export function eventAt(i) {
  const ts = T0 + i * 30000 + Math.floor(i / 200) * 3600000;
  if (i === 5) return { type: 'identify', ts, traits: { email: 'ana@corp.example', title: 'VP Marketing' } };
  if (i % 5 === 3) return { type: 'scroll', ts, url: 'https://acme.example/blog/a', props: { depth: 25 * (1 + (i % 4)) } };
  if (i % 17 === 9) return { type: 'download', ts, props: { href: `https://acme.example/guide-${i % 3}.pdf` } };
  return { type: 'page_view', ts, url: `https://acme.example${PATHS[i % PATHS.length]}`, title: 'Page', referrer: '' };
}

export function writeEvents(file, count) {
  if (fs.existsSync(file) && lineCount(file) === count) return file; // reuse a file from an earlier run
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  const CHUNK = 10000;
  for (let start = 0; start < count; start += CHUNK) {
    const lines = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) lines.push(JSON.stringify(eventAt(i)));
    fs.writeSync(fd, lines.join('\n') + '\n');
  }
  fs.closeSync(fd);
  return file;
}

function lineCount(file) {
  let n = 0;
  const buf = Buffer.alloc(1 << 20);
  const fd = fs.openSync(file, 'r');
  for (let read; (read = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) for (let i = 0; i < read; i++) if (buf[i] === 10) n++;
  fs.closeSync(fd);
  return n;
}
