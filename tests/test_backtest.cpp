// `mqlite backtest` and its statistics, on hand-made data whose answers are worked out in the
// comments, and on the X Education leads checked against counts taken from the CSV directly.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "backtest.hpp"
#include "csv.hpp"
#include "stats.hpp"
#include "test_files.hpp"

using namespace mqlite::cli;

namespace {

mqlite::ModelPtr model(const std::string& path) {
  mqlite::ModelResult m = mqlite::loadModel(slurp(path));
  REQUIRE(m.problems.empty());
  return m.model;
}

const Band& band(const std::vector<Band>& bands, const std::string& label) {
  for (const Band& b : bands)
    if (b.label == label) return b;
  FAIL("no band " << label);
  throw;
}

}  // namespace

TEST_CASE("stats: quantiles interpolate between closest ranks") {
  CHECK(quantile({3, 1, 2}, 0.5) == 2);
  CHECK(quantile({1, 2, 3, 4}, 0.5) == Approx(2.5));
  CHECK(quantile({1, 2, 4}, 0.9) == Approx(3.6));  // rank 1.8: 2 + 0.8 × 2
  CHECK(quantile({7}, 0.9) == 7);
  CHECK(std::isnan(quantile({}, 0.5)));
}

TEST_CASE("stats: ROC AUC of known rankings, ties count one half") {
  CHECK(rocAuc({4, 3, 2, 1}, {true, true, false, false}) == 1);
  CHECK(rocAuc({1, 2, 3, 4}, {true, true, false, false}) == 0);
  // Positives 3 and 1 against negatives 2 and 0: pairs won 3>2, 3>0, 1>0 = 3 of 4.
  CHECK(rocAuc({3, 2, 1, 0}, {true, false, true, false}) == Approx(0.75));
  CHECK(rocAuc({5, 5, 5, 5}, {true, false, true, false}) == Approx(0.5));
  // Positive 2 ties negative 2 (½) and beats negative 1 (1): 1.5 of 2.
  CHECK(rocAuc({2, 2, 1}, {true, false, false}) == Approx(0.75));
  CHECK(std::isnan(rocAuc({1, 2}, {true, true})));
}

TEST_CASE("stats: precision, recall, lift, F1 and Youden's J at a threshold") {
  // scores ≥ 2 flagged: leads 3, 2 (positive, negative) → tp 1, fp 1; fn 1 (score 1), tn 1.
  Confusion c = confusionAt({3, 2, 1, 0}, {true, false, true, false}, 2);
  CHECK(c.tp == 1);
  CHECK(c.fp == 1);
  CHECK(c.fn == 1);
  CHECK(c.tn == 1);
  CHECK(c.precision() == Approx(0.5));
  CHECK(c.recall() == Approx(0.5));
  CHECK(c.lift() == Approx(1));
  CHECK(c.f1() == Approx(0.5));
  CHECK(c.youdenJ() == Approx(0));
  std::vector<ThresholdPoint> sweep = thresholdSweep({3, 2, 1, 0}, {true, false, true, false});
  REQUIRE(sweep.size() == 4);
  CHECK(sweep[0].threshold == 3);
  CHECK(sweep[2].counts.tp == 2);  // at 1: F1 = 2·(2/3)·1/(5/3) = 0.8, the best
  CHECK(bestF1(sweep) == 2);
  CHECK(bestYouden(sweep) == 0);  // at 3: J = 0.5 + 1 − 1 = 0.5 (at 1: 1 + 0.5 − 1 = 0.5, later)
}

TEST_CASE("backtest: hand-made journeys") {
  auto m = model(MQLITE_TEST_DATA "/analytics/backtest_model.json");
  BacktestInput in = readJourneys(slurp(MQLITE_TEST_DATA "/analytics/backtest_leads.jsonl"));
  REQUIRE(in.leads.size() == 6);
  REQUIRE(in.problems.size() == 2);
  CHECK(in.problems[0].line == 4);
  CHECK(in.problems[0].message == "\"converted\" must be true or false");
  CHECK(in.problems[1].line == 6);
  CHECK(in.problems[1].message.find("events[0]: ") == 0);

  std::vector<ScoredLead> scored = scoreLeads(*m, m, in.leads, in.problems, nullptr);
  BacktestReport r = buildBacktestReport(*m, scored);
  // Totals: L1 50 ✓, L2 20 ✓, L3 30, L4 30, L5 0, L6 60 ✓ (✓ converted).
  CHECK(r.leads == 6);
  CHECK(r.converted == 3);
  CHECK(r.aucTotal == Approx(7.0 / 9));       // 50 beats 3, 20 beats 1, 60 beats 3
  CHECK(r.aucEngagement == Approx(7.5 / 9));  // engagement 30/20/40 vs 10/30/0, one tie
  CHECK(r.aucFit == Approx(6.0 / 9));
  // MQL (engagement ≥ 30): L1, L6 converted, L4 did not.
  CHECK(r.mql.tp == 2);
  CHECK(r.mql.fp == 1);
  CHECK(r.mql.fn == 1);
  CHECK(r.mql.precision() == Approx(2.0 / 3));
  CHECK(r.mql.recall() == Approx(2.0 / 3));
  CHECK(r.mql.lift() == Approx(4.0 / 3));
  // Deciles with ties kept together: 60 | 50 | 30 30 | 20 | 0.
  REQUIRE(r.bands.size() == 5);
  CHECK(band(r.bands, "top 33–67%").leads == 2);
  CHECK(band(r.bands, "top 33–67%").converted == 0);
  CHECK(band(r.bands, "top 33–67%").minScore == 30);
  REQUIRE(r.grades.size() == 2);
  CHECK(r.grades[0].label == "A");
  CHECK(r.grades[0].leads == 3);
  CHECK(r.grades[0].converted == 2);
  CHECK(r.grades[1].converted == 1);
  // pricing awarded for L2, L6 (converted) and L3: 2/3 vs 1/3.
  REQUIRE(r.rules.size() == 3);
  CHECK(r.rules[0].rule == "pricing");
  CHECK(r.rules[0].convertersShare == Approx(2.0 / 3));
  CHECK(r.rules[0].othersShare == Approx(1.0 / 3));
  CHECK(r.rules[2].kind == "fit");
  // Threshold 20 flags L1, L2, L4, L6: precision 3/4, recall 1, F1 6/7, J 2/3: best for both.
  REQUIRE(r.suggestions.size() == 3);
  CHECK(r.suggestions[0].counts.tp == r.mql.tp);  // the sweep reproduces the engine's verdicts
  CHECK(r.suggestions[0].counts.fp == r.mql.fp);
  CHECK(r.suggestions[1].why == "best F1");
  CHECK(r.suggestions[1].threshold == 20);
  CHECK(r.suggestions[1].counts.f1() == Approx(6.0 / 7));
  CHECK(r.suggestions[2].threshold == 20);
  CHECK(r.suggestions[2].counts.youdenJ() == Approx(2.0 / 3));
}

TEST_CASE("backtest: CSV through a mapping") {
  auto m = model(MQLITE_TEST_DATA "/analytics/backtest_model.json");
  std::vector<std::string> problems;
  auto mapping = loadMapping(slurp(MQLITE_TEST_DATA "/analytics/leads-mapping.json"), problems);
  REQUIRE(mapping);
  std::string fatal;
  BacktestInput in = readCsvLeads(slurp(MQLITE_TEST_DATA "/analytics/leads.csv"), *mapping, &fatal);
  CHECK(fatal.empty());
  REQUIRE(in.leads.size() == 4);  // c1, c2, n1, n5
  REQUIRE(in.problems.size() == 3);
  CHECK(in.problems[0].line == 6);
  CHECK(in.problems[0].message == "column \"Visits\": 'x' is not a count");
  CHECK(in.problems[1].line == 7);
  CHECK(in.problems[2].line == 8);
  // n5: identify, 12 visits capped at 5 page views, one download.
  CHECK(in.leads[3].id == "n5");
  CHECK(in.leads[3].events.size() == 7);
  CHECK(in.leads[3].events.back().type == "download");
  CHECK(in.leads[1].events[0].traits.contains("company_size") == false);  // "Select" is blank
  REQUIRE(in.excluded.size() == 1);

  std::vector<ScoredLead> scored = scoreLeads(*m, m, in.leads, in.problems, nullptr);
  BacktestReport r = buildBacktestReport(*m, scored);
  // c1 50 ✓, c2 10 ✓, n1 0, n5 50: 50 vs 0 (1), 50 vs 50 (½), 10 vs 0 (1), 10 vs 50 (0) → 2.5 / 4.
  CHECK(r.aucTotal == Approx(0.625));
  CHECK(r.mql.tp == 1);
  CHECK(r.mql.fp == 1);
}

TEST_CASE("backtest: mapping problems are named") {
  std::vector<std::string> problems;
  CHECK_FALSE(loadMapping(R"({"id": "a", "converted": {"colum": "b"}, "events": [{"column": "c", "type": ""}], "x": 1})", problems));
  REQUIRE(problems.size() == 4);
  CHECK(problems[0] == "/converted/colum: unknown key (expected column, yes, no)");
  CHECK(problems[1].find("/events/0: not a valid event") == 0);
  CHECK(problems[2].find("/x: unknown key") == 0);
  CHECK(problems[3] == "/converted: required: {\"column\": …} holding the outcome");

  problems.clear();
  auto mapping = loadMapping(R"({"id": "a", "converted": {"column": "b"}, "traits": {"t": "c"}, "excluded": {"c": "leaks"}})", problems);
  REQUIRE(mapping);
  std::string fatal;
  readCsvLeads("a,b\n1,0\n", *mapping, &fatal);
  CHECK(fatal == "column \"c\" is both excluded and mapped; the CSV has no column \"c\"");
}

TEST_CASE("backtest: X Education leads, checked against the CSV") {
  std::string csv = slurp(MQLITE_SHARED_DATA "/leads-x-education.csv");
  // Independent count: the Converted column read straight from the parsed rows.
  CsvDocument doc = parseCsv(csv);
  int column = csvColumn(doc.header, "Converted");
  size_t converted = 0;
  for (const CsvRecord& row : doc.records) converted += row.fields[size_t(column)] == "1";
  CHECK(doc.records.size() == 9240);
  CHECK(converted == 3561);  // 38.5 %, as the data's README says

  auto m = model(MQLITE_TEST_DATA "/../examples/x-education/model.json");
  std::vector<std::string> problems;
  auto mapping = loadMapping(slurp(MQLITE_TEST_DATA "/../examples/x-education/mapping.json"), problems);
  REQUIRE(mapping);
  std::string fatal;
  BacktestInput in = readCsvLeads(csv, *mapping, &fatal);
  REQUIRE(fatal.empty());
  CHECK(in.problems.empty());
  CHECK(in.excluded.size() == 4);
  std::vector<ScoredLead> scored = scoreLeads(*m, m, in.leads, in.problems, nullptr);
  BacktestReport r = buildBacktestReport(*m, scored);
  CHECK(r.leads == 9240);
  CHECK(r.converted == converted);
  CHECK(r.mql.tp + r.mql.fp + r.mql.fn + r.mql.tn == 9240);
  CHECK(r.suggestions[0].counts.tp == r.mql.tp);
  CHECK(r.suggestions[0].counts.fp == r.mql.fp);
  // The model ranks leads far better than chance, and grade A converts far more than grade D.
  CHECK(r.aucTotal > 0.8);
  CHECK(double(r.grades.front().converted) / double(r.grades.front().leads) >
        3 * double(r.grades.back().converted) / double(r.grades.back().leads));
}

TEST_CASE("backtest and funnel through the binary: help, HTML file, usage errors") {
  std::string out = (std::filesystem::temp_directory_path() / "mqlite-test-backtest-report.html").string();
  std::string cli = MQLITE_CLI;
  CHECK(std::system((cli + " backtest --help > /dev/null").c_str()) == 0);
  CHECK(std::system((cli + " funnel --help > /dev/null").c_str()) == 0);
  CHECK(std::system((cli + " backtest " MQLITE_TEST_DATA "/analytics/backtest_model.json " MQLITE_TEST_DATA
                           "/analytics/backtest_leads.jsonl --format html --out " + out + " 2> /dev/null").c_str()) == 0);
  std::string html = slurp(out);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("ROC curve") != std::string::npos);
  std::remove(out.c_str());
  CHECK(WEXITSTATUS(std::system((cli + " backtest only-one-arg 2> /dev/null").c_str())) == 2);
  CHECK(WEXITSTATUS(std::system((cli + " funnel x.jsonl --format pdf 2> /dev/null").c_str())) == 2);
  CHECK(WEXITSTATUS(std::system((cli + " funnel /nonexistent.jsonl 2> /dev/null").c_str())) == 1);
}
