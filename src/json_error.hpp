// Internal to json.cpp: why JSON text is not valid ("not valid JSON: parse error at line 1,
// column 5: …", or an overflow with its byte). Called only after a parse failed.
#pragma once
#include <string>
#include <string_view>

#include "json.hpp"

namespace mqlite {

std::string describeJsonError(std::string_view text);

}  // namespace mqlite
