// `mqlite funnel` outputs: JSON, terminal table, static HTML.
#include <cmath>

#include "funnel.hpp"
#include "report_html.hpp"
#include "report_text.hpp"

namespace mqlite::cli {
namespace {

double rate(size_t num, size_t den) { return den ? double(num) / double(den) : NAN; }

size_t reachedIn(const GroupRow& row, const std::string& stage) {
  auto it = row.reached.find(stage);
  return it == row.reached.end() ? 0 : it->second;
}

// Numerator / denominator of the headline rate within one row (a cohort or a group).
double rowRate(const FunnelReport& r, const GroupRow& row) {
  return rate(reachedIn(row, r.conversionTo), reachedIn(row, r.conversionFrom));
}

std::string rateHeader(const FunnelReport& r) { return r.conversionFrom + "→" + r.conversionTo; }

std::vector<TextRow> stageRows(const FunnelReport& r) {
  std::vector<TextRow> rows;
  for (const StageSummary& s : r.stages)
    rows.push_back({s.stage, std::to_string(s.reached), percent(rate(s.reached, r.leads)),
                    std::to_string(s.current), std::to_string(s.stays), number(s.medianDays, 1),
                    number(s.p90Days, 1)});
  return rows;
}
const TextRow kStageHeader = {"stage", "reached", "of leads", "now in", "stays", "median days",
                              "p90 days"};

std::vector<TextRow> stepRows(const FunnelReport& r) {
  std::vector<TextRow> rows;
  for (const FunnelStep& s : r.steps)
    rows.push_back({s.from + " → " + s.to, std::to_string(s.fromLeads), std::to_string(s.toLeads),
                    percent(rate(s.toLeads, s.fromLeads))});
  return rows;
}
const TextRow kStepHeader = {"step", "leads", "moved on", "conversion"};

TextRow groupHeader(const FunnelReport& r, const std::string& first) {
  TextRow header = {first, "leads"};
  for (const StageSummary& s : r.stages) header.push_back(s.stage);
  header.push_back(rateHeader(r));
  return header;
}

std::vector<TextRow> groupRows(const FunnelReport& r, const std::vector<GroupRow>& groups) {
  std::vector<TextRow> rows;
  for (const GroupRow& g : groups) {
    TextRow row = {g.key, std::to_string(g.leads)};
    for (const StageSummary& s : r.stages) row.push_back(std::to_string(reachedIn(g, s.stage)));
    row.push_back(percent(rowRate(r, g)));
    rows.push_back(row);
  }
  return rows;
}

std::string summaryLine(const FunnelReport& r, const FunnelInput& in) {
  std::string s = std::to_string(r.leads) + " leads from " + std::to_string(in.lines) + " lines";
  if (in.messages) s += " (" + std::to_string(in.messages) + " messages, " +
                        std::to_string(in.duplicateMessages) + " duplicates dropped)";
  s += ", " + std::to_string(in.problems.size()) + " bad lines skipped.";
  if (!r.conversionFrom.empty()) {
    size_t from = 0, to = 0;
    for (const StageSummary& st : r.stages) {
      if (st.stage == r.conversionFrom) from = st.reached;
      if (st.stage == r.conversionTo) to = st.reached;
    }
    s += " " + rateHeader(r) + ": " + std::to_string(to) + " of " + std::to_string(from) + " = " +
         percent(rate(to, from)) + ".";
  }
  return s;
}

std::string negativeNote(const FunnelReport& r) {
  std::string note;
  for (const StageSummary& s : r.stages)
    if (s.negativeStays)
      note += std::to_string(s.negativeStays) + " stay(s) in " + s.stage +
              " left before they began (bad dates) were ignored. ";
  return note;
}

json groupsJson(const std::vector<GroupRow>& groups, const FunnelReport& r) {
  json out = json::array();
  for (const GroupRow& g : groups)
    out.push_back({{"key", g.key}, {"leads", g.leads}, {"reached", g.reached},
                   {"rate", jsonNumber(rowRate(r, g))}});
  return out;
}

}  // namespace

json funnelJson(const FunnelReport& r, const FunnelInput& in) {
  json stages = json::array(), steps = json::array(), errors = json::array();
  for (const StageSummary& s : r.stages)
    stages.push_back({{"stage", s.stage}, {"reached", s.reached}, {"current", s.current},
                      {"stays", s.stays}, {"negativeStays", s.negativeStays},
                      {"medianDays", jsonNumber(s.medianDays)}, {"p90Days", jsonNumber(s.p90Days)}});
  for (const FunnelStep& s : r.steps)
    steps.push_back({{"from", s.from}, {"to", s.to}, {"leads", s.fromLeads},
                     {"converted", s.toLeads}, {"rate", jsonNumber(rate(s.toLeads, s.fromLeads))}});
  for (const LineProblem& p : in.problems) errors.push_back({{"line", p.line}, {"message", p.message}});
  return {{"leads", r.leads},
          {"lines", in.lines},
          {"messages", in.messages},
          {"duplicateMessages", in.duplicateMessages},
          {"conversion", {{"from", r.conversionFrom}, {"to", r.conversionTo}}},
          {"stages", stages},
          {"steps", steps},
          {"cohorts", {{"by", r.cohortBy}, {"of", "first MQL entry"}, {"rows", groupsJson(r.cohorts, r)}}},
          {"groups", {{"by", r.groupBy}, {"rows", groupsJson(r.groups, r)}}},
          {"errors", errors}};
}

std::string funnelTable(const FunnelReport& r, const FunnelInput& in) {
  std::string out = summaryLine(r, in) + "\n";
  std::string note = negativeNote(r);
  if (!note.empty()) out += note + "\n";
  out += "\nStages (time in stage over completed stays, in days)\n" + textTable(kStageHeader, stageRows(r));
  if (!r.steps.empty()) out += "\nStage to stage\n" + textTable(kStepHeader, stepRows(r));
  out += "\nCohorts by " + r.cohortBy + " of MQL entry\n" +
         textTable(groupHeader(r, r.cohortBy), groupRows(r, r.cohorts));
  out += "\nBy " + r.groupBy + "\n" + textTable(groupHeader(r, r.groupBy), groupRows(r, r.groups));
  return out;  // bad lines go to stderr, with the file name
}

std::string funnelHtml(const FunnelReport& r, const FunnelInput& in) {
  HtmlReport html("mqlite funnel report");
  html.paragraph(summaryLine(r, in));
  std::string note = negativeNote(r);
  if (!note.empty()) html.paragraph(note);

  html.heading("Stages");
  std::vector<std::string> labels;
  ChartSeries reached{"leads reached"}, median{"median days"}, p90{"p90 days"};
  for (const StageSummary& s : r.stages) {
    labels.push_back(s.stage);
    reached.values.push_back(double(s.reached));
    median.values.push_back(s.medianDays);
    p90.values.push_back(s.p90Days);
  }
  html.chart(svgBarChart(labels, {reached}, false));
  html.table(kStageHeader, stageRows(r));
  html.heading("Time in stage (days, completed stays)");
  html.chart(svgBarChart(labels, {median, p90}, false));
  if (!r.steps.empty()) {
    html.heading("Stage to stage");
    html.table(kStepHeader, stepRows(r));
  }
  auto groupSection = [&](const std::string& title, const std::string& first,
                          const std::vector<GroupRow>& rows) {
    html.heading(title);
    std::vector<std::string> keys;
    ChartSeries rates{rateHeader(r)};
    for (const GroupRow& g : rows) {
      keys.push_back(g.key);
      rates.values.push_back(rowRate(r, g));
    }
    if (!r.conversionFrom.empty()) html.chart(svgBarChart(keys, {rates}, true));
    html.table(groupHeader(r, first), groupRows(r, rows));
  };
  groupSection("Cohorts by " + r.cohortBy + " of MQL entry", r.cohortBy, r.cohorts);
  groupSection("By " + r.groupBy, r.groupBy, r.groups);
  if (!in.problems.empty()) {
    html.heading("Skipped lines");
    std::vector<TextRow> rows;
    for (const LineProblem& p : in.problems) rows.push_back({std::to_string(p.line), p.message});
    html.table({"line", "problem"}, rows);
  }
  return html.str();
}

}  // namespace mqlite::cli
