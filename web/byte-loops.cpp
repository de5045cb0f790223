// strlen and memchr for the wasm build, as byte loops. musl's word-at-a-time versions are 127 and
// ~190 bytes of code; the core runs them over short literals, messages and URLs, where the loops
// are as fast.
#include <cstddef>

extern "C" std::size_t strlen(const char* text) {
  const char* end = text;
  while (*end) ++end;
  return static_cast<std::size_t>(end - text);
}

extern "C" void* memchr(const void* bytes, int value, std::size_t count) {
  auto* at = static_cast<const unsigned char*>(bytes);
  for (; count; --count, ++at)
    if (*at == static_cast<unsigned char>(value)) return const_cast<unsigned char*>(at);
  return nullptr;
}
