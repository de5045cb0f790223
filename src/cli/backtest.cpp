// `mqlite backtest`: scoring every lead with the engine, then the metrics.
#include "backtest.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine.hpp"
#include "report_io.hpp"

namespace mqlite::cli {
namespace {

constexpr double kNever = -std::numeric_limits<double>::infinity();

bool meetsMqlFit(const Model& model, double fit) { return !model.mqlFit || fit >= *model.mqlFit; }

// Which rules (by model order) appear in the engine's explanation.
std::vector<bool> rulesIn(const json& explain, const std::vector<std::string>& ids) {
  std::vector<bool> present(ids.size(), false);
  for (const json& entry : explain) {
    auto it = std::find(ids.begin(), ids.end(), entry.value("rule", ""));
    if (it != ids.end()) present[size_t(it - ids.begin())] = true;
  }
  return present;
}

ScoredLead scoreOne(const Model& model, const ModelPtr& shared,
                    const BacktestLead& lead, const std::vector<std::string>& engagementIds,
                    const std::vector<std::string>& fitIds, std::vector<LineProblem>& problems) {
  Engine engine(shared);
  ScoredLead s;
  s.converted = lead.converted;
  s.qualifyingEngagement = kNever;
  for (size_t i = 0; i < lead.events.size(); ++i) {
    IngestResult r = engine.ingest(lead.events[i]);
    if (!r.ok) problems.push_back({lead.line, "lead " + lead.id + ", event " + std::to_string(i) + ": " + r.error});
    for (const Transition& t : r.entered)
      if (t.to == Stage::MQL) s.mql = true;
    Score now = engine.score(lead.events[i].ts);
    if (engine.stage() != Stage::Anonymous && meetsMqlFit(model, now.fit))
      s.qualifyingEngagement = std::max(s.qualifyingEngagement, now.engagement);
  }
  json report = engine.report();
  s.engagement = report["score"]["engagement"].get<double>();
  s.fit = report["score"]["fit"].get<double>();
  s.total = report["score"]["total"].get<double>();
  s.grade = report["grade"].is_string() ? report["grade"].get<std::string>() : "(none)";
  s.engagementRules = rulesIn(report["explain"]["engagement"], engagementIds);
  s.fitRules = rulesIn(report["explain"]["fit"], fitIds);
  return s;
}

double rate(size_t num, size_t den) { return den ? double(num) / double(den) : NAN; }

// Deciles of the total score, highest first; tied scores stay in one band, so a band can hold
// more (or fewer) than a tenth of the leads.
std::vector<Band> scoreBands(const std::vector<ScoredLead>& scored) {
  std::vector<size_t> order(scored.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scored[a].total > scored[b].total; });
  std::vector<Band> bands;
  size_t n = order.size();
  for (size_t i = 0; i < n;) {
    size_t decile = i * 10 / n;
    size_t end = std::max((decile + 1) * n / 10, i + 1);
    while (end < n && scored[order[end]].total == scored[order[end - 1]].total) ++end;
    Band band;
    auto pct = [n](size_t rank) { return std::to_string((rank * 100 + n / 2) / n); };
    band.label = "top " + pct(i) + "–" + pct(end) + "%";
    band.maxScore = scored[order[i]].total;
    band.minScore = scored[order[end - 1]].total;
    for (size_t k = i; k < end; ++k) {
      ++band.leads;
      band.converted += scored[order[k]].converted;
    }
    bands.push_back(band);
    i = end;
  }
  return bands;
}

std::vector<Band> gradeBands(const Model& model, const std::vector<ScoredLead>& scored) {
  std::vector<Band> bands;
  for (const Grade& g : model.grades) bands.push_back({g.grade});
  if (bands.empty()) bands.push_back({"(none)"});
  for (const ScoredLead& s : scored)
    for (Band& b : bands)
      if (b.label == s.grade) {
        ++b.leads;
        b.converted += s.converted;
      }
  return bands;
}

std::vector<RuleShare> ruleShares(const Model& model, const std::vector<ScoredLead>& scored) {
  std::vector<RuleShare> shares;
  auto add = [&](const std::string& id, const char* kind, auto flagOf) {
    size_t conv = 0, convWith = 0, others = 0, othersWith = 0;
    for (const ScoredLead& s : scored) {
      bool with = flagOf(s);
      if (s.converted) conv++, convWith += with;
      else others++, othersWith += with;
    }
    shares.push_back({id, kind, rate(convWith, conv), rate(othersWith, others),
                      rate(convWith, convWith + othersWith)});
  };
  for (size_t i = 0; i < model.engagementRules.size(); ++i)
    add(model.engagementRules[i].id, "engagement", [i](const ScoredLead& s) { return bool(s.engagementRules[i]); });
  for (size_t i = 0; i < model.fitRules.size(); ++i)
    add(model.fitRules[i].id, "fit", [i](const ScoredLead& s) { return bool(s.fitRules[i]); });
  return shares;
}

std::vector<Suggestion> suggestions(const Model& model, const std::vector<ScoredLead>& scored,
                                    const std::vector<bool>& converted) {
  if (!model.mqlEngagement) return {};
  std::vector<double> qualifying;
  for (const ScoredLead& s : scored) qualifying.push_back(s.qualifyingEngagement);
  std::vector<Suggestion> out = {{"current", *model.mqlEngagement,
                                  confusionAt(qualifying, converted, *model.mqlEngagement)}};
  std::vector<ThresholdPoint> sweep = thresholdSweep(qualifying, converted);
  if (int i = bestF1(sweep); i >= 0) out.push_back({"best F1", sweep[i].threshold, sweep[i].counts});
  if (int i = bestYouden(sweep); i >= 0)
    out.push_back({"best Youden's J", sweep[i].threshold, sweep[i].counts});
  return out;
}

}  // namespace

std::vector<ScoredLead> scoreLeads(const Model& model, const ModelPtr& shared,
                                   const std::vector<BacktestLead>& leads,
                                   std::vector<LineProblem>& problems, Io* progressIo) {
  std::vector<std::string> engagementIds, fitIds;
  for (const EngagementRule& r : model.engagementRules) engagementIds.push_back(r.id);
  for (const FitRule& r : model.fitRules) fitIds.push_back(r.id);
  std::optional<Progress> progress;
  if (progressIo) progress.emplace("leads scored", leads.size(), *progressIo);
  std::vector<ScoredLead> scored;
  scored.reserve(leads.size());
  for (const BacktestLead& lead : leads) {
    scored.push_back(scoreOne(model, shared, lead, engagementIds, fitIds, problems));
    if (progress) progress->tick(scored.size());
  }
  return scored;
}

BacktestReport buildBacktestReport(const Model& model, const std::vector<ScoredLead>& scored) {
  BacktestReport r;
  r.modelId = model.id;
  r.leads = scored.size();
  std::vector<bool> converted, mql;
  std::vector<double> total, engagement, fit;
  for (const ScoredLead& s : scored) {
    converted.push_back(s.converted);
    mql.push_back(s.mql);
    total.push_back(s.total);
    engagement.push_back(s.engagement);
    fit.push_back(s.fit);
    r.converted += s.converted;
  }
  r.bands = scoreBands(scored);
  r.grades = gradeBands(model, scored);
  r.mql = confusion(mql, converted);
  r.aucTotal = rocAuc(total, converted);
  r.aucEngagement = rocAuc(engagement, converted);
  r.aucFit = rocAuc(fit, converted);
  r.rocX = {0};
  r.rocY = {0};
  for (const ThresholdPoint& p : thresholdSweep(total, converted)) {
    r.rocX.push_back(1 - p.counts.specificity());
    r.rocY.push_back(p.counts.recall());
  }
  r.rules = ruleShares(model, scored);
  r.mqlEngagement = model.mqlEngagement;
  r.mqlFit = model.mqlFit;
  r.suggestions = suggestions(model, scored, converted);
  return r;
}

}  // namespace mqlite::cli
