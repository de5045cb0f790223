// createTracker (SPEC §7): wires the core, the session, delivery and the DOM listeners, and
// exposes the public methods. Every public method and listener is guarded: nothing throws into
// the host page; a failure is one clear console message.
import { TERSE_WASM_FILE, WASM_FILE, coreSource, loadCore } from './loader.js';
import { openEngine } from './core-engine.js';
import { createExplainer } from './explain.js';
import { MqliteError, createCleanups, createReporter, guard } from './errors.js';
import { environment, privacySignal, readOptions, resolveModel } from './options.js';
import { createSession } from './session.js';
import { createDelivery } from './delivery.js';
import { createSenderLock } from './tabs.js';
import { startAutotrack } from './autotrack.js';
import { KEYS } from './storage.js';

export { MqliteError };

const RESERVED_TRACK_NAMES = new Set(['identify', 'stage']);

/** Resolves to a tracker; rejects with an MqliteError for bad options, model or a blocked .wasm. */
export async function createTracker(options = {}) {
  return openTracker(options, (file) => loadCore(coreSource(options, file), file));
}

// createTracker with cores from `load(file)`: loadCore, or the script tag's loadCoreFrom. The
// terse core runs; the full one is loaded only to explain a refusal.
export async function openTracker(options, load) {
  const env = environment(options.env);
  const settings = readOptions(options, env);
  const model = await resolveModel(options.model, env);
  const core = await load(TERSE_WASM_FILE);
  const engine = await openEngine(core, model, createExplainer(() => load(WASM_FILE)));
  return startTracker({ env, settings, model, engine });
}

function currentPage(env) {
  return {
    url: env.window?.location?.href ?? '',
    title: env.document?.title ?? '',
    referrer: env.document?.referrer ?? '',
  };
}

function startTracker({ env, settings, model, engine }) {
  const reporter = createReporter(env.console, settings.debug);
  const safe = (fn, what, fallback) => guard(reporter, what, fn, fallback);
  const listeners = new Set();
  const { listen, onStop, stop: cleanUp } = createCleanups(safe);
  const privacyLocked = settings.respectDnt && privacySignal(env);
  let consent = settings.consent === 'granted';
  let destroyed = false;

  // The lease fallback lives in the same storage as the outbox. Blocked storage reads as empty
  // and takes no writes: no lease without storage, this tab sends.
  const localStorageCall = (method) => (...args) => {
    try { return env.localStorage()?.[method](...args) ?? null; } catch { return null; }
  };
  const leaseStorage = { get: localStorageCall('getItem'), set: localStorageCall('setItem'), remove: localStorageCall('removeItem') };

  const session = createSession({
    engine,
    model: { id: model.id, version: model.version },
    env,
    settings,
    reporter,
    page: () => currentPage(env),
    onTransition: (t) => announce(t),
  });
  const canSend = () => !destroyed && session.persistent && !privacyLocked && consent;
  const delivery = createDelivery({
    getOutbox: () => session.outbox,
    endpoint: settings.endpoint,
    fetchFn: env.fetch,
    navigatorLike: env.navigator,
    senderLock: createSenderLock({ locks: env.locks, storage: leaseStorage, now: env.clock.now, tabId: env.randomUUID() }),
    clock: env.clock,
    random: env.random,
    reporter,
    canSend,
  });


  function announce(transition) {
    reporter.log(`transition ${transition.from} → ${transition.to}`);
    for (const fn of [...listeners]) {
      try {
        fn({ ...transition });
      } catch (error) {
        reporter.errorOnce('listener', `mqlite: a transition listener threw: ${error?.message ?? error}`);
      }
    }
    const win = env.window;
    if (win && typeof win.dispatchEvent === 'function' && typeof win.CustomEvent === 'function') {
      win.dispatchEvent(new win.CustomEvent('mqlite:transition', { detail: { ...transition, anonymousId: session.anonymousId } }));
    }
  }

  function live(what) {
    if (destroyed) {
      reporter.warnOnce(`destroyed:${what}`, `mqlite: ${what}() called after destroy(); ignored`);
      return false;
    }
    return true;
  }

  // Internal events (listeners, timers) after destroy() are dropped silently.
  function record(event) {
    if (destroyed) return undefined;
    const stamped = { ...event, ts: env.clock.now() };
    if (stamped.url === undefined && event.type !== 'stage') stamped.url = env.window?.location?.href;
    const queuedBefore = session.queued;
    const result = session.ingest(stamped);
    // Only an event that queued a message starts a delivery; retries run on delivery's timer.
    if (session.queued !== queuedBefore && canSend()) delivery.drain();
    return result;
  }

  if (privacyLocked) reporter.log('Do Not Track / Global Privacy Control is on: memory only, nothing sent');
  else if (consent) session.goPersistent();

  const autotrack = settings.autotrack && env.window && env.document
    ? startAutotrack({ win: env.window, doc: env.document, clock: env.clock, record, spa: settings.spa, safe })
    : null;
  if (autotrack) onStop(() => autotrack.stop());
  listen(env.window, 'pagehide', () => {
    session.flush();
    delivery.beaconPending();
  });
  listen(env.document, 'visibilitychange', () => {
    if (env.document.visibilityState === 'hidden') session.flush();
  });
  listen(env.window, 'online', () => delivery.resumeOnline());
  listen(env.window, 'storage', (e) => {
    if (e.key === KEYS.outbox || e.key === null) delivery.schedule();
  });

  const withProps = (event, props) => (props ? { ...event, props } : event);
  // Each method is guarded; after destroy() it says so once and does nothing.
  const methods = {
    page: (props) => (autotrack ? autotrack.pageView(props) : record(withProps({ type: 'page_view', ...currentPage(env) }, props))),
    track(name, props) {
      if (typeof name !== 'string' || name === '') throw new MqliteError('mqlite: track(name, props): name must be a non-empty string');
      if (RESERVED_TRACK_NAMES.has(name)) throw new MqliteError(`mqlite: track("${name}"): use ${name === 'stage' ? 'setStage' : 'identify'}() instead`);
      return record(withProps({ type: name }, props));
    },
    identify(traits) {
      if (!traits || typeof traits !== 'object') throw new MqliteError('mqlite: identify(traits): traits must be an object');
      return record({ type: 'identify', traits });
    },
    setStage: (stage) => record({ type: 'stage', to: String(stage) }),
    setConsent(granted) {
      if (granted && privacyLocked) {
        reporter.warnOnce('dnt-consent', 'mqlite: consent ignored: Do Not Track / Global Privacy Control is on (memory only, nothing sent)');
        return;
      }
      consent = Boolean(granted);
      if (consent) {
        session.goPersistent();
        delivery.drain();
      } else {
        session.goMemory();
      }
    },
    state: () => ({
      anonymousId: session.anonymousId,
      ...engine.report(env.clock.now(), true),
      consent: privacyLocked ? 'denied' : consent ? 'granted' : 'required',
      persistent: session.persistent,
      pending: session.outbox.size(),
    }),
    explain: () => engine.report(env.clock.now()).explain,
  };
  const tracker = {};
  for (const [name, fn] of Object.entries(methods)) tracker[name] = safe((...args) => (live(name) ? fn(...args) : undefined), name);
  tracker.on = safe((name, fn) => {
    if (name !== 'transition') throw new MqliteError(`mqlite: on("${name}"): the only event is "transition"`);
    if (typeof fn !== 'function') throw new MqliteError('mqlite: on("transition", fn): fn must be a function');
    listeners.add(fn);
    return () => listeners.delete(fn);
  }, 'on', () => {});
  tracker.flush = safe(async () => {
    if (!live('flush')) return undefined;
    await delivery.drain();
    return { pending: session.outbox.size() };
  }, 'flush');
  tracker.forget = safe(() => {
    session.forget();
    reporter.log('forgot everything stored; new anonymousId');
  }, 'forget');
  tracker.destroy = safe(() => {
    if (destroyed) return;
    destroyed = true;
    session.flush();
    delivery.stop();
    cleanUp();
    listeners.clear();
    engine.dispose();
  }, 'destroy');

  if (autotrack) autotrack.pageView();
  if (canSend()) delivery.drain();
  return tracker;
}
