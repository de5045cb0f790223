// One visitor on one device: the core engine, what is kept at rest, and the messages its
// transitions cause. JS observes the core's decisions (IngestResult.entered) and delivers them.
//
// At rest (persistent mode only): the engine's saved blob (no traits), the anonymousId and the
// outbox. Traits live in memory and go out in the identify message.
// Tabs: before every event the stored blob is compared with the last one this tab read or wrote
// and restored when another tab changed it; the state is written back at the end of the task that
// changed it (at once for stage changes, identify and pagehide), so each event counts once.
import { KEYS, createStorage, memoryStorage } from './storage.js';
import { createOutbox } from './outbox.js';
import { buildMessage } from './messages.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// Events held in memory while consent is pending, replayed once it is granted.
const MAX_HELD_EVENTS = 1000;

export function createSession({ engine, model, env, settings, reporter, page, onTransition }) {
  let storage = memoryStorage();
  let outbox = createOutbox(storage, { reporter });
  let persistent = false;
  let lastBlob = null;
  let anonymousId = env.randomUUID();
  let traits = {};
  let held = [];
  let saveTimer = null;
  let queued = 0; // messages added to the outbox by this session, ever

  function loadStored() {
    const storedId = storage.get(KEYS.anonymousId);
    if (storedId && UUID.test(storedId)) anonymousId = storedId;
    else storage.set(KEYS.anonymousId, anonymousId);
    const blob = storage.get(KEYS.state);
    engine.reset();
    lastBlob = null;
    if (blob) restoreBlob(blob);
  }

  function restoreBlob(blob) {
    try {
      engine.restore(blob);
    } catch (error) {
      engine.reset();
      // The reason may need the full core (a terse one leaves it out): said when it is known.
      const said = error.explain ? error.explain() : Promise.resolve(error.message);
      said.then((message) => reporter.warnOnce('restore', `${message}; starting afresh`));
    }
    lastBlob = blob;
  }

  // Another tab may have moved the state on since we last looked. While a save of ours is
  // pending, this tab is ahead of storage and its state is the one to keep.
  function syncFromStorage() {
    if (!persistent || saveTimer !== null) return;
    const blob = storage.get(KEYS.state);
    if (blob && blob !== lastBlob) restoreBlob(blob);
  }

  function saveState() {
    if (saveTimer !== null) env.clock.clearTimeout(saveTimer);
    saveTimer = null;
    if (!persistent) return;
    lastBlob = engine.save();
    storage.set(KEYS.state, lastBlob);
  }

  // Serializing the state costs several ingests. An event that changes no stage is saved with
  // the others of the same task, at its end; pagehide and hiding the tab save at once (flush).
  function saveSoon() {
    if (persistent && saveTimer === null) saveTimer = env.clock.setTimeout(saveState, 0);
  }

  function enqueue(kind, event, transition) {
    const messageId = env.randomUUID();
    const report = engine.report(event.ts, true);
    const body = buildMessage(settings.format, {
      kind, messageId, anonymousId, eventTs: event.ts, traits, transition, report, model, page: page(),
    });
    outbox.add(messageId, kind, body, env.clock.now());
    queued += 1;
    reporter.log(`queued ${kind} message ${messageId}`);
  }

  // SPEC §6: an identify of a known person → one identify message; any other transition of a
  // known person → one transition message each. Anonymous → nothing.
  function queueMessages(event, entered) {
    if (event.type === 'identify') {
      if (engine.stage() !== 'Anonymous') enqueue('identify', event);
      return;
    }
    for (const t of entered) if (t.from !== 'Anonymous') enqueue('transition', event, t);
  }

  // Applies one stamped event → the core's IngestResult. `replaying`: no listener calls.
  function ingest(event, { replaying = false } = {}) {
    syncFromStorage();
    const result = engine.ingest(event);
    if (!result.ok) {
      reporter.warn(`mqlite: ${event.type} event refused: ${result.error}`);
      return result;
    }
    if (event.type === 'identify') traits = { ...traits, ...event.traits };
    if (persistent) {
      if (result.entered.length || event.type === 'identify') saveState();
      else saveSoon();
      queueMessages(event, result.entered);
    } else if (held.length < MAX_HELD_EVENTS) {
      held.push(event);
    }
    if (!replaying) for (const t of result.entered) onTransition(t);
    return result;
  }

  return {
    ingest,
    // Saves now what waits for the end of the task. Nothing pending: nothing written, since the
    // stored state may be another tab's newer one.
    flush() {
      if (saveTimer !== null) saveState();
    },
    get anonymousId() {
      return anonymousId;
    },
    get persistent() {
      return persistent;
    },
    get outbox() {
      return outbox;
    },
    // Grows with each message queued: the tracker starts a delivery when an event moved it.
    get queued() {
      return queued;
    },
    // Consent given (and no DNT/GPC): move to localStorage, replay what happened in memory.
    goPersistent() {
      if (persistent) return;
      storage = createStorage(env.localStorage, reporter);
      outbox = createOutbox(storage, { reporter });
      persistent = true;
      loadStored();
      const replay = held;
      held = [];
      for (const event of replay) ingest(event, { replaying: true });
      if (!lastBlob) saveState();
    },
    // Consent withdrawn: erase what is stored, go on in memory.
    goMemory() {
      if (persistent) for (const key of Object.values(KEYS)) storage.remove(key);
      storage = memoryStorage();
      outbox = createOutbox(storage, { reporter });
      persistent = false;
      held = [];
      lastBlob = null;
    },
    // forget(): erase everything stored, fresh person, new anonymousId.
    forget() {
      for (const key of Object.values(KEYS)) storage.remove(key);
      engine.reset();
      traits = {};
      held = [];
      lastBlob = null;
      anonymousId = env.randomUUID();
      if (persistent) {
        storage.set(KEYS.anonymousId, anonymousId);
        saveState();
      }
    },
  };
}
