// `mqlite funnel` on hand-made logs (answers worked out by hand in the comments) and on the Olist
// data (checked against counts taken straight from the CSVs).
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "csv.hpp"
#include "funnel.hpp"
#include "funnel_dates.hpp"
#include "report_html.hpp"
#include "test_files.hpp"

using namespace mqlite::cli;

namespace {

const StageSummary& stage(const FunnelReport& r, const std::string& name) {
  for (const StageSummary& s : r.stages)
    if (s.stage == name) return s;
  FAIL("no stage " << name);
  throw;
}

const GroupRow& row(const std::vector<GroupRow>& rows, const std::string& key) {
  for (const GroupRow& g : rows)
    if (g.key == key) return g;
  FAIL("no row " << key);
  throw;
}

size_t reached(const GroupRow& g, const std::string& stage) {
  auto it = g.reached.find(stage);
  return it == g.reached.end() ? 0 : it->second;
}

}  // namespace

TEST_CASE("funnel dates: ISO parsing, months and ISO weeks") {
  CHECK(*parseIsoTime("2024-01-01") == 1704067200000.0);
  CHECK(*parseIsoTime("2024-01-01T00:00:00Z") == 1704067200000.0);
  CHECK(*parseIsoTime("2024-01-01 02:00:00+02:00") == 1704067200000.0);
  CHECK(*parseIsoTime("2024-01-01T00:00:00.250Z") == 1704067200250.0);
  CHECK_FALSE(parseIsoTime("2024-02-30"));
  CHECK_FALSE(parseIsoTime("2024-1-1"));
  CHECK_FALSE(parseIsoTime("2024-01-01T25:00"));
  CHECK_FALSE(parseIsoTime("2024-01-01 junk"));
  CHECK(formatIsoTime(1704067200250.0) == "2024-01-01T00:00:00.250Z");
  CHECK(formatIsoTime(*parseIsoTime("2018-02-26 19:58:54")) == "2018-02-26T19:58:54Z");
  CHECK(monthKey(*parseIsoTime("2024-02-29T23:59:59Z")) == "2024-02");
  CHECK(isoWeekKey(*parseIsoTime("2024-01-01")) == "2024-W01");   // a Monday
  CHECK(isoWeekKey(*parseIsoTime("2024-02-04")) == "2024-W05");   // a Sunday
  CHECK(isoWeekKey(*parseIsoTime("2021-01-03")) == "2020-W53");   // belongs to the year before
  CHECK(isoWeekKey(*parseIsoTime("2019-12-30")) == "2020-W01");   // belongs to the year after
}

TEST_CASE("funnel: hand-made mapped log") {
  FunnelInput in = readFunnelInput(slurp(MQLITE_TEST_DATA "/analytics/funnel_mapped.jsonl"), "");
  // 9 non-blank lines: 4 good leads (a, b, c, d), 4 bad ones.
  CHECK(in.lines == 8);
  REQUIRE(in.leads.size() == 4);
  REQUIRE(in.problems.size() == 4);
  CHECK(in.problems[0].line == 4);
  CHECK(in.problems[0].message.find("not valid JSON") == 0);
  CHECK(in.problems[1].line == 6);
  CHECK(in.problems[1].message == "transitions[0].to must name a stage (SPEC §3)");
  CHECK(in.problems[2].line == 7);
  CHECK(in.problems[2].message.find("transitions[0].at") == 0);
  CHECK(in.problems[3].line == 9);

  FunnelReport r = buildFunnelReport(in.leads, CohortPeriod::Month, "origin");
  CHECK(r.leads == 4);
  std::vector<std::string> names;
  for (const StageSummary& s : r.stages) names.push_back(s.stage);
  CHECK(names == std::vector<std::string>{"Known", "MQL", "SAL", "SQL", "Opportunity", "Customer",
                                          "Disqualified"});
  CHECK(stage(r, "Known").reached == 4);
  CHECK(stage(r, "MQL").reached == 3);
  CHECK(stage(r, "SAL").reached == 2);
  CHECK(stage(r, "Customer").reached == 1);
  CHECK(stage(r, "Known").current == 1);   // d
  CHECK(stage(r, "MQL").current == 1);     // c
  // Known stays: 1, 2, 4 days → median 2; p90 at rank 1.8 → 2 + 0.8 × 2 = 3.6.
  CHECK(stage(r, "Known").stays == 3);
  CHECK(stage(r, "Known").medianDays == Approx(2));
  CHECK(stage(r, "Known").p90Days == Approx(3.6));
  // MQL stays: 2 and 10 days → median 6, p90 = 2 + 0.9 × 8 = 9.2. SQL: 5 days once.
  CHECK(stage(r, "MQL").medianDays == Approx(6));
  CHECK(stage(r, "MQL").p90Days == Approx(9.2));
  CHECK(stage(r, "SQL").medianDays == Approx(5));
  CHECK(std::isnan(stage(r, "Customer").medianDays));  // nobody left Customer

  REQUIRE(r.steps.size() == 5);
  CHECK(r.steps[0].from == "Known");
  CHECK(r.steps[0].fromLeads == 4);
  CHECK(r.steps[0].toLeads == 3);
  CHECK(r.steps[1].to == "SAL");
  CHECK(r.steps[1].toLeads == 2);
  CHECK(r.conversionFrom == "MQL");
  CHECK(r.conversionTo == "Customer");

  REQUIRE(r.cohorts.size() == 2);
  CHECK(r.cohorts[0].key == "2024-01");
  CHECK(r.cohorts[0].leads == 2);
  CHECK(reached(r.cohorts[0], "Customer") == 1);
  CHECK(r.cohorts[1].key == "2024-02");
  CHECK(reached(r.cohorts[1], "Customer") == 0);

  CHECK(row(r.groups, "ads").leads == 2);
  CHECK(reached(row(r.groups, "ads"), "Customer") == 1);
  CHECK(row(r.groups, "seo").leads == 1);
  CHECK(row(r.groups, "(none)").leads == 1);

  FunnelReport weekly = buildFunnelReport(in.leads, CohortPeriod::Week, "origin");
  REQUIRE(weekly.cohorts.size() == 2);
  CHECK(weekly.cohorts[0].key == "2024-W01");
  CHECK(weekly.cohorts[0].leads == 2);
  CHECK(weekly.cohorts[1].key == "2024-W06");
}

TEST_CASE("funnel: endpoint messages are deduplicated and the latest list wins") {
  FunnelInput in = readFunnelInput(slurp(MQLITE_TEST_DATA "/analytics/funnel_messages.jsonl"), "");
  CHECK(in.messages == 4);
  CHECK(in.duplicateMessages == 1);
  REQUIRE(in.problems.size() == 1);
  CHECK(in.problems[0].line == 6);
  CHECK(in.problems[0].message == "message without a messageId");
  REQUIRE(in.leads.size() == 2);
  CHECK(in.leads[0].id == "p1");
  CHECK(in.leads[0].transitions.size() == 2);  // m3 came later in the file but is older than m2
  CHECK(in.leads[0].group == "newsletter");
  CHECK(in.leads[1].group == "google");
  FunnelReport r = buildFunnelReport(in.leads, CohortPeriod::Week, "journey.firstTouch.source");
  CHECK(stage(r, "MQL").reached == 1);
  // p1 stayed Known from 2024-03-01T10:00 to 2024-03-03T10:00: exactly 2 days.
  CHECK(stage(r, "Known").medianDays == Approx(2));
  REQUIRE(r.cohorts.size() == 1);
  CHECK(r.cohorts[0].key == "2024-W09");

  FunnelInput byType = readFunnelInput(slurp(MQLITE_TEST_DATA "/analytics/funnel_messages.jsonl"), "type");
  CHECK(byType.leads[0].group == "transition");
}

TEST_CASE("funnel: reads the demo collector's {receivedAt, message} lines like bare messages") {
  std::string bare = slurp(MQLITE_TEST_DATA "/analytics/funnel_messages.jsonl");
  std::string wrapped, line;
  std::istringstream lines(bare);
  while (std::getline(lines, line)) {
    if (!line.empty()) wrapped += R"({"receivedAt": "2024-03-05T00:00:00Z", "message": )" + line + "}\n";
  }
  FunnelInput a = readFunnelInput(bare, ""), b = readFunnelInput(wrapped, "");
  CHECK(b.messages == a.messages);
  CHECK(b.duplicateMessages == a.duplicateMessages);
  REQUIRE(b.leads.size() == a.leads.size());
  CHECK(b.leads[0].transitions.size() == a.leads[0].transitions.size());
  CHECK(b.leads[1].group == a.leads[1].group);
}

TEST_CASE("funnel: outputs carry the figures, HTML escapes the data") {
  std::string log = R"({"id": "1", "origin": "<script>alert(1)</script>", "transitions": [{"from": "Known", "to": "MQL", "at": 0}]})";
  FunnelInput in = readFunnelInput(log, "");
  FunnelReport r = buildFunnelReport(in.leads, CohortPeriod::Month, "origin");
  std::string html = funnelHtml(r, in);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("http") == html.find("http://www.w3.org/2000/svg"));  // nothing fetched
  auto j = funnelJson(r, in);
  CHECK(j["stages"][0]["stage"] == "MQL");
  CHECK(j["stages"][0]["medianDays"].is_null());
  CHECK(j["cohorts"]["rows"][0]["key"] == "1970-01");
  CHECK(funnelTable(r, in).find("1970-01") != std::string::npos);
}

TEST_CASE("funnel: the Olist data, checked against the CSVs directly") {
  std::string mqlCsv = slurp(MQLITE_SHARED_DATA "/olist-marketing-qualified-leads.csv");
  std::string dealCsv = slurp(MQLITE_SHARED_DATA "/olist-closed-deals.csv");
  // Independent counts: rows and distinct ids of each file.
  CsvDocument mqls = parseCsv(mqlCsv), deals = parseCsv(dealCsv);
  std::set<std::string> mqlIds, dealIds;
  for (const CsvRecord& r : mqls.records) mqlIds.insert(r.fields[0]);
  for (const CsvRecord& r : deals.records) dealIds.insert(r.fields[0]);
  REQUIRE(mqlIds.size() == 8000);
  REQUIRE(dealIds.size() == 842);

  std::vector<std::string> problems;
  std::string jsonl = olistToTransitions(mqlCsv, dealCsv, problems);
  CHECK(problems.empty());
  FunnelInput in = readFunnelInput(jsonl, "");
  CHECK(in.problems.empty());
  FunnelReport r = buildFunnelReport(in.leads, CohortPeriod::Month, "origin");
  CHECK(stage(r, "MQL").reached == 8000);
  CHECK(stage(r, "Customer").reached == 842);
  CHECK(stage(r, "MQL").current == 8000 - 842);
  REQUIRE(r.steps.size() == 1);  // Known is where every lead starts, never entered
  CHECK(r.steps[0].from == "MQL");
  CHECK(r.steps[0].toLeads * 1000 / r.steps[0].fromLeads == 105);  // 842 / 8000 = 10.5 %
  // One deal is dated the day before its first contact: that stay is reported, not counted.
  CHECK(stage(r, "MQL").negativeStays == 1);
  CHECK(stage(r, "MQL").stays == 841);
  // Days from first contact to won date, computed separately (Python, statistics.quantiles
  // 'inclusive' = the same interpolation): median 14.7222, p90 162.6718.
  CHECK(stage(r, "MQL").medianDays == Approx(14.722164).epsilon(1e-6));
  CHECK(stage(r, "MQL").p90Days == Approx(162.671829).epsilon(1e-6));
  size_t cohortTotal = 0;
  for (const GroupRow& g : r.cohorts) cohortTotal += g.leads;
  CHECK(cohortTotal == 8000);
  CHECK(r.cohorts.front().key == "2017-06");
  CHECK(r.cohorts.back().key == "2018-05");
  CHECK(row(r.groups, "organic_search").leads == 2296);
  CHECK(row(r.groups, "(none)").leads == 60);
}
