// `mqlite funnel`: options, input, output.
#include "funnel.hpp"
#include "report_io.hpp"

namespace mqlite::cli {

const Command kFunnelCommand = {
    "funnel", "stage counts, conversion, time in stage and cohorts from transition logs",
    "Usage: mqlite funnel TRANSITIONS.jsonl [--cohort week|month] [--by FIELD]\n"
    "                     [--format table|json|html] [--out FILE]\n"
    "       mqlite funnel --from-olist MQL.csv DEALS.csv [--out FILE]\n"
    "\n"
    "Reads transition logs, one JSON object per line: endpoint messages (SPEC section 6:\n"
    "anonymousId, messageId, timestamp, transitions; duplicate messageIds are dropped and the\n"
    "latest message per anonymousId gives that person's transitions) or mapped leads\n"
    "{\"id\", \"transitions\": [{\"from\", \"to\", \"at\"}], \"origin\"?}; `at` is ms since the epoch\n"
    "or ISO 8601 text. Reports the leads reaching each stage, stage-to-stage conversion, median\n"
    "and p90 days in each stage (completed stays), cohorts by week or month of first MQL entry,\n"
    "and groups by FIELD. Bad lines are reported on stderr with their number and skipped.\n"
    "\n"
    "Options:\n"
    "  --cohort week|month   cohort period (default month; weeks are ISO weeks)\n"
    "  --by FIELD            dotted path of the grouping field (default origin for mapped\n"
    "                        lines, journey.firstTouch.source for endpoint messages)\n"
    "  --format FORMAT       table (default), json, or html (a static page with charts)\n"
    "  --out FILE            write there instead of stdout\n"
    "  --from-olist          convert the Olist CSVs (marketing qualified leads, closed deals)\n"
    "                        into mapped JSONL: Known->MQL at first_contact_date,\n"
    "                        MQL->Customer at won_date; no deal means no further move\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 done (even with bad lines), 1 a file cannot be read or written,\n"
    "2 usage error.\n",
    runFunnel};

namespace {

int convertOlist(const Args& args, Io& io) {
  if (args.positional.size() != 2)
    return usageError(kFunnelCommand, "--from-olist needs MQL.csv and DEALS.csv", io.err);
  std::string mqls, deals;
  if (!readReviewInput(kFunnelCommand, args.positional[0], &mqls, io) ||
      !readReviewInput(kFunnelCommand, args.positional[1], &deals, io))
    return kExitFailure;
  std::vector<std::string> problems;
  std::string jsonl = olistToTransitions(mqls, deals, problems);
  for (const std::string& p : problems) io.err << "mqlite funnel: " << p << "\n";
  if (jsonl.empty()) return kExitFailure;
  return writeReport(jsonl, args.value("--out"), kFunnelCommand, io);
}

}  // namespace

int runFunnel(const std::vector<std::string>& argv, Io& io) {
  int exitCode = kExitOk;
  std::optional<Args> args = parseReviewArgs(
      kFunnelCommand,
      {{"--cohort", true}, {"--by", true}, {"--format", true}, {"--out", true}, {"--from-olist", false}},
      1, 2, argv, io, &exitCode);
  if (!args) return exitCode;
  if (args->has("--from-olist")) return convertOlist(*args, io);
  if (args->positional.size() != 1)
    return usageError(kFunnelCommand, "expected one TRANSITIONS.jsonl file", io.err);
  std::optional<std::string> format = reportFormat(*args, kFunnelCommand, io, &exitCode);
  if (!format) return exitCode;
  const std::string* cohort = args->value("--cohort");
  if (cohort && *cohort != "week" && *cohort != "month")
    return usageError(kFunnelCommand, "--cohort must be week or month", io.err);

  std::string text;
  if (!readReviewInput(kFunnelCommand, args->positional[0], &text, io)) return kExitFailure;
  const std::string* by = args->value("--by");
  FunnelInput input = readFunnelInput(text, by ? *by : "");
  FunnelReport report = buildFunnelReport(
      input.leads, cohort && *cohort == "week" ? CohortPeriod::Week : CohortPeriod::Month,
      by ? *by : "origin");
  for (const LineProblem& p : input.problems)
    io.err << args->positional[0] << ":" << p.line << ": " << p.message << "\n";
  std::string out = *format == "json"   ? funnelJson(report, input).dump(2) + "\n"
                    : *format == "html" ? funnelHtml(report, input)
                                        : funnelTable(report, input);
  return writeReport(out, args->value("--out"), kFunnelCommand, io);
}

}  // namespace mqlite::cli
