// Lifecycle stages and the manual transition table (SPEC §3).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mqlite {

enum class Stage { Anonymous, Known, Engaged, MQL, SAL, SQL, Opportunity, Customer, Lost, Recycled, Disqualified };

const char* stageName(Stage stage);
// Exact names as in SPEC §3; matching ignores ASCII case ("mql" → MQL).
std::optional<Stage> parseStage(std::string_view name);

// The moves a `stage` event may make from `from` (empty for Customer, Disqualified and the
// automatic stages).
std::vector<Stage> manualMoves(Stage from);

// Why `from → to` is refused, naming the stage and the allowed moves; empty when allowed.
std::string refuseManualMove(Stage from, Stage to);

struct Transition {
  Stage from;
  Stage to;
  double at;  // ms since the Unix epoch: the ts of the event that caused it
};

}  // namespace mqlite
