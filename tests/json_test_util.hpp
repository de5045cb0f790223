// JSON edits the tests make to documents (the core's Json has no use for them).
#pragma once
#include <string>
#include <string_view>

#include "json.hpp"

namespace mqlite::testing {

// RFC 7386 merge patch: objects merge, null removes a key, anything else replaces.
inline void mergePatch(Json& target, const Json& patch) {
  if (!patch.is_object()) {
    target = patch;
    return;
  }
  if (!target.is_object()) target = Json::object();
  for (const auto& item : patch.items()) {
    if (item.value().is_null()) target.erase(item.key());
    else mergePatch(target[item.key()], item.value());
  }
}

// The value at an RFC 6901 pointer ("/a/0/b"), created (as null) when missing; numbers index arrays.
inline Json& atPointer(Json& doc, std::string_view pointer) {
  Json* node = &doc;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);
    const size_t slash = pointer.find('/');
    const std::string token(pointer.substr(0, slash));
    pointer = slash == std::string_view::npos ? std::string_view() : pointer.substr(slash);
    if (node->is_array()) {
      const size_t index = std::stoul(token);
      while (node->size() <= index) node->push_back(nullptr);
      node = &(*node)[index];
    } else {
      node = &(*node)[token];
    }
  }
  return *node;
}

}  // namespace mqlite::testing
