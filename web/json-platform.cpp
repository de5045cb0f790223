// The browser build's JSON reading (src/json.hpp, parsePlatformJson): the platform's JSON.parse
// with the core's rules (web/json-platform.js), its value sent back as a tape and made a Json here.
// The full core still describes an error with its own parser; the terse core has no parser at all.
#include <cstdint>
#include <cstring>
#include <new>
#include <string>

#include "json.hpp"

extern "C" {
size_t mqliteJsonTape(const char* text, size_t size);
void mqliteJsonTapeCopy(char* to);
}

namespace mqlite {

class JsonTapeReader {
 public:
  explicit JsonTapeReader(const char* at) : at_(at) {}

  void value(Json& out) {
    const char tag = *at_++;
    if (tag == 0) return;  // null: `out` is one already
    if (tag <= 2) {
      out.type_ = Json::Type::Bool;
      out.bool_ = tag == 1;
    } else if (tag == 3) {
      out.type_ = Json::Type::Number;
      std::memcpy(&out.number_, at_, sizeof(double));
      at_ += sizeof(double);
    } else if (tag == 4) {
      out.become(Json::Type::String);
      string(out.string_);
    } else {
      const bool isObject = tag == 6;
      out.become(isObject ? Json::Type::Object : Json::Type::Array);
      // The tape gives the count first: one block of values (an object's as key, value…) made at
      // once, each filled in place (no growth code: Json::append is then not in the wasm).
      const size_t values = size_t{u32()} << isObject;
      Json::Elements& items = out.items_;
      items = {static_cast<Json*>(::operator new(values * sizeof(Json))), 0, values};
      while (items.size < values) {
        Json& next = *new (&items[items.size++]) Json();
        if (isObject && items.size % 2) {  // an object's key: at an even index
          next.become(Json::Type::String);
          string(next.string_);
        } else {
          value(next);
        }
      }
      if (isObject) Json::sortMembers(out);
    }
  }

 private:
  uint32_t u32() {
    uint32_t n;
    std::memcpy(&n, at_, sizeof n);
    at_ += sizeof n;
    return n;
  }
  void string(std::string& out) {
    const uint32_t size = u32();
    out.assign(at_, size);
    at_ += size;
  }

  const char* at_;
};

bool parsePlatformJson(std::string_view text, Json& out) {
  const size_t size = mqliteJsonTape(text.data(), text.size());
  if (size == 0) return false;
  std::string tape(size, '\0');
  mqliteJsonTapeCopy(tape.data());
  JsonTapeReader(tape.data()).value(out);
  return true;
}

}  // namespace mqlite
