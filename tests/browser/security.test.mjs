// Security checks of issue 6 in headless Chromium: endpoints that are not https: (or http: on
// localhost) refused with a clear message; form capture never takes secrets; nothing personal at
// rest after delivery; strict CSP with and without 'wasm-unsafe-eval'. SRI: security-sri.test.mjs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { assertTagBuilt, launchBrowser, sleep, waitFor, openPage, shutDown } from './helpers.mjs';
import { startRig, openTracked, visit, waitForEmptyOutbox, waitForAccepted, assertAcceptedOnce,
  assertNoPageErrors, mqliteSaid, tagPage, assertPageWorks } from './fault-kit.mjs';

let browser;
test.before(async () => { assertTagBuilt(); browser = await launchBrowser(); });
test.after(() => shutDown(browser));

async function withRig(fn, demoOptions = {}) {
  const rig = await startRig(demoOptions);
  const context = await browser.newContext();
  try { await fn(rig, context); } finally { await context.close(); await rig.stop(); }
}

const REFUSED_ENDPOINTS = [
  'http://crm.example.com/leads', 'ftp://127.0.0.1/leads', 'javascript:alert(1)', 'data:text/plain,x',
  'ws://127.0.0.1:9/leads', 'file:///etc/passwd', 'http://localhost.evil.example/leads',
  'http://127.0.0.1.evil.example/leads', '//evil.example/leads', 'blob:http://127.0.0.1/x', 'http://10.0.0.1/leads',
];

test('endpoints other than https: (or http: on localhost) are refused with one clear message', () => withRig(async (rig, context) => {
  const { page, log } = await openPage(context);
  for (const [i, endpoint] of REFUSED_ENDPOINTS.entries()) {
    log.console.length = 0;
    await page.goto(rig.origin + rig.write(`endpoint-${i}.html`, tagPage({ tag: { 'data-endpoint': endpoint } })));
    await waitFor(() => mqliteSaid(log).length > 0, { what: `the refusal of ${endpoint}` });
    await sleep(200);
    const said = mqliteSaid(log);
    assert.equal(said.length, 1, `${endpoint}: ${JSON.stringify(said)}`);
    assert.match(said[0].text, /endpoint .* must use https: \(http: only on localhost or 127\.0\.0\.1\)|not a valid URL/, endpoint);
    assert.ok(await page.evaluate(() => Array.isArray(window.mqlite)), `${endpoint}: no tracker`);
    await assertPageWorks(page);
    await assertNoPageErrors(page, log);
  }
  for (const endpoint of [rig.endpoint.url, rig.endpoint.url.replace('127.0.0.1', 'localhost'), 'https://crm.example.com/leads']) {
    log.console.length = 0;
    await page.goto(rig.origin + rig.write('endpoint-ok.html', tagPage({ tag: { 'data-endpoint': endpoint } })));
    await page.waitForFunction(() => window.mqlite && typeof window.mqlite.state === 'function');
    assert.deepEqual(mqliteSaid(log), [], `${endpoint} is accepted`);
  }
  assert.equal(rig.endpoint.received.length, 0, 'nothing was sent anywhere while anonymous');
}));

// Every kind of secret a sign-up or checkout form may hold, by name, by type, by autocomplete and
// by value (a card number, an IBAN or an SSN in an innocently named field).
const SECRETS = {
  'input type=password name=pw_confirm': 'hunter2-secret',
  'input type=hidden name=campaign_ref': 'hidden-value-77',
  'input name=csrf_token': 'csrf-abc-123',
  'input name=authenticity_token': 'rails-token-456',
  'input name=__RequestVerificationToken': 'aspnet-token-789',
  'input name=_xsrf': 'xsrf-token-012',
  'input name=cardnumber': '4111 1111 1111 1111',
  'input name=payment_field autocomplete=cc-number': '5500 0055 5555 5559',
  'input name=notes': '4012888888881881',
  'input name=cvv': '123',
  'input name=security_code autocomplete=cc-csc': '987',
  'input name=card_cvc': '456',
  'input name=expiry autocomplete=cc-exp': '12/29',
  'input name=iban': 'GB82WEST12345698765432',
  'input name=bank_account': 'DE89370400440532013000',
  'input name=ssn': '123-45-6789',
  'input name=social_security_number': '219-09-9999',
  'input name=reference': '078-05-1120',
  'input name=code autocomplete=one-time-code': '654321',
  'input name=api_secret': 'sk_live_abcdef',
};

// Three-digit CVVs also occur by chance in timestamps and UUIDs: the traits check covers them; the
// substring scans look for the longer values.
const LONG_SECRETS = Object.values(SECRETS).filter((v) => v.length >= 6);

function secretForm() {
  const fields = Object.entries(SECRETS).map(([spec, value]) => {
    const [tag, ...attrs] = spec.split(' ');
    return `<${tag} ${attrs.map((a) => a.replace(/=(.*)/, '="$1"')).join(' ')} value="${value}">`;
  });
  return `<form id="stay"><input type="email" name="email" value="ada@analytical.example">
<input name="name" value="Ada Lovelace"><input name="company" value="Analytical Engines"><input name="title" value="VP Marketing">
${fields.join('\n')}<button type="submit">Sign up</button></form>`;
}

test('form capture takes no password, hidden field, token, card, CVV, IBAN, SSN or one-time code', () => withRig(async (rig, context) => {
  const url = rig.origin + rig.write('secrets.html', tagPage({ body: secretForm() }));
  const { page, log } = await openTracked(context, url);
  await page.click('#stay button');
  const [message] = await waitForAccepted(rig.endpoint);
  assert.deepEqual(message.traits, { email: 'ada@analytical.example', name: 'Ada Lovelace', company: 'Analytical Engines', title: 'VP Marketing' });
  const wire = JSON.stringify(message);
  for (const value of LONG_SECRETS) assert.ok(!wire.includes(value), `"${value}" must not leave the page`);
  await assertNoPageErrors(page, log);
}));

test('a form marked data-mqlite-ignore never identifies', () => withRig(async (rig, context) => {
  const body = '<form id="stay" data-mqlite-ignore><input type="email" name="email" value="login@x.example"><input type="password" name="password" value="pw"><button>Log in</button></form>';
  const { page, log } = await openTracked(context, rig.origin + rig.write('login.html', tagPage({ body })));
  await page.click('#stay button');
  await sleep(800);
  assert.equal(rig.endpoint.received.length, 0);
  assert.equal(await page.evaluate(() => window.mqlite.state().stage), 'Anonymous');
  await assertNoPageErrors(page, log);
}));

test('after delivery nothing personal is at rest: no e-mail, name, or query string other than utm_*', () => withRig(async (rig, context) => {
  const query = '?utm_source=news&utm_medium=email&email=ada%40analytical.example&name=Ada+Lovelace&token=t0k3n-q#frag-secret';
  const { page, log } = await openTracked(context, rig.origin + '/pricing.html' + query, {});
  await visit(page, rig.origin + '/blog/lead-scoring-without-cookies.html?ref=ada%40analytical.example&gclid=g-click-id');
  const formPage = rig.origin + rig.write('form.html', tagPage({ title: 'Sign up', body: secretForm() }));
  await visit(page, formPage + '?session=s3ss10n#ada@analytical.example');
  await page.click('#stay button');
  await page.evaluate(() => window.mqlite.track('webinar', { attended: true, email: 'ada@analytical.example' }));
  await waitForAccepted(rig.endpoint, 2);
  await waitForEmptyOutbox(page);
  assertAcceptedOnce(rig.endpoint);
  const atRest = await page.evaluate(() => ({
    local: Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]),
    session: Object.keys(sessionStorage).map((k) => [k, sessionStorage.getItem(k)]),
    cookie: document.cookie,
  }));
  assert.ok(atRest.local.some(([k]) => k === 'mqlite:state'), 'the state is stored (the scan looks at something)');
  assert.ok(atRest.local.some(([, v]) => v.includes('utm_source=news')), 'utm_* parameters may stay');
  const text = JSON.stringify(atRest).toLowerCase();
  for (const personal of ['ada@', 'analytical.example', 'lovelace', 't0k3n', 'frag-secret', 's3ss10n', 'g-click-id',
    'email=', 'name=', 'token=', 'ref=', 'gclid', 'session=', 'vp marketing', 'hunter2', ...LONG_SECRETS]) {
    assert.ok(!text.includes(personal.toLowerCase()), `"${personal}" found at rest: ${text.slice(0, 200)}…`);
  }
  await assertNoPageErrors(page, log);
}));

const STRICT_CSP = (endpoint, wasm) => ["default-src 'self'", `script-src 'self'${wasm ? " 'wasm-unsafe-eval'" : ''}`,
  `connect-src 'self' ${new URL(endpoint).origin}`, "style-src 'self'", "img-src 'self' data:", "object-src 'none'", "base-uri 'none'"].join('; ');

// Records CSP violations the page reports, so "works under the CSP" means "without breaking it".
const recordViolations = () => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
};

test("strict CSP with script-src 'self' 'wasm-unsafe-eval': works, delivers, no violation", () => withRig(async (rig, context) => {
  await context.addInitScript(recordViolations);
  const { page, log } = await openTracked(context, rig.origin + '/pricing.html');
  await visit(page, rig.origin + '/fixtures/plain.html');
  await page.click('#stay button');
  const [message] = await waitForAccepted(rig.endpoint);
  assert.equal(message.type, 'identify');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(mqliteSaid(log), []);
  await assertPageWorks(page);
  await assertNoPageErrors(page, log);
}, (endpoint) => ({ csp: STRICT_CSP(endpoint, true) })));

test("strict CSP without 'wasm-unsafe-eval': one console message, no exception, nothing stored or sent", () => withRig(async (rig, context) => {
  await context.addInitScript(recordViolations);
  const { page, log } = await openPage(context);
  await page.goto(rig.origin + '/fixtures/plain.html');
  await page.waitForFunction(() => window.__violations.length > 0);
  await sleep(500);
  const said = mqliteSaid(log);
  assert.equal(said.length, 1, JSON.stringify(said));
  assert.match(said[0].text, /wasm|WebAssembly/i);
  const violations = await page.evaluate(() => window.__violations);
  assert.ok(violations.every((v) => v === 'script-src wasm-eval'), `only the wasm compile is blocked: ${violations}`);
  await page.click('#stay button');
  await page.evaluate(() => window.mqlite.push(['track', 'webinar']));
  await sleep(300);
  assert.equal(rig.endpoint.received.length, 0);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).length), 0);
  await assertPageWorks(page);
  await assertNoPageErrors(page, log);
}, (endpoint) => ({ csp: STRICT_CSP(endpoint, false) })));
