// The persistent outbox (SPEC §6): a message is written here before its first try and leaves on a
// 2xx or a drop. Every operation re-reads storage, so tabs sharing it stay consistent.
//
// Bound: MAX_MESSAGES messages and MAX_BYTES of JSON. Past it the oldest `transition` message goes
// first (each later message repeats all transitions so far, so little is lost); only when nothing
// but identify messages is left does the oldest identify go. Every drop is a console warning.
//
// Cost: the stored text is parsed again only when it changed since this tab last read or wrote it,
// and an add appends its entry to that text, so queueing a message costs its own size, not the
// outbox's (an outbox that grows while the endpoint is down stays cheap to add to).
import { KEYS } from './storage.js';

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

function parseEntries(text) {
  try {
    const list = JSON.parse(text);
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

export function createOutbox(storage, { reporter, maxMessages = MAX_MESSAGES, maxBytes = MAX_BYTES } = {}) {
  // What this tab last read or wrote: the stored text, its entries, and whether the text is
  // exactly JSON.stringify(entries) (false when invalid entries were filtered out of it).
  // Entries are never changed in place, so the list can be handed out as a copy of the array.
  let seen = { text: null, list: [], exact: true };

  function read() {
    const text = storage.get(KEYS.outbox);
    if (text !== seen.text) {
      const parsed = text === null ? [] : parseEntries(text);
      const list = parsed.filter(isEntry);
      // Appending to the text needs it to end in the array's "]" (not, say, in white space).
      seen = { text, list, exact: list.length === parsed.length && /\]$/.test(text ?? '') };
    }
    return seen.list.slice();
  }

  function write(list, text = list.length ? JSON.stringify(list) : null) {
    if (text === null) storage.remove(KEYS.outbox);
    else storage.set(KEYS.outbox, text);
    seen = { text, list, exact: true };
  }

  // Drops the oldest messages past the bound; returns the text of what is left.
  function enforceBound(list, text) {
    while (list.length > 1 && (list.length > maxMessages || text.length > maxBytes)) {
      let victim = list.findIndex((e) => e.kind !== 'identify');
      if (victim < 0) victim = 0;
      const [dropped] = list.splice(victim, 1);
      reporter?.warn(
        `mqlite: outbox full (${maxMessages} messages / ${maxBytes} bytes): dropped the oldest ${dropped.kind} message ${dropped.id}`,
      );
      text = JSON.stringify(list);
    }
    return text;
  }

  return {
    list: read,
    size: () => read().length,
    // Adds a message (deduplicated by id). Returns false when it was already there.
    add(id, kind, body, now) {
      const list = read();
      if (list.some((e) => e.id === id)) return false;
      const entry = { id, kind, body, attempts: 0, nextAt: now, createdAt: now };
      const entryText = JSON.stringify(entry);
      const text = list.length && seen.exact ? `${seen.text.slice(0, -1)},${entryText}]` : null;
      list.push(entry);
      write(list, enforceBound(list, text ?? JSON.stringify(list)));
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
      const index = list.findIndex((e) => e.id === id);
      if (index < 0) return;
      list[index] = { ...list[index], ...patch };
      write(list);
    },
    remove(id) {
      const list = read();
      const kept = list.filter((e) => e.id !== id);
      if (kept.length !== list.length) write(kept);
    },
  };
}
