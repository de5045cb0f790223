// A terse build (MQLITE_TERSE: the browser's core, web/wasm.cmake) runs every check of the full
// one and reaches the same decisions, but leaves the words out: a refused model, saved state or
// JSON text is reported without its message or pointer, which are a tenth of the download. The
// page fetches the full core only when there is a refusal to explain (js/src/explain.js). Events
// keep their messages: ingest() answers with them at once.
#pragma once

namespace mqlite {

#ifdef MQLITE_TERSE
inline constexpr bool kTerse = true;
#else
inline constexpr bool kTerse = false;
#endif

// A message only the full build shows (a model problem): a terse build never reads it, and keeps
// no bytes of it (null).
constexpr const char* fullOnly(const char* message) { return kTerse ? nullptr : message; }

// What a terse build says instead of the reason for a refusal.
inline constexpr const char* kTerseReason = "no reason given (terse core)";

}  // namespace mqlite
