// Subresource Integrity for the script tag: the build writes the sha384 of mqlite.js
// (build/tag/mqlite.js.sri, manifest.json); a tag carrying it loads and works; a tag carrying a
// wrong hash is refused by the browser, and the page works on without an exception.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { assertTagBuilt, launchBrowser, openPage, sleep, TAG_DIR, shutDown } from './helpers.mjs';
import { startRig, waitForAccepted, assertNoPageErrors, tagPage, assertPageWorks } from './fault-kit.mjs';

let browser, rig;
test.before(async () => { assertTagBuilt(); browser = await launchBrowser(); rig = await startRig(); });
test.after(() => shutDown(browser, rig));

const sha384 = (bytes) => 'sha384-' + crypto.createHash('sha384').update(bytes).digest('base64');
const builtIntegrity = () => fs.readFileSync(path.join(TAG_DIR, 'mqlite.js.sri'), 'utf8').trim();
const identifyForm = '<form id="stay"><input type="email" name="email" value="sri@hopper.example"><button>Go</button></form>';

test('the build writes the sha384 of mqlite.js (mqlite.js.sri and manifest.json agree with the file)', () => {
  const expected = sha384(fs.readFileSync(path.join(TAG_DIR, 'mqlite.js')));
  assert.equal(builtIntegrity(), expected);
  const manifest = JSON.parse(fs.readFileSync(path.join(TAG_DIR, 'manifest.json'), 'utf8'));
  assert.equal(manifest['mqlite.js'].integrity, expected);
  for (const f of ['mqlite-core-terse.wasm', 'mqlite-core.wasm']) assert.equal(manifest[f].integrity, sha384(fs.readFileSync(path.join(TAG_DIR, f))), f);
});

test('a tag with integrity + crossorigin loads, tracks and delivers', async () => {
  const context = await browser.newContext();
  const { page, log } = await openPage(context);
  const tag = { integrity: builtIntegrity(), crossorigin: 'anonymous' };
  await page.goto(rig.origin + rig.write('sri-ok.html', tagPage({ tag, body: identifyForm })));
  await page.waitForFunction(() => window.mqlite && typeof window.mqlite.state === 'function');
  await page.click('#stay button');
  const [message] = await waitForAccepted(rig.endpoint, 1, (m) => m.traits?.email === 'sri@hopper.example');
  assert.equal(message.type, 'identify');
  await assertPageWorks(page);
  await assertNoPageErrors(page, log);
  await context.close();
});

test('a tag with a wrong hash is refused by the browser; the page works on, nothing runs', async () => {
  const context = await browser.newContext();
  const { page, log } = await openPage(context);
  const tag = { integrity: sha384(Buffer.from('not mqlite.js')), crossorigin: 'anonymous' };
  const before = rig.endpoint.received.length;
  await page.goto(rig.origin + rig.write('sri-bad.html', tagPage({ tag, body: identifyForm })));
  await assertPageWorks(page);
  await sleep(500);
  assert.ok(log.console.some((m) => m.type === 'error' && /integrity/i.test(m.text)), 'the browser says it refused the script');
  assert.ok(await page.evaluate(() => window.mqlite === undefined || Array.isArray(window.mqlite)), 'mqlite never ran');
  await page.evaluate(() => { window.mqlite = window.mqlite || []; window.mqlite.push(['track', 'webinar']); });
  await page.click('#stay button');
  await sleep(300);
  assert.equal(rig.endpoint.received.length, before, 'nothing sent');
  await assertNoPageErrors(page, log);
  await context.close();
});
