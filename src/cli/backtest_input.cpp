// `mqlite backtest` input: JSONL journeys.
#include "backtest.hpp"

namespace mqlite::cli {
namespace {

// One journey line; false with `error` when it cannot be used.
bool readJourney(const json& j, BacktestLead& lead, std::string& error) {
  if (!j.is_object()) return error = "expected a JSON object {id, events, converted}", false;
  auto id = j.find("id");
  if (id != j.end() && id->is_string()) lead.id = id->get<std::string>();
  else if (id != j.end() && id->is_number_integer()) lead.id = id->dump();
  auto converted = j.find("converted");
  if (converted == j.end() || !converted->is_boolean())
    return error = "\"converted\" must be true or false", false;
  lead.converted = converted->get<bool>();
  auto events = j.find("events");
  if (events == j.end() || !events->is_array()) return error = "\"events\" must be an array", false;
  for (size_t i = 0; i < events->size(); ++i) {
    std::string why;
    std::optional<Event> event = eventFromJson((*events)[i], &why);
    if (!event) return error = "events[" + std::to_string(i) + "]: " + why, false;
    lead.events.push_back(std::move(*event));
  }
  return true;
}

}  // namespace

BacktestInput readJourneys(std::string_view text) {
  BacktestInput input;
  size_t number = 0, start = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") start = 3;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    std::string error;
    json j = parseJson(line, &error);
    BacktestLead lead;
    lead.line = number;
    if (!j.is_discarded() && readJourney(j, lead, error)) {
      if (lead.id.empty()) lead.id = "line " + std::to_string(number);
      input.leads.push_back(std::move(lead));
    } else {
      input.problems.push_back({number, error});
    }
  }
  return input;
}

}  // namespace mqlite::cli
