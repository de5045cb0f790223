// The persistent outbox (SPEC §6): a message is written here before its first try and leaves on a
// 2xx or a drop. Every operation re-reads storage, so tabs sharing it stay consistent.
//
// Bound: MAX_MESSAGES messages and MAX_BYTES of JSON. Past it the oldest `transition` message goes
// first (each later message repeats all transitions so far, so little is lost); only when nothing
// but identify messages is left does the oldest identify go. Every drop is a console warning.
import { KEYS, readJson } from './storage.js';

export const MAX_MESSAGES = 200;
export const MAX_BYTES = 1_000_000;

const KINDS = new Set(['identify', 'transition']);
const isCount = (n) => Number.isSafeInteger(n) && n >= 0;

// An entry this code wrote: anything else in the key (another script, a bad extension, a
// corrupted profile) is ignored, never posted to the endpoint, and never makes a timer spin on
// a NaN due time. Its body is an object whose messageId is the entry's id.
export function isEntry(e) {
  return Boolean(e) && typeof e === 'object' && typeof e.id === 'string' && e.id !== '' && KINDS.has(e.kind) &&
    Boolean(e.body) && typeof e.body === 'object' && !Array.isArray(e.body) && e.body.messageId === e.id &&
    isCount(e.attempts) && Number.isFinite(e.nextAt);
}

export function createOutbox(storage, { reporter, maxMessages = MAX_MESSAGES, maxBytes = MAX_BYTES } = {}) {
  const read = () => {
    const list = readJson(storage, KEYS.outbox, []);
    return Array.isArray(list) ? list.filter(isEntry) : [];
  };
  const write = (list) => {
    if (list.length === 0) storage.remove(KEYS.outbox);
    else storage.set(KEYS.outbox, JSON.stringify(list));
  };

  function enforceBound(list) {
    const size = () => JSON.stringify(list).length;
    while (list.length > 1 && (list.length > maxMessages || size() > maxBytes)) {
      let victim = list.findIndex((e) => e.kind !== 'identify');
      if (victim < 0) victim = 0;
      const [dropped] = list.splice(victim, 1);
      reporter?.warn(
        `mqlite: outbox full (${maxMessages} messages / ${maxBytes} bytes): dropped the oldest ${dropped.kind} message ${dropped.id}`,
      );
    }
  }

  return {
    list: read,
    size: () => read().length,
    // Adds a message (deduplicated by id). Returns false when it was already there.
    add(id, kind, body, now) {
      const list = read();
      if (list.some((e) => e.id === id)) return false;
      list.push({ id, kind, body, attempts: 0, nextAt: now, createdAt: now });
      enforceBound(list);
      write(list);
      return true;
    },
    due(now) {
      return read().filter((e) => e.nextAt <= now);
    },
    nextDueAt() {
      const list = read();
      return list.length ? Math.min(...list.map((e) => e.nextAt)) : null;
    },
    update(id, patch) {
      const list = read();
      const entry = list.find((e) => e.id === id);
      if (!entry) return;
      Object.assign(entry, patch);
      write(list);
    },
    remove(id) {
      write(read().filter((e) => e.id !== id));
    },
  };
}
