// Terminal output for the review reports: aligned plain-text tables and number formatting shared
// by the table, JSON and HTML outputs.
#pragma once
#include <string>
#include <vector>

#include "json.hpp"

namespace mqlite::cli {

using TextRow = std::vector<std::string>;

// A table with a header rule; columns whose cells all look numeric are right-aligned. Width is
// counted in code points so UTF-8 labels line up.
std::string textTable(const TextRow& header, const std::vector<TextRow>& rows);

// "12.3%" (one decimal), "–" for NaN.
std::string percent(double fraction);
// Shortest of fixed notation with up to `decimals` decimals ("3", "2.5"), "–" for NaN.
std::string number(double value, int decimals = 2);
// A number for JSON output: null for NaN/inf, else rounded to 6 decimals.
mqlite::json jsonNumber(double value);

}  // namespace mqlite::cli
