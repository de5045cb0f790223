// `mqlite/engine` under Node: reads the .wasm with fs (the glue's own loading breaks on Node's
// global fetch) and passes the bytes.
import { readFile } from 'node:fs/promises';
import * as shared from './engine.js';
import { WASM_FILE } from './loader.js';

export const { MqliteError } = shared;

let bytes;
async function withBinary(options) {
  if (options.wasmBinary || options.wasmUrl) return options;
  bytes ??= readFile(new URL(WASM_FILE, import.meta.url));
  return { ...options, wasmBinary: await bytes };
}

export async function createEngine(model, options = {}) {
  return shared.createEngine(model, await withBinary(options));
}

export async function validateModel(model, options = {}) {
  return shared.validateModel(model, await withBinary(options));
}
