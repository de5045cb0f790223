// `mqlite backtest` outputs: JSON, terminal table, static HTML.
#include <cmath>

#include "backtest.hpp"
#include "report_html.hpp"
#include "report_text.hpp"

namespace mqlite::cli {
namespace {

double rate(size_t num, size_t den) { return den ? double(num) / double(den) : NAN; }

const TextRow kBandHeader = {"band", "scores", "leads", "converted", "conversion"};
std::vector<TextRow> bandRows(const std::vector<Band>& bands, bool withScores) {
  std::vector<TextRow> rows;
  for (const Band& b : bands)
  {
    TextRow row = {b.label, std::to_string(b.leads), std::to_string(b.converted), percent(rate(b.converted, b.leads))};
    if (withScores)
      row.insert(row.begin() + 1, b.minScore == b.maxScore ? number(b.minScore)
                                                           : number(b.minScore) + " – " + number(b.maxScore));
    rows.push_back(row);
  }
  return rows;
}
const TextRow kGradeHeader = {"grade", "leads", "converted", "conversion"};

const TextRow kRuleHeader = {"rule", "kind", "converters", "others", "conversion when present"};
std::vector<TextRow> ruleRows(const BacktestReport& r) {
  std::vector<TextRow> rows;
  for (const RuleShare& s : r.rules)
    rows.push_back({s.rule, s.kind, percent(s.convertersShare), percent(s.othersShare), percent(s.conversionWith)});
  return rows;
}

const TextRow kSuggestionHeader = {"choice", "engagement ≥", "MQLs", "precision", "recall", "lift", "F1", "Youden J"};
std::vector<TextRow> suggestionRows(const BacktestReport& r) {
  std::vector<TextRow> rows;
  for (const Suggestion& s : r.suggestions)
    rows.push_back({s.why, number(s.threshold), std::to_string(s.counts.flagged()),
                    percent(s.counts.precision()), percent(s.counts.recall()), number(s.counts.lift()),
                    number(s.counts.f1(), 3), number(s.counts.youdenJ(), 3)});
  return rows;
}

std::string thresholdText(const BacktestReport& r) {
  if (!r.mqlEngagement) return "the model has no MQL threshold (lifecycle.mql)";
  std::string s = "engagement ≥ " + number(*r.mqlEngagement);
  if (r.mqlFit) s += " and fit ≥ " + number(*r.mqlFit);
  return s;
}

std::string summary(const BacktestReport& r, const BacktestInput& in) {
  const Confusion& m = r.mql;
  std::string s = "Model " + r.modelId + ": " + std::to_string(r.leads) + " leads scored, " +
                  std::to_string(r.converted) + " converted (" + percent(rate(r.converted, r.leads)) + "); " +
                  std::to_string(in.problems.size()) + " bad lines or rows skipped.\n";
  s += "ROC AUC: total " + number(r.aucTotal, 3) + ", engagement " + number(r.aucEngagement, 3) +
       ", fit " + number(r.aucFit, 3) + " (0.5 = chance, 1 = perfect ranking).\n";
  s += "MQL (" + thresholdText(r) + "): " + std::to_string(m.flagged()) + " MQLs, precision " +
       percent(m.precision()) + ", recall " + percent(m.recall()) + ", lift " + number(m.lift()) + ".\n";
  return s;
}

json confusionJson(const Confusion& c) {
  return {{"flagged", c.flagged()}, {"tp", c.tp}, {"fp", c.fp}, {"fn", c.fn}, {"tn", c.tn},
          {"precision", jsonNumber(c.precision())}, {"recall", jsonNumber(c.recall())},
          {"lift", jsonNumber(c.lift())}, {"f1", jsonNumber(c.f1())}, {"youdenJ", jsonNumber(c.youdenJ())}};
}

json bandsJson(const std::vector<Band>& bands, bool withScores) {
  json out = json::array();
  for (const Band& b : bands) {
    json j = {{"band", b.label}, {"leads", b.leads}, {"converted", b.converted},
              {"rate", jsonNumber(rate(b.converted, b.leads))}};
    if (withScores) j["minScore"] = jsonNumber(b.minScore), j["maxScore"] = jsonNumber(b.maxScore);
    out.push_back(j);
  }
  return out;
}

ChartSeries rates(const std::vector<Band>& bands, std::vector<std::string>& labels) {
  ChartSeries s{"conversion"};
  for (const Band& b : bands) {
    labels.push_back(b.label);
    s.values.push_back(rate(b.converted, b.leads));
  }
  return s;
}

}  // namespace

json backtestJson(const BacktestReport& r, const BacktestInput& in) {
  json rules = json::array(), suggestions = json::array(), errors = json::array();
  for (const RuleShare& s : r.rules)
    rules.push_back({{"rule", s.rule}, {"kind", s.kind}, {"convertersShare", jsonNumber(s.convertersShare)},
                     {"othersShare", jsonNumber(s.othersShare)}, {"conversionWith", jsonNumber(s.conversionWith)}});
  for (const Suggestion& s : r.suggestions)
    suggestions.push_back({{"why", s.why}, {"engagement", jsonNumber(s.threshold)}, {"counts", confusionJson(s.counts)}});
  for (const LineProblem& p : in.problems) errors.push_back({{"line", p.line}, {"message", p.message}});
  json mql = confusionJson(r.mql);
  mql["engagement"] = r.mqlEngagement ? jsonNumber(*r.mqlEngagement) : json(nullptr);
  mql["fit"] = r.mqlFit ? jsonNumber(*r.mqlFit) : json(nullptr);
  return {{"model", r.modelId}, {"leads", r.leads}, {"converted", r.converted},
          {"conversionRate", jsonNumber(rate(r.converted, r.leads))},
          {"auc", {{"total", jsonNumber(r.aucTotal)}, {"engagement", jsonNumber(r.aucEngagement)},
                   {"fit", jsonNumber(r.aucFit)}}},
          {"mql", mql}, {"bands", bandsJson(r.bands, true)}, {"grades", bandsJson(r.grades, false)},
          {"rules", rules}, {"suggestions", suggestions}, {"excludedColumns", in.excluded},
          {"skipped", in.problems.size()}, {"errors", errors}};
}

std::string backtestTable(const BacktestReport& r, const BacktestInput& in) {
  std::string out = summary(r, in);
  out += "\nConversion by score band (total score, highest first)\n" + textTable(kBandHeader, bandRows(r.bands, true));
  out += "\nConversion by grade\n" + textTable(kGradeHeader, bandRows(r.grades, false));
  out += "\nRules: share of leads where the rule awarded (engagement) or matched (fit)\n" +
         textTable(kRuleHeader, ruleRows(r));
  if (!r.suggestions.empty())
    out += "\nMQL engagement threshold (fit condition kept as is)\n" + textTable(kSuggestionHeader, suggestionRows(r));
  if (!in.excluded.empty()) {
    out += "\nColumns left out by the mapping:\n";
    for (const std::string& e : in.excluded) out += "  " + e + "\n";
  }
  return out;
}

std::string backtestHtml(const BacktestReport& r, const BacktestInput& in) {
  HtmlReport html("mqlite back-test: " + r.modelId);
  html.paragraph(summary(r, in));
  std::vector<std::string> labels, gradeLabels;
  ChartSeries bandRates = rates(r.bands, labels), gradeRates = rates(r.grades, gradeLabels);
  html.heading("Conversion by score band");
  html.chart(svgBarChart(labels, {bandRates}, true));
  html.table(kBandHeader, bandRows(r.bands, true));
  html.heading("Conversion by grade");
  html.chart(svgBarChart(gradeLabels, {gradeRates}, true));
  html.table(kGradeHeader, bandRows(r.grades, false));
  if (!std::isnan(r.aucTotal)) {
    html.heading("ROC curve (total score), AUC " + number(r.aucTotal, 3));
    html.chart(svgUnitCurve(r.rocX, r.rocY, "false-positive rate", "true-positive rate"));
  }
  html.heading("Rules among converters and others");
  std::vector<std::string> ruleLabels;
  ChartSeries conv{"converters"}, others{"others"};
  for (const RuleShare& s : r.rules) {
    ruleLabels.push_back(s.rule);
    conv.values.push_back(s.convertersShare);
    others.values.push_back(s.othersShare);
  }
  html.chart(svgBarChart(ruleLabels, {conv, others}, true));
  html.table(kRuleHeader, ruleRows(r));
  if (!r.suggestions.empty()) {
    html.heading("MQL threshold: now and suggested");
    html.paragraph("Current rule: " + thresholdText(r) + ". Other engagement thresholds keep the fit condition.");
    html.table(kSuggestionHeader, suggestionRows(r));
  }
  if (!in.excluded.empty()) {
    html.heading("Columns left out by the mapping");
    std::vector<TextRow> rows;
    for (const std::string& e : in.excluded) rows.push_back({e});
    html.table({"column: why"}, rows);
  }
  if (!in.problems.empty()) {
    html.heading("Skipped lines and rows");
    std::vector<TextRow> rows;
    for (const LineProblem& p : in.problems) rows.push_back({std::to_string(p.line), p.message});
    html.table({"line", "problem"}, rows);
  }
  return html.str();
}

}  // namespace mqlite::cli
