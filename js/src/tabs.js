// One sender among the tabs of a site (SPEC §6): a Web Lock held for one delivery pass; where Web
// Locks are missing, a lease in localStorage (owner + expiry) does the same job.
import { KEYS, readJson } from './storage.js';

export const LEASE_MS = 30_000;
const LOCK_NAME = 'mqlite:sender';

export function createSenderLock({ locks, storage, now, tabId, leaseMs = LEASE_MS }) {
  function takeLease() {
    const lease = readJson(storage, KEYS.lease, null);
    if (lease && lease.owner !== tabId && lease.until > now()) return false;
    storage.set(KEYS.lease, JSON.stringify({ owner: tabId, until: now() + leaseMs }));
    // Storage that cannot hold the lease cannot coordinate tabs either: this tab sends.
    const check = readJson(storage, KEYS.lease, null);
    return check === null || check.owner === tabId;
  }
  function dropLease() {
    if (readJson(storage, KEYS.lease, null)?.owner === tabId) storage.remove(KEYS.lease);
  }

  return {
    // Runs `pass` if no other tab is sending; resolves to false when another tab holds the lock.
    async trySend(pass) {
      if (locks?.request) {
        return locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
          if (!lock) return false;
          await pass();
          return true;
        });
      }
      if (!takeLease()) return false;
      try {
        await pass();
      } finally {
        dropLease();
      }
      return true;
    },
  };
}
