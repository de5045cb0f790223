// `mqlite backtest`: options, input, output.
#include "backtest.hpp"
#include "report_io.hpp"

namespace mqlite::cli {

const Command kBacktestCommand = {
    "backtest", "score leads with known outcomes and compare: bands, grades, AUC, MQL precision",
    "Usage: mqlite backtest MODEL.json LEADS [--mapping MAP.json] [--format table|json|html]\n"
    "                       [--out FILE]\n"
    "\n"
    "Scores each lead with the engine and compares with its outcome: conversion per score band\n"
    "(deciles of the total score) and per grade, the MQL threshold's precision, recall and lift,\n"
    "ROC AUC (ties count one half), each rule's share among converters and among the others,\n"
    "and engagement thresholds that would maximise F1 or Youden's J, with their MQL volume.\n"
    "\n"
    "LEADS is JSON Lines, one lead per line: {\"id\", \"events\": [events], \"converted\": bool};\n"
    "or, with --mapping, a CSV whose columns the mapping turns into traits (one identify event)\n"
    "and engagement events (a count column gives that many events). See docs/REVIEW.md.\n"
    "Bad lines or rows are reported on stderr with their line number, counted and skipped.\n"
    "\n"
    "Options:\n"
    "  --mapping MAP.json   read LEADS as CSV through this mapping\n"
    "  --format FORMAT      table (default), json, or html (a static page with charts)\n"
    "  --out FILE           write there instead of stdout\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit status: 0 done (even with bad lines), 1 a file or the model or mapping is unusable,\n"
    "2 usage error.\n",
    runBacktest};

namespace {

// The leads, from JSONL or CSV + mapping; nullopt after saying why on stderr.
std::optional<BacktestInput> readLeads(const Args& args, Io& io) {
  std::string leads;
  if (!readReviewInput(kBacktestCommand, args.positional[1], &leads, io)) return std::nullopt;
  const std::string* mappingPath = args.value("--mapping");
  if (!mappingPath) return readJourneys(leads);
  std::string mappingText;
  if (!readReviewInput(kBacktestCommand, *mappingPath, &mappingText, io)) return std::nullopt;
  std::vector<std::string> problems;
  std::optional<CsvMapping> mapping = loadMapping(mappingText, problems);
  for (const std::string& p : problems) io.err << *mappingPath << ": " << p << "\n";
  if (!mapping) return std::nullopt;
  std::string fatal;
  BacktestInput input = readCsvLeads(leads, *mapping, &fatal);
  if (!fatal.empty()) {
    io.err << "mqlite backtest: " << args.positional[1] << ": " << fatal << "\n";
    return std::nullopt;
  }
  return input;
}

}  // namespace

int runBacktest(const std::vector<std::string>& argv, Io& io) {
  int exitCode = kExitOk;
  std::optional<Args> args = parseReviewArgs(
      kBacktestCommand, {{"--mapping", true}, {"--format", true}, {"--out", true}}, 2, 2, argv, io, &exitCode);
  if (!args) return exitCode;
  std::optional<std::string> format = reportFormat(*args, kBacktestCommand, io, &exitCode);
  if (!format) return exitCode;

  ModelFile model = loadModelFile(args->positional[0]);
  if (!model.readError.empty()) return io.err << "mqlite backtest: " << model.readError << "\n", kExitFailure;
  for (const Problem& p : model.problems) io.err << args->positional[0] << ": " << p.str() << "\n";
  if (!model.model) return kExitFailure;

  std::optional<BacktestInput> input = readLeads(*args, io);
  if (!input) return kExitFailure;
  std::vector<ScoredLead> scored = scoreLeads(*model.model, model.model, input->leads, input->problems, &io);
  for (const LineProblem& p : input->problems)
    io.err << args->positional[1] << ":" << p.line << ": " << p.message << "\n";
  if (scored.empty()) io.err << "mqlite backtest: no usable lead in " << args->positional[1] << "\n";

  BacktestReport report = buildBacktestReport(*model.model, scored);
  std::string out = *format == "json"   ? backtestJson(report, *input).dump(2) + "\n"
                    : *format == "html" ? backtestHtml(report, *input)
                                        : backtestTable(report, *input);
  return writeReport(out, args->value("--out"), kBacktestCommand, io);
}

}  // namespace mqlite::cli
