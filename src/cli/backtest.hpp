// `mqlite backtest`: score leads whose outcome is known with the real engine, and compare the
// model's verdicts (score, grade, MQL) with what happened.
#pragma once
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "event.hpp"
#include "funnel.hpp"  // LineProblem
#include "json.hpp"
#include "model.hpp"
#include "stats.hpp"

namespace mqlite::cli {

struct BacktestLead {
  std::string id;
  size_t line = 0;  // where it came from, for messages
  std::vector<Event> events;
  bool converted = false;
};

struct BacktestInput {
  std::vector<BacktestLead> leads;
  std::vector<LineProblem> problems;  // bad lines / rows, skipped
  std::vector<std::string> excluded;  // columns a mapping leaves out on purpose, with why
};

// JSONL journeys: {"id", "events": [SPEC §1 events], "converted": bool} per line.
BacktestInput readJourneys(std::string_view text);

// A CSV mapping (see docs/REVIEW.md): which column is the id and the outcome, which columns
// become traits of one identify event, which become engagement events (a count, or a value that
// triggers one event), which values mean blank, and which columns are left out and why.
struct CountEvents {
  std::string column;
  json event;                      // template: type, url, props… (ts is set per lead)
  double each = 1;                 // one event per `each` units of the column's number
  size_t max = 1000;               // at most this many events from one row
  std::optional<std::string> equals;  // instead of a count: one event when the value equals this
};

struct CsvMapping {
  std::string idColumn;
  std::string outcomeColumn;
  std::vector<std::string> yes = {"1", "true", "yes"}, no = {"0", "false", "no"};
  std::vector<std::string> blank = {""};
  std::vector<std::pair<std::string, std::string>> traits;  // trait name, column
  std::vector<CountEvents> events;
  std::vector<std::pair<std::string, std::string>> excluded;  // column, reason
};

// Parses a mapping; problems as "<JSON pointer>: <what is wrong>".
std::optional<CsvMapping> loadMapping(std::string_view text, std::vector<std::string>& problems);

// Leads from CSV rows through a mapping. A column the mapping names but the header lacks is a
// fatal problem (`fatal` set); a bad row is a problem with its line number.
BacktestInput readCsvLeads(std::string_view csv, const CsvMapping& mapping, std::string* fatal);

// One lead scored.
struct ScoredLead {
  bool converted = false;
  bool mql = false;          // the engine moved it to MQL (at any time)
  double engagement = 0, fit = 0, total = 0;  // at its last event
  // Highest engagement at an event where the lead was known and met the MQL fit condition:
  // the lead would be an MQL under any engagement threshold ≤ this (−inf: never).
  double qualifyingEngagement = 0;
  std::string grade;         // "(none)" without grades
  std::vector<bool> engagementRules, fitRules;  // per model rule: did it award / match
};

// Scores every lead with mqlite::Engine; refused events (bad stage moves) become problems.
std::vector<ScoredLead> scoreLeads(const Model& model, const ModelPtr& shared,
                                   const std::vector<BacktestLead>& leads,
                                   std::vector<LineProblem>& problems, Io* progressIo);

struct Band {
  std::string label;
  double minScore = 0, maxScore = 0;
  size_t leads = 0, converted = 0;
};

struct RuleShare {
  std::string rule, kind;  // kind: "engagement" or "fit"
  double convertersShare = 0, othersShare = 0;  // fraction of leads where it awarded/matched
  double conversionWith = 0;                    // conversion rate of leads where it did
};

struct Suggestion {
  std::string why;  // "current", "best F1", "best Youden's J"
  double threshold = 0;
  Confusion counts;
};

struct BacktestReport {
  std::string modelId;
  size_t leads = 0, converted = 0;
  std::vector<Band> bands;   // score deciles, highest first
  std::vector<Band> grades;  // in model order
  Confusion mql;             // the engine's MQL verdicts
  double aucTotal = 0, aucEngagement = 0, aucFit = 0;
  std::vector<double> rocX, rocY;  // by total score
  std::vector<RuleShare> rules;
  std::optional<double> mqlEngagement, mqlFit;  // the model's lifecycle.mql thresholds
  std::vector<Suggestion> suggestions;
};

BacktestReport buildBacktestReport(const Model& model, const std::vector<ScoredLead>& scored);

json backtestJson(const BacktestReport& report, const BacktestInput& input);
std::string backtestTable(const BacktestReport& report, const BacktestInput& input);
std::string backtestHtml(const BacktestReport& report, const BacktestInput& input);

extern const Command kBacktestCommand;
int runBacktest(const std::vector<std::string>& args, Io& io);

}  // namespace mqlite::cli
