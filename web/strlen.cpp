// strlen for the wasm build: a byte loop. musl's word-at-a-time strlen is 127 bytes of code; the
// core measures only short literals and messages with it, where the loop is as fast.
#include <cstddef>

extern "C" std::size_t strlen(const char* text) {
  const char* end = text;
  while (*end) ++end;
  return static_cast<std::size_t>(end - text);
}
