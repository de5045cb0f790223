// Inputs for the wasm checks (check-wasm-nothrow.mjs, compare-cores.mjs): byte mutations of corpus
// texts, and saved-state payloads sealed as the engine seals them.

// mutate(text): 1–4 random bytes replaced (a seeded LCG, its high bits: the low ones cycle). Embind
// takes a JS string as UTF-8, so raw bytes arrive as latin1 code points; invalid UTF-8 cannot be
// fed directly, and the replaced bytes bring such characters in.
export function byteMutator(seed = 12345) {
  const rand = (n) => { seed = (seed * 1103515245 + 12345) >>> 0; return (seed >>> 16) % n; };
  return (text) => {
    const out = Buffer.from(text, 'utf8');
    for (let k = 0, n = 1 + rand(4); k < n && out.length; k++) out[rand(out.length)] = rand(256);
    return out.toString('utf8');
  };
}

// mq1.<FNV-1a 64 of the payload's bytes>.<payload>, as Engine::save() writes a saved state.
export function seal(payload) {
  let h = 14695981039346656037n;
  for (const c of Buffer.from(payload, 'utf8')) h = ((h ^ BigInt(c)) * 1099511628211n) & 0xffffffffffffffffn;
  return `mq1.${h.toString(16).padStart(16, '0')}.${payload}`;
}
