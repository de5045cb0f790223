// Key-value storage for what mqlite keeps at rest (state blob, anonymousId, outbox): localStorage,
// or memory when it is missing, blocked (privacy settings throw on access) or full. A write that
// fails switches that storage to memory for the rest of the page, with one console warning.

export const KEYS = {
  state: 'mqlite:state',
  anonymousId: 'mqlite:anonymousId',
  outbox: 'mqlite:outbox',
  lease: 'mqlite:sender',
};

export function memoryStorage() {
  const map = new Map();
  return {
    get: (key) => (map.has(key) ? map.get(key) : null),
    set: (key, value) => void map.set(key, String(value)),
    remove: (key) => void map.delete(key),
  };
}

function probe(backing) {
  const key = 'mqlite:probe';
  backing.setItem(key, '1');
  backing.removeItem(key);
}

// `getBacking` returns window.localStorage (or a fake); it may throw (blocked storage).
export function createStorage(getBacking, reporter) {
  let backing = null;
  try {
    backing = getBacking();
    if (backing) probe(backing);
  } catch {
    backing = null;
  }
  if (!backing) {
    reporter?.warnOnce('storage', 'mqlite: localStorage is not available; state is kept in memory for this page only');
    return memoryStorage();
  }
  const memory = memoryStorage();
  let failed = false;
  const fallBack = () => {
    if (!failed) reporter?.warnOnce('storage-full', 'mqlite: localStorage refused a write (full or blocked); continuing in memory');
    failed = true;
  };
  return {
    get(key) {
      if (failed) return memory.get(key);
      try {
        return backing.getItem(key);
      } catch {
        return memory.get(key);
      }
    },
    set(key, value) {
      if (!failed) {
        try {
          backing.setItem(key, String(value));
          return;
        } catch {
          // Carry what is stored into memory, then keep going there.
          for (const k of Object.values(KEYS)) {
            try {
              const v = backing.getItem(k);
              if (v !== null) memory.set(k, v);
            } catch {
              /* unreadable: nothing to carry */
            }
          }
          fallBack();
        }
      }
      memory.set(key, value);
    },
    remove(key) {
      memory.remove(key);
      try {
        backing.removeItem(key);
      } catch {
        /* nothing to remove */
      }
    },
  };
}

export function readJson(storage, key, fallback) {
  const text = storage.get(key);
  if (text == null) return fallback;
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}
