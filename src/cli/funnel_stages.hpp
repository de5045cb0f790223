// Stage names and order for the reports (SPEC §3). Kept here so the reports read transition logs
// from any producer without an engine.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mqlite::cli {

// Every stage in lifecycle order: the main path first, then the side exits.
const std::vector<std::string>& allStages();
// Known → Engaged → MQL → SAL → SQL → Opportunity → Customer.
bool onMainPath(const std::string& stage);
int stageOrder(const std::string& stage);
// Canonical name for `name` (ASCII case ignored), nullopt if it is not a stage.
std::optional<std::string> canonicalStage(std::string_view name);

}  // namespace mqlite::cli
