// The published package: `npm pack`, install the tarball into an empty folder, then
// `import('mqlite/engine')` in Node, an esbuild browser bundle of `import {createTracker} from
// 'mqlite'` that runs, and `tsc --noEmit` on a usage file against the installed declarations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HERE, ROOT, SPEC_MODEL } from './fakes.mjs';

const BIN = path.join(ROOT, 'node_modules', '.bin');
let work;
let app;

before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mqlite-pack-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: path.join(ROOT, 'js'), encoding: 'utf8' }));
  const tarball = path.join(work, packed[0].filename);
  app = path.join(work, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: app, stdio: 'pipe' });
});

after(() => fs.rmSync(work, { recursive: true, force: true }));

test('the tarball ships the ES modules, the glue, the wasm and the types, nothing else', () => {
  const files = fs.readdirSync(path.join(app, 'node_modules/mqlite/dist'));
  for (const f of ['index.js', 'engine.js', 'engine.node.js', 'tracker.js', 'mqlite-core.js', 'mqlite-core.wasm', 'mqlite-core-terse.wasm']) assert.ok(files.includes(f), f);
  assert.ok(fs.existsSync(path.join(app, 'node_modules/mqlite/types/index.d.ts')));
  assert.match(fs.readFileSync(path.join(app, 'node_modules/mqlite/LICENSE'), 'utf8'), /^MIT License/);
  assert.ok(!fs.existsSync(path.join(app, 'node_modules/mqlite/test')));
  assert.ok(!fs.existsSync(path.join(app, 'node_modules/mqlite/src')));
});

test("import('mqlite/engine') in Node scores events", () => {
  fs.writeFileSync(path.join(app, 'model.json'), JSON.stringify(SPEC_MODEL));
  fs.writeFileSync(path.join(app, 'engine.mjs'), `
    import fs from 'node:fs';
    const { createEngine } = await import('mqlite/engine');
    const engine = await createEngine(JSON.parse(fs.readFileSync('model.json', 'utf8')));
    engine.ingest({ type: 'page_view', ts: 1, url: 'https://acme.com/pricing' });
    const r = engine.ingest({ type: 'identify', ts: 2, traits: { email: 'ana@corp.com' } });
    console.log(JSON.stringify({ entered: r.entered, score: Math.round(engine.state().score.engagement) }));`);
  const out = JSON.parse(execFileSync('node', ['engine.mjs'], { cwd: app, encoding: 'utf8' }));
  assert.deepEqual(out, { entered: [{ from: 'Anonymous', to: 'Known', at: 2 }], score: 10 });
});

test("an esbuild browser bundle of createTracker builds, has no eval, and runs (fake DOM, both cores beside it)", async () => {
  fs.writeFileSync(path.join(app, 'main.js'), `
    import { createTracker } from 'mqlite';
    export async function run(model) {
      const tracker = await createTracker({ endpoint: 'https://crm.example.com/leads', model });
      tracker.identify({ email: 'ana@corp.com' });
      await tracker.flush();
      const state = tracker.state();
      tracker.destroy();
      return state;
    }
    export const refusal = (model) => createTracker({ endpoint: 'https://crm.example.com/leads', model }).catch((error) => error);`);
  const out = path.join(app, 'public');
  execFileSync(path.join(BIN, 'esbuild'), ['main.js', '--bundle', '--format=esm', '--platform=browser', '--minify', `--outfile=${out}/app.js`], { cwd: app, stdio: 'pipe' });
  for (const f of ['mqlite-core-terse.wasm', 'mqlite-core.wasm']) fs.copyFileSync(path.join(app, 'node_modules/mqlite/dist', f), path.join(out, f));
  const bundle = fs.readFileSync(path.join(out, 'app.js'), 'utf8');
  assert.ok(!/\beval\(|new Function/.test(bundle), 'CSP without unsafe-eval');
  assert.ok(!bundle.includes('node:'), 'no Node built-in in a browser bundle');

  // A minimal browser: fetch serves file: URLs (the .wasm) and records the endpoint's requests.
  const posts = [];
  const fetched = [];
  const store = new Map();
  const win = Object.assign(new EventTarget(), {
    location: new URL('https://acme.com/pricing'), history: { pushState() {} }, scrollY: 0, innerHeight: 800, CustomEvent,
    localStorage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v), removeItem: (k) => store.delete(k) },
  });
  const doc = Object.assign(new EventTarget(), { title: 'Pricing', referrer: '', visibilityState: 'visible', hasFocus: () => true, documentElement: { scrollHeight: 800 } });
  const saved = { window: globalThis.window, document: globalThis.document, fetch: globalThis.fetch };
  Object.assign(globalThis, {
    window: win,
    document: doc,
    fetch: async (url, init) => {
      const href = String(url);
      if (href.startsWith('file:')) fetched.push(path.basename(href));
      if (href.startsWith('file:')) return new Response(fs.readFileSync(new URL(href)), { headers: { 'Content-Type': 'application/wasm' } });
      posts.push({ href, body: JSON.parse(init.body), type: init.headers['Content-Type'] });
      return new Response('', { status: 202 });
    },
  });
  try {
    const { run, refusal } = await import(path.join(out, 'app.js'));
    const state = await run(SPEC_MODEL);
    assert.deepEqual(fetched, ['mqlite-core-terse.wasm'], 'a valid model needs only the terse core');
    assert.equal(state.stage, 'Known');
    assert.equal(state.pending, 0);
    assert.equal(posts.length, 1);
    assert.equal(posts[0].href, 'https://crm.example.com/leads');
    assert.equal(posts[0].type, 'text/plain;charset=UTF-8');
    assert.equal(posts[0].body.type, 'identify');
    assert.equal(posts[0].body.context.page.path, '/pricing');
    // An invalid model: the terse core refuses it, the full core beside it says why.
    const error = await refusal({ ...SPEC_MODEL, sessionTimeoutMinutes: -5 });
    assert.equal(error.name, 'MqliteError');
    assert.deepEqual(fetched, ['mqlite-core-terse.wasm', 'mqlite-core.wasm']);
    assert.deepEqual(error.problems.map((p) => p.pointer), ['/sessionTimeoutMinutes']);
    assert.match(error.message, /invalid model: \/sessionTimeoutMinutes: must be/);
  } finally {
    Object.assign(globalThis, saved);
  }
});

test('tsc --noEmit: the declarations type-check a usage file through the exports map', () => {
  fs.copyFileSync(path.join(HERE, 'types-usage.ts'), path.join(app, 'usage.ts'));
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [], skipLibCheck: false },
    files: ['usage.ts'],
  }));
  try {
    execFileSync(path.join(BIN, 'tsc'), ['-p', '.'], { cwd: app, encoding: 'utf8' });
  } catch (error) {
    assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
  }
});
