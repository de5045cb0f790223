// `mqlite`: the browser tracker (SPEC §7).
export { createTracker, MqliteError } from './tracker.js';
export { VERSION } from './version.js';
