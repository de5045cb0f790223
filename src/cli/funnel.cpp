// The funnel report: who reached which stage, how long they stayed, cohorts and groups.
#include "funnel.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "funnel_dates.hpp"
#include "funnel_stages.hpp"
#include "stats.hpp"

namespace mqlite::cli {
namespace {

struct StageAccumulator {
  size_t reached = 0, current = 0, negative = 0;
  std::vector<double> days;
};

std::set<std::string> stagesEntered(const FunnelLead& lead) {
  std::set<std::string> entered;
  for (const FunnelTransition& t : lead.transitions) entered.insert(t.to);
  return entered;
}

std::optional<double> firstEntry(const FunnelLead& lead, const std::string& stage) {
  for (const FunnelTransition& t : lead.transitions)
    if (t.to == stage) return t.at;
  return std::nullopt;
}

void addLead(GroupRow& row, const std::set<std::string>& entered) {
  ++row.leads;
  for (const std::string& stage : entered) ++row.reached[stage];
}

// Rows keyed by text, in the order `less` gives.
template <class Less>
std::vector<GroupRow> rowsOf(std::map<std::string, GroupRow>& byKey, Less less) {
  std::vector<GroupRow> rows;
  for (auto& [key, row] : byKey) rows.push_back(std::move(row));
  std::stable_sort(rows.begin(), rows.end(), less);
  return rows;
}

}  // namespace

FunnelReport buildFunnelReport(const std::vector<FunnelLead>& leads, CohortPeriod period,
                               const std::string& groupBy) {
  FunnelReport report;
  report.leads = leads.size();
  report.cohortBy = period == CohortPeriod::Week ? "week" : "month";
  report.groupBy = groupBy;
  std::map<std::string, StageAccumulator> acc;
  std::map<std::string, GroupRow> cohorts, groups;
  std::vector<std::set<std::string>> enteredByLead;

  for (const FunnelLead& lead : leads) {
    std::set<std::string> entered = stagesEntered(lead);
    for (const std::string& stage : entered) ++acc[stage].reached;
    const auto& ts = lead.transitions;
    if (!ts.empty()) ++acc[ts.back().to].current;
    for (size_t i = 0; i + 1 < ts.size(); ++i) {
      double days = (ts[i + 1].at - ts[i].at) / kMsPerDay;
      if (days < 0) ++acc[ts[i].to].negative;
      else acc[ts[i].to].days.push_back(days);
    }
    if (auto mql = firstEntry(lead, "MQL")) {
      std::string key = period == CohortPeriod::Week ? isoWeekKey(*mql) : monthKey(*mql);
      cohorts[key].key = key;
      addLead(cohorts[key], entered);
    }
    groups[lead.group].key = lead.group;
    addLead(groups[lead.group], entered);
    enteredByLead.push_back(std::move(entered));
  }

  for (const std::string& stage : allStages()) {
    auto it = acc.find(stage);
    if (it == acc.end()) continue;
    StageAccumulator& a = it->second;
    report.stages.push_back({stage, a.reached, a.current, a.days.size(), a.negative,
                             quantile(a.days, 0.5), quantile(a.days, 0.9)});
  }

  std::vector<std::string> path;
  for (const StageSummary& s : report.stages)
    if (onMainPath(s.stage)) path.push_back(s.stage);
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    FunnelStep step{path[i], path[i + 1]};
    for (const auto& entered : enteredByLead) {
      if (!entered.count(step.from)) continue;
      ++step.fromLeads;
      if (entered.count(step.to)) ++step.toLeads;
    }
    report.steps.push_back(step);
  }
  if (!path.empty()) {
    report.conversionFrom = std::find(path.begin(), path.end(), "MQL") != path.end() ? "MQL" : path.front();
    // Nobody past the starting stage yet: the headline still names the funnel's goal.
    report.conversionTo = path.back() == report.conversionFrom ? "Customer" : path.back();
  }

  report.cohorts = rowsOf(cohorts, [](const GroupRow& a, const GroupRow& b) { return a.key < b.key; });
  report.groups = rowsOf(groups, [](const GroupRow& a, const GroupRow& b) { return a.leads > b.leads; });
  return report;
}

}  // namespace mqlite::cli
