// Calendar arithmetic for funnel cohorts and CRM exports: UTC only, proleptic Gregorian.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace mqlite::cli {

inline constexpr double kMsPerDay = 86400000.0;

// "YYYY-MM-DD", optionally followed by "T" or a space and "HH:MM[:SS[.fff…]]", optionally "Z" or
// "±HH:MM" (no zone means UTC). Returns ms since the Unix epoch, or nullopt if malformed.
std::optional<double> parseIsoTime(std::string_view text);

// "2018-02-01T00:00:00Z" (milliseconds shown only when not zero).
std::string formatIsoTime(double ms);
// "2018-02" for the month holding `ms`.
std::string monthKey(double ms);
// ISO 8601 week holding `ms`: "2018-W05" (weeks start on Monday; week 1 holds the first Thursday).
std::string isoWeekKey(double ms);

}  // namespace mqlite::cli
