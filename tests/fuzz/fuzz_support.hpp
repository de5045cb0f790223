// Shared helpers of the fuzz targets: the fixed model they run against and the invariants every
// target checks. A broken invariant aborts with a message, which libFuzzer reports as a crash.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine.hpp"
#include "model.hpp"

namespace mqlite::fuzz {

// The example model of SPEC §2 (every rule kind, limits, decay, grades, lifecycle, phases).
extern const char* const kSpecModel;

// kSpecModel loaded once; aborts if it does not load (the harness itself would be broken).
ModelPtr specModel();

// Aborts with `what` when `condition` is false.
void check(bool condition, const char* what);

// The report must dump as strict JSON (valid UTF-8), parse back to the same value, and hold only
// finite numbers; score fields must be numbers.
void checkReport(const Engine& engine);

// Splits `data` into lines (without the '\n').
std::vector<std::string_view> splitLines(const uint8_t* data, size_t size);

}  // namespace mqlite::fuzz
