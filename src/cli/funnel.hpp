// `mqlite funnel`: stage counts, stage-to-stage conversion, time in stage and cohorts from
// transition logs (SPEC §6 endpoint messages, or the simpler mapped form of a CRM export).
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "json.hpp"

namespace mqlite::cli {

struct LineProblem {
  size_t line = 0;
  std::string message;
};

struct FunnelTransition {
  std::string from, to;  // canonical stage names (SPEC §3)
  double at = 0;         // ms since the Unix epoch
};

struct FunnelLead {
  std::string id;     // anonymousId or the mapped id
  std::string group;  // value of the --by field ("(none)" when missing)
  std::vector<FunnelTransition> transitions;
};

struct FunnelInput {
  std::vector<FunnelLead> leads;  // one per person, in order of first appearance
  std::vector<LineProblem> problems;
  size_t lines = 0;               // non-blank lines read
  size_t messages = 0;            // endpoint messages accepted
  size_t duplicateMessages = 0;   // same messageId seen again (delivery is at least once)
};

// Reads JSONL. A line with "anonymousId" is an endpoint message: duplicates by messageId are
// dropped and, per anonymousId, the message with the latest `timestamp` gives the transition list
// (it holds every transition so far). Otherwise a line is {"id", "transitions", ...}; several
// lines with one id keep the longest list. `at` is ms or an ISO 8601 text. `byField` is a dotted
// path into the line; empty means "origin" for mapped lines and
// "journey.firstTouch.source" for messages.
FunnelInput readFunnelInput(std::string_view text, const std::string& byField);

enum class CohortPeriod { Week, Month };

struct StageSummary {
  std::string stage;
  size_t reached = 0;        // leads that entered it at least once
  size_t current = 0;        // leads whose last transition entered it
  size_t stays = 0;          // completed stays (entered, then left) with a duration
  size_t negativeStays = 0;  // left before entered: bad data, ignored
  double medianDays = 0, p90Days = 0;  // NaN without stays
};

struct FunnelStep {
  std::string from, to;
  size_t fromLeads = 0, toLeads = 0;  // reached `from`; reached both
};

struct GroupRow {
  std::string key;
  size_t leads = 0;
  std::map<std::string, size_t> reached;  // stage → leads of the group that entered it
};

struct FunnelReport {
  size_t leads = 0;
  std::vector<StageSummary> stages;  // in lifecycle order, stages nobody entered left out
  std::vector<FunnelStep> steps;     // consecutive stages of the main path present in the data
  std::string cohortBy;              // "week" or "month" (of first MQL entry)
  std::vector<GroupRow> cohorts;     // leads that reached MQL, by period, in time order
  std::string groupBy;               // the --by field
  std::vector<GroupRow> groups;      // every lead, by group, largest first
  std::string conversionFrom, conversionTo;  // the headline rate: first → last main-path stage
};

FunnelReport buildFunnelReport(const std::vector<FunnelLead>& leads, CohortPeriod period,
                               const std::string& groupBy);

// Outputs. JSON holds everything; the table and HTML are for people.
json funnelJson(const FunnelReport& report, const FunnelInput& input);
std::string funnelTable(const FunnelReport& report, const FunnelInput& input);
std::string funnelHtml(const FunnelReport& report, const FunnelInput& input);


// `mqlite funnel` (registered in main.cpp).
extern const Command kFunnelCommand;
int runFunnel(const std::vector<std::string>& args, Io& io);

// The Olist converter: MQL CSV (mql_id, first_contact_date, origin) and closed-deals CSV (mql_id,
// won_date) to mapped JSONL: Known→MQL at first contact, MQL→Customer at the won date; a lead
// without a deal stays in MQL (lost: the data has no date for it). Problems go to `problems`.
std::string olistToTransitions(std::string_view mqlCsv, std::string_view dealsCsv,
                               std::vector<std::string>& problems);

}  // namespace mqlite::cli
