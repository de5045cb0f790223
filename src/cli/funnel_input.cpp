// Reading transition logs for `mqlite funnel`.
#include <cmath>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "funnel.hpp"
#include "funnel_dates.hpp"
#include "funnel_stages.hpp"

namespace mqlite::cli {
namespace {

std::optional<double> timeOf(const json& at) {
  if (at.is_number()) {
    double ms = at.get<double>();
    if (std::isfinite(ms)) return ms;
  } else if (at.is_string()) {
    return parseIsoTime(at.get<std::string>());
  }
  return std::nullopt;
}

// The transitions of one line; false with `error` when any is malformed.
bool readTransitions(const json& list, std::vector<FunnelTransition>& out, std::string& error) {
  if (!list.is_array()) return error = "\"transitions\" must be an array", false;
  for (size_t i = 0; i < list.size(); ++i) {
    const json& t = list[i];
    std::string where = "transitions[" + std::to_string(i) + "]";
    if (!t.is_object()) return error = where + " must be an object {from, to, at}", false;
    FunnelTransition tr;
    for (const char* key : {"from", "to"}) {
      auto it = t.find(key);
      std::optional<std::string> stage;
      if (it != t.end() && it->is_string()) stage = canonicalStage(it->get<std::string>());
      if (!stage) return error = where + "." + key + " must name a stage (SPEC §3)", false;
      (std::string(key) == "from" ? tr.from : tr.to) = *stage;
    }
    auto at = t.find("at");
    std::optional<double> ms = at == t.end() ? std::nullopt : timeOf(*at);
    if (!ms) return error = where + ".at must be ms since the epoch or an ISO 8601 date", false;
    tr.at = *ms;
    out.push_back(std::move(tr));
  }
  return true;
}

std::string groupOf(const json& line, const std::string& path) {
  const json* node = &line;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!node->is_object() || !node->contains(key)) return "(none)";
    node = &(*node)[key];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (node->is_string()) return node->get<std::string>().empty() ? "(none)" : node->get<std::string>();
  if (node->is_number() || node->is_boolean()) return node->dump();
  return "(none)";
}

// What a line contributes, and how it ranks against other lines of the same person.
struct Candidate {
  FunnelLead lead;
  double rank = 0;  // message timestamp (ms); -inf for mapped lines
};

class Reader {
 public:
  explicit Reader(const std::string& byField) : byField_(byField) {}

  void line(size_t number, std::string_view text) {
    ++input_.lines;
    std::string error;
    json j = parseJson(text, &error);
    if (j.is_discarded()) return problem(number, error);
    if (!j.is_object()) return problem(number, "expected a JSON object");
    // The demo collector's file wraps each message as {"receivedAt", "message"}.
    if (j.contains("message") && j["message"].is_object() && !j.contains("anonymousId")) {
      json inner = std::move(j["message"]);
      j = std::move(inner);
    }
    bool message = j.contains("anonymousId");
    if (message && !acceptMessage(number, j)) return;
    if (!message && !(j.contains("id") && j.contains("transitions")))
      return problem(number, "neither an endpoint message (anonymousId, transitions) nor a "
                             "mapped lead (id, transitions)");
    Candidate c;
    const json& id = j[message ? "anonymousId" : "id"];
    if (!(id.is_string() && !id.get<std::string>().empty()) && !id.is_number_integer())
      return problem(number, std::string(message ? "anonymousId" : "id") + " must be a non-empty string");
    c.lead.id = id.is_string() ? id.get<std::string>() : id.dump();
    if (!readTransitions(j["transitions"], c.lead.transitions, error)) return problem(number, error);
    c.lead.group = groupOf(j, byField_.empty() ? (message ? "journey.firstTouch.source" : "origin")
                                               : byField_);
    c.rank = message ? rankOf(j) : -INFINITY;
    if (message) ++input_.messages;
    keep(std::move(c));
  }

  FunnelInput finish() {
    for (Candidate& c : people_) input_.leads.push_back(std::move(c.lead));
    return std::move(input_);
  }

 private:
  bool acceptMessage(size_t number, const json& j) {
    auto id = j.find("messageId");
    if (id == j.end() || !id->is_string() || id->get<std::string>().empty())
      return problem(number, "message without a messageId"), false;
    if (!j.contains("transitions"))
      return problem(number, "message without \"transitions\""), false;
    if (!seenMessages_.insert(id->get<std::string>()).second) {
      ++input_.duplicateMessages;
      return false;
    }
    return true;
  }

  static double rankOf(const json& message) {
    auto ts = message.find("timestamp");
    std::optional<double> ms;
    if (ts != message.end()) ms = timeOf(*ts);
    return ms ? *ms : -INFINITY;
  }

  // Later message wins; on equal time, the longer list (a list only grows).
  void keep(Candidate c) {
    auto [it, fresh] = index_.emplace(c.lead.id, people_.size());
    if (fresh) return people_.push_back(std::move(c));
    Candidate& old = people_[it->second];
    bool newer = c.rank > old.rank ||
                 (c.rank == old.rank && c.lead.transitions.size() >= old.lead.transitions.size());
    if (newer) old = std::move(c);
  }

  void problem(size_t number, std::string message) {
    input_.problems.push_back({number, std::move(message)});
  }

  std::string byField_;
  FunnelInput input_;
  std::vector<Candidate> people_;
  std::unordered_map<std::string, size_t> index_;
  std::unordered_set<std::string> seenMessages_;
};

}  // namespace

FunnelInput readFunnelInput(std::string_view text, const std::string& byField) {
  Reader reader(byField);
  size_t number = 0, start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos) reader.line(number, line);
    start = end + 1;
  }
  return reader.finish();
}

}  // namespace mqlite::cli
