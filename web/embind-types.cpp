// Linked only with Embind's own JS side (MQLITE_WASM_EMBIND_LITE=OFF; web/embind-lite.js needs no
// type registration). Replaces Emscripten's system/lib/embind/bind.cpp (same symbols; web/wasm.cmake
// links Embind without libembind.a): Embind's builtin types, but only those web/bindings.cpp passes (void, bool,
// unsigned int = uint32_t, double, std::string). The stock file also registers every integer
// width, int64, float, std::wstring/u16string/u32string, emscripten::val and 18 memory_views:
// each registration pulls its JS converter into the glue and its type name into the wasm, and its
// __getTypeName pulls in sprintf. A binding over any other type throws an "unbound type" error
// when called: register the type here.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace emscripten::internal;

extern "C" {

// Registered from a global constructor, as the stock file does (which also exports it, for pthreads).
__attribute__((constructor)) void __embind_register_native_and_builtin_types() {
  static_assert(sizeof(unsigned int) == sizeof(uint32_t), "wasm32: uint32_t is unsigned int");
  _embind_register_void(TypeID<void>::get(), "void");
  _embind_register_bool(TypeID<bool>::get(), "bool", sizeof(bool), true, false);
  _embind_register_integer(TypeID<unsigned int>::get(), "unsigned int", sizeof(unsigned int), 0, UINT32_MAX);
  _embind_register_float(TypeID<double>::get(), "double", sizeof(double));
  // The name "std::string" makes Embind convert as UTF-8 (embind.js checks it).
  _embind_register_std_string(TypeID<std::string>::get(), "std::string");
}

// embind.js asks for a type's name only to report an unbound type: the type id in hex (the stock
// file, built without RTTI, prints "%p" with sprintf). JS frees the string.
EMSCRIPTEN_KEEPALIVE const char* __getTypeName(const void* type) {
  char* name = static_cast<char*>(std::malloc(11));
  if (!name) return nullptr;
  auto value = reinterpret_cast<uintptr_t>(type);
  name[0] = '0';
  name[1] = 'x';
  for (int i = 0; i < 8; ++i) name[2 + i] = "0123456789abcdef"[(value >> (28 - 4 * i)) & 15];
  name[10] = '\0';
  return name;
}

}  // extern "C"
