// Code bytes of a .wasm built with --profiling-funcs, grouped by part (nlohmann json, libc++, Embind,
// mqlite by namespace/class, libc/runtime): which parts of the core the download is made of.
function reader(bytes) {
  let pos = 0;
  const u32 = () => {
    let result = 0, shift = 0, byte;
    do { byte = bytes[pos++]; result += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return result;
  };
  const name = () => { const n = u32(); const s = new TextDecoder().decode(bytes.subarray(pos, pos + n)); pos += n; return s; };
  return { u32, name, get pos() { return pos; }, set pos(p) { pos = p; } };
}

function sections(bytes) {
  const r = reader(bytes);
  r.pos = 8;
  const list = [];
  while (r.pos < bytes.length) {
    const id = bytes[r.pos++];
    const size = r.u32();
    const start = r.pos;
    const entry = { id, start, size };
    if (id === 0) entry.name = r.name();
    list.push(entry);
    r.pos = start + size;
  }
  return list;
}

function importedFunctionCount(bytes, section) {
  const r = reader(bytes);
  r.pos = section.start;
  let count = 0;
  for (let n = r.u32(); n > 0; n--) {
    r.name(); r.name();
    const kind = bytes[r.pos++];
    if (kind === 0) { count++; r.u32(); }
    else if (kind === 1) { r.pos++; const flags = r.u32(); r.u32(); if (flags & 1) r.u32(); }
    else if (kind === 2) { const flags = r.u32(); r.u32(); if (flags & 1) r.u32(); }
    else if (kind === 3) { r.pos += 2; }
    else if (kind === 4) { r.pos++; r.u32(); }
  }
  return count;
}

function functionNames(bytes, section) {
  const r = reader(bytes);
  r.pos = section.start;
  r.name();
  const names = new Map();
  while (r.pos < section.start + section.size) {
    const kind = bytes[r.pos++];
    const size = r.u32();
    const end = r.pos + size;
    if (kind === 1) for (let n = r.u32(); n > 0; n--) { const index = r.u32(); names.set(index, r.name()); }
    r.pos = end;
  }
  return names;
}

// web/bindings.cpp's own functions (anonymous namespace): the free engine* functions Embind
// exports, the engine table, the C++ CoreEngine they hold, and the JSON helpers of the boundary.
// LTO inlines Engine::ingest/report/save into them: their bytes are mostly the core's.
const BINDINGS = /^\(anonymous namespace\)::(?:CoreEngine|engines?[A-Z]?\w*|validateModel|coreVersion|guarded(?:Or)?|dumpJson|errorJson|problemsJson|transitionJson)\b/;

// Classified by the function's own qualified name (before its argument list), so a mqlite function
// taking a json argument counts as mqlite; templates inlined into a caller count as the caller.
export function partOf(fullName) {
  const name = ownName(fullName);
  if (/emscripten|embind|EmVal|_EM_VAL|BindingType|^_embind/.test(name)) return 'Embind';
  if (BINDINGS.test(name)) return 'web/bindings.cpp (core inlined by LTO)';
  if (/^nlohmann::/.test(name)) return 'nlohmann::json';
  const mq = /^(?:\w+ )?mqlite::(?:\(anonymous namespace\)::)?([A-Za-z_]+)/.exec(name);
  if (mq) return `mqlite::${mq[1]}`;
  if (/nlohmann/.test(name)) return 'nlohmann::json';
  if (/std::|__cxx|__cxa|__gxx|__2::|^operator (new|delete)/.test(name)) return 'libc++ / libc++abi';
  return 'libc, malloc, runtime';
}

// "ret ns::f<T>(args) const" → "ns::f<T>": cut at the first '(' outside template brackets.
function ownName(name) {
  let depth = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '<') depth++;
    else if (c === '>') depth--;
    else if (c === '(' && depth === 0 && i > 0 && !name.startsWith('(anonymous', i)) return name.slice(0, i);
  }
  return name;
}

export function wasmSectionsByPart(bytes) {
  const list = sections(bytes);
  const imports = list.find((s) => s.id === 2);
  const code = list.find((s) => s.id === 10);
  const data = list.find((s) => s.id === 11);
  const nameSection = list.find((s) => s.id === 0 && s.name === 'name');
  if (!code || !nameSection) throw new Error('wasm-names: need a code section and a name section (link with --profiling-funcs)');
  const firstDefined = imports ? importedFunctionCount(bytes, imports) : 0;
  const names = functionNames(bytes, nameSection);
  const r = reader(bytes);
  r.pos = code.start;
  const byPart = new Map();
  const functions = [];
  for (let n = r.u32(), i = 0; i < n; i++) {
    const size = r.u32();
    const name = names.get(firstDefined + i) ?? `function ${firstDefined + i}`;
    functions.push({ name, bytes: size });
    const part = partOf(name);
    byPart.set(part, (byPart.get(part) ?? 0) + size);
    r.pos += size;
  }
  const mqliteTotal = [...byPart.entries()].filter(([p]) => p.startsWith('mqlite::')).reduce((sum, [, b]) => sum + b, 0);
  byPart.set('mqlite (all of the core)', mqliteTotal);
  const parts = [...byPart.entries()].map(([part, size]) => ({ part, bytes: size })).sort((a, b) => b.bytes - a.bytes);
  parts.push({ part: '(data section: strings, tables)', bytes: data ? data.size : 0 });
  functions.sort((a, b) => b.bytes - a.bytes);
  // Code that reads or writes JSON: nlohmann itself and every function with a json in its signature.
  const jsonFacingBytes = functions.filter((f) => /nlohmann/.test(f.name)).reduce((sum, f) => sum + f.bytes, 0);
  return { codeBytes: code.size, jsonFacingBytes, dataBytes: data ? data.size : 0, parts, largest: functions.slice(0, 25), functions };
}
