// `mqlite/engine`: the scoring core in Node or a worker (no DOM). Same results as `mqlite replay`.

export type StageName =
  | 'Anonymous' | 'Known' | 'Engaged' | 'MQL' | 'SAL' | 'SQL' | 'Opportunity' | 'Customer' | 'Lost'
  | 'Recycled' | 'Disqualified';

/** SPEC §1. `ts` is ms since the Unix epoch. */
export interface MqliteEvent {
  type: string;
  ts: number;
  url?: string;
  title?: string;
  referrer?: string;
  props?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  to?: StageName | string;
}

export interface Transition {
  from: StageName;
  to: StageName;
  /** ms since the Unix epoch: the ts of the event that caused it */
  at: number;
}

export interface IngestResult {
  ok: boolean;
  /** Why the event was refused (nothing changed). */
  error?: string;
  /** Stages entered because of this event, in order. */
  entered: Transition[];
}

export interface Touch {
  source: string;
  medium: string;
  campaign: string | null;
  referrer: string | null;
  landingPage: string | null;
  ts: number;
}

export interface RecentEvent {
  type: string;
  ts: number;
  path: string | null;
  title: string | null;
}

/** The replay object of SPEC §5 (without `errors`). */
export interface Report {
  stage: StageName;
  score: { engagement: number; fit: number; total: number };
  grade: string | null;
  transitions: Transition[];
  explain: {
    engagement: Array<{ rule: string; points: number; awards: number }>;
    fit: Array<{ rule: string; points: number }>;
  };
  journey: {
    sessions: number;
    pageViews: number;
    firstTouch: Touch | null;
    lastTouch: Touch | null;
    phases: Array<{ name: string; at: number }>;
    /** Only with `state(now, {events: true})`. */
    events?: RecentEvent[];
  };
}

/** A problem in a model: where (JSON pointer) and what. */
export interface Problem {
  pointer: string;
  message: string;
}

/** The scoring model of SPEC §2, as an object or JSON text. */
export type Model = Record<string, unknown> | string;

export interface LoadOptions {
  /** The .wasm bytes (Node reads them itself). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /**
   * Where to fetch the core (default: beside the module): `mqlite-core.wasm` for `mqlite/engine`,
   * `mqlite-core-terse.wasm` (the same decisions, refusals without their reasons) for the tracker.
   */
  wasmUrl?: string;
  /** The full core's bytes, to explain a terse core's refusals (default: fetched, see fullWasmUrl). */
  fullWasmBinary?: ArrayBuffer | Uint8Array;
  /** Where the full core is, to explain a terse core's refusals (default: `mqlite-core.wasm` beside wasmUrl). */
  fullWasmUrl?: string;
}

export interface EngineOptions extends LoadOptions {
  /** A blob from `save()` to start from. */
  state?: string;
}

export interface Engine {
  /** Applies one event (object or JSON text). A refused event is `{ok: false, error}`, not a throw. */
  ingest(event: MqliteEvent | string): IngestResult;
  /** Scores at `now` (default: the last event's ts). */
  state(now?: number, options?: { events?: boolean }): Report;
  /** Versioned, checksummed saved state; holds no trait. */
  save(): string;
  /** Replaces the state; throws MqliteError (state kept) when the blob is refused. */
  restore(blob: string): void;
  /** Frees the WebAssembly memory of this engine. */
  dispose(): void;
}

export declare class MqliteError extends Error {
  /** For an invalid model: every problem found. */
  problems?: Problem[];
  /** The WebAssembly core itself failed. */
  fatal?: boolean;
  /**
   * For a refused saved state: the message with its reason. A terse core leaves the reason out of
   * `message`; this loads the full core to give it.
   */
  explain?(): Promise<string>;
}

/** Rejects with an MqliteError listing `problems` when the model is invalid. */
export declare function createEngine(model: Model, options?: EngineOptions): Promise<Engine>;
/** `[]` when the model is valid, else every problem (like `mqlite validate`). */
export declare function validateModel(model: Model, options?: LoadOptions): Promise<Problem[]>;
