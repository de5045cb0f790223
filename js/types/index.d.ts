// `mqlite`: the browser tracker (SPEC §7).
import type { LoadOptions, MqliteEvent, Model, Report, StageName, Transition } from './engine.js';

export type { IngestResult, MqliteEvent, Model, Problem, Report, StageName, Transition } from './engine.js';
export { MqliteError } from './engine.js';

export declare const VERSION: string;

export interface TrackerOptions extends LoadOptions {
  /** Where messages are posted: https:, or http: on localhost / 127.0.0.1 only. */
  endpoint: string;
  /** The model: an object, JSON text, a URL, or `#id` of an inline `<script type="application/json">`. */
  model: Model;
  /** `required`: memory only and nothing sent until `setConsent(true)`. Default `granted`. */
  consent?: 'granted' | 'required';
  /** With Do Not Track or Global Privacy Control on: memory only, nothing sent. Default true. */
  respectDnt?: boolean;
  /** page_view on pushState / popstate URL changes. Default true. */
  spa?: boolean;
  /** Message format. Default `mqlite`. */
  format?: 'mqlite' | 'segment';
  /** Log decisions to the console. Default false. */
  debug?: boolean;
  /** Automatic page views, clicks, downloads, scroll, engaged time and forms. Default true. */
  autotrack?: boolean;
}

export interface IngestOutcome {
  ok: boolean;
  error?: string;
  entered: Transition[];
}

export interface TrackerState extends Report {
  anonymousId: string;
  consent: 'granted' | 'required' | 'denied';
  /** Whether state is kept in localStorage (false: memory only). */
  persistent: boolean;
  /** Messages waiting in the outbox. */
  pending: number;
}

export interface Tracker {
  page(props?: Record<string, unknown>): IngestOutcome | undefined;
  track(name: string, props?: Record<string, unknown>): IngestOutcome | undefined;
  identify(traits: Record<string, unknown>): IngestOutcome | undefined;
  setStage(stage: StageName): IngestOutcome | undefined;
  setConsent(granted: boolean): void;
  state(): TrackerState | undefined;
  explain(): Report['explain'] | undefined;
  /** Returns a function that removes the listener. */
  on(event: 'transition', listener: (transition: Transition) => void): () => void;
  /** Sends what is due now; resolves with what is still pending. */
  flush(): Promise<{ pending: number } | undefined>;
  /** Erases everything stored; the visitor becomes a new anonymous person. */
  forget(): void;
  destroy(): void;
}

/** Rejects with an MqliteError for bad options, an invalid model or a .wasm that cannot load. */
export declare function createTracker(options: TrackerOptions): Promise<Tracker>;

declare global {
  interface WindowEventMap {
    'mqlite:transition': CustomEvent<Transition & { anonymousId: string }>;
  }
}

export type { MqliteEvent as Event };
