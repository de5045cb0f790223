// The `mqlite` command line (SPEC §5): the real built binary on files under tests/cli/, plus the
// command functions and helpers in-process. Expected values are worked out by hand from the
// model (tests/cli/model.json) and the events, with the decay formula of SPEC §2 written out.
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "args.hpp"
#include "cli.hpp"
#include "json.hpp"
#include "lines.hpp"

namespace fs = std::filesystem;
using mqlite::json;
using namespace mqlite::cli;

namespace {

constexpr double kDay = 86400000.0;
constexpr double T0 = 1767225600000.0;  // 2026-01-01T00:00:00Z, the journey's first event

std::string dataPath(const std::string& name) { return std::string(MQLITE_TEST_DATA) + "/cli/" + name; }
std::string quoted(const std::string& s) { return "'" + s + "'"; }
std::string data(const std::string& name) { return quoted(dataPath(name)); }

// A fresh scratch directory per call, removed at the end of the process.
fs::path scratchDir() {
  static std::atomic<int> counter{0};
  fs::path dir = fs::temp_directory_path() /
                 ("mqlite-cli-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Run {
  int code = -1;
  std::string out, err;
  json parsed() const { return json::parse(out); }
};

// Runs the built `mqlite` with `args` (already shell-quoted), stdin from `stdinPath` if given.
Run runCli(const std::string& args, const std::string& stdinPath = "") {
  fs::path dir = scratchDir();
  std::string command = quoted(MQLITE_CLI) + " " + args + " > " + quoted((dir / "out").string()) +
                        " 2> " + quoted((dir / "err").string()) +
                        (stdinPath.empty() ? " < /dev/null" : " < " + quoted(stdinPath));
  int status = std::system(command.c_str());
  Run run;
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = slurp(dir / "out");
  run.err = slurp(dir / "err");
  fs::remove_all(dir);
  return run;
}

// Runs a command function in-process.
Run runInProcess(int (*command)(const std::vector<std::string>&, Io&), std::vector<std::string> args,
                 const std::string& stdinText = "", bool errIsTerminal = false) {
  std::istringstream in(stdinText);
  std::ostringstream out, err;
  Io io{in, out, err, errIsTerminal};
  Run run;
  run.code = command(args, io);
  run.out = out.str();
  run.err = err.str();
  return run;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> result;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) result.push_back(line);
  return result;
}

// SPEC §2: one award of `points` at `ts`, seen at `now`, with a half-life in days.
double decayed(double points, double ts, double now, double halfLifeDays) {
  return points * std::pow(0.5, (now - ts) / (halfLifeDays * kDay));
}

// The journey's awards (tests/cli/journey.jsonl), by rule, at `now`. Model decay: 7 days; the
// ebook rule overrides it with 2 days.
struct JourneyPoints {
  double pricing, blog, ebook, demo;
  double total() const { return pricing + blog + ebook + demo; }
};
JourneyPoints journeyPoints(double now) {
  return {decayed(10, T0 + 120000, now, 7) + decayed(10, T0 + 180000, now, 7),  // 3rd view: limit
          decayed(5, T0, now, 7) + decayed(5, T0 + 7200000, now, 7),
          decayed(15, T0 + 300000, now, 2),
          decayed(30, T0 + 7320000, now, 7)};
}

}  // namespace

TEST_CASE("validate: a valid model prints ok and exits 0", "[cli]") {
  Run run = runCli("validate " + data("model.json"));
  CHECK(run.code == 0);
  CHECK(run.out == "ok\n");
  CHECK(run.err.empty());
}

TEST_CASE("validate: an invalid model prints one pointer line per problem and exits 1", "[cli]") {
  Run run = runCli("validate " + data("invalid-model.json"));
  CHECK(run.code == 1);
  std::vector<std::string> problems = lines(run.out);
  REQUIRE(problems.size() >= 3);
  for (const std::string& line : problems) {
    INFO(line);
    CHECK(line.rfind("/", 0) == 0);
    CHECK(line.find(": ") != std::string::npos);
  }
  auto has = [&](const std::string& prefix) {
    for (const std::string& line : problems)
      if (line.rfind(prefix, 0) == 0) return true;
    return false;
  };
  CHECK(has("/version: "));
  CHECK(has("/engagement/rules/0/limit/per: must be one of session, day, lifetime"));
  CHECK(has("/engagement/rules/1/pionts: unknown key"));
  CHECK(run.out.find("ok") != 0);
}

TEST_CASE("validate: an unreadable file is named, with what to do, exit 1", "[cli]") {
  Run missing = runCli("validate " + data("no-such-model.json"));
  CHECK(missing.code == 1);
  CHECK(missing.out.empty());
  CHECK(missing.err.find("no-such-model.json") != std::string::npos);
  CHECK(missing.err.find("check the path") != std::string::npos);

  Run directory = runCli("validate " + quoted(MQLITE_TEST_DATA));
  CHECK(directory.code == 1);
  CHECK(directory.err.find("is a directory") != std::string::npos);
}

TEST_CASE("validate: usage errors exit 2 and point at --help", "[cli]") {
  Run none = runCli("validate");
  CHECK(none.code == 2);
  CHECK(none.err.find("missing MODEL.json") != std::string::npos);
  CHECK(none.err.find("mqlite validate --help") != std::string::npos);
  CHECK(runCli("validate a.json b.json").code == 2);
  CHECK(runCli("validate --strict " + data("model.json")).code == 2);
}

TEST_CASE("replay: a realistic journey, anonymous pages to identify to MQL to SAL", "[cli]") {
  Run run = runCli("replay " + data("model.json") + " " + data("journey.jsonl"));
  REQUIRE(run.code == 0);
  CHECK(run.err.empty());
  CHECK(lines(run.out).size() == 1);  // compact: one line
  json r = run.parsed();

  const double now = T0 + kDay;  // the last event, the SAL move
  JourneyPoints points = journeyPoints(now);
  CHECK(r["stage"] == "SAL");
  CHECK(r["score"]["engagement"].get<double>() == Approx(points.total()).epsilon(1e-9));
  CHECK(r["score"]["fit"].get<double>() == 30);  // exec 25 + company 5; not freemail
  CHECK(r["score"]["total"].get<double>() == Approx(points.total() + 30).epsilon(1e-9));
  CHECK(r["grade"] == "B");

  json expectedTransitions = json::parse(R"([
    {"from": "Anonymous", "to": "Known", "at": 1767232860000},
    {"from": "Known", "to": "Engaged", "at": 1767232860000},
    {"from": "Engaged", "to": "MQL", "at": 1767232920000},
    {"from": "MQL", "to": "SAL", "at": 1767312000000}])");
  CHECK(r["transitions"] == expectedTransitions);

  json engagement = r["explain"]["engagement"];
  REQUIRE(engagement.size() == 4);  // model order; deep-read and careers never awarded
  CHECK(engagement[0]["rule"] == "pricing");
  CHECK(engagement[0]["awards"] == 2);
  CHECK(engagement[0]["points"].get<double>() == Approx(points.pricing).epsilon(1e-9));
  CHECK(engagement[1]["rule"] == "blog");
  CHECK(engagement[1]["awards"] == 2);
  CHECK(engagement[1]["points"].get<double>() == Approx(points.blog).epsilon(1e-9));
  CHECK(engagement[2]["rule"] == "ebook");
  CHECK(engagement[2]["awards"] == 1);
  CHECK(engagement[2]["points"].get<double>() == Approx(points.ebook).epsilon(1e-9));
  CHECK(engagement[3]["rule"] == "demo");
  CHECK(engagement[3]["awards"] == 1);
  CHECK(engagement[3]["points"].get<double>() == Approx(points.demo).epsilon(1e-9));
  CHECK(r["explain"]["fit"] == json::parse(R"([{"rule": "exec", "points": 25},
                                               {"rule": "company", "points": 5}])"));

  json journey = r["journey"];
  CHECK(journey["sessions"] == 2);   // 2 h gap > 30 min
  CHECK(journey["pageViews"] == 6);
  CHECK(journey["firstTouch"] == json::parse(R"({"source": "newsletter", "medium": "email",
    "campaign": "launch", "referrer": null, "ts": 1767225600000,
    "landingPage": "https://acme.example/blog/intro?utm_source=newsletter&utm_medium=email&utm_campaign=launch"})"));
  CHECK(journey["lastTouch"]["source"] == "google");
  CHECK(journey["lastTouch"]["medium"] == "organic");
  CHECK(journey["lastTouch"]["campaign"].is_null());
  CHECK(journey["lastTouch"]["landingPage"] == "https://acme.example/blog/second");
  CHECK(journey["lastTouch"]["ts"] == 1767232800000);
  // Sanitized at rest: the search query (q=acme) is dropped.
  CHECK(journey["lastTouch"]["referrer"].get<std::string>().find("q=acme") == std::string::npos);
  CHECK(journey["phases"] == json::parse(R"([{"name": "Awareness", "at": 1767225600000},
    {"name": "Consideration", "at": 1767225720000}, {"name": "Conversion", "at": 1767232980000}])"));
  CHECK(r["errors"] == json::array());
}

TEST_CASE("replay: --now takes the scores at another time (decay)", "[cli]") {
  const double now = T0 + kDay + 14 * kDay;
  Run run = runCli("replay " + data("model.json") + " " + data("journey.jsonl") + " --now " +
                   std::to_string(static_cast<long long>(now)));
  REQUIRE(run.code == 0);
  json r = run.parsed();
  JourneyPoints points = journeyPoints(now);
  CHECK(r["score"]["engagement"].get<double>() == Approx(points.total()).epsilon(1e-9));
  // Two weeks after the demo request its 30 points have halved twice.
  CHECK(r["explain"]["engagement"][3]["points"].get<double>() ==
        Approx(30 * std::pow(0.5, (now - (T0 + 7320000)) / (7 * kDay))).epsilon(1e-9));
  CHECK(points.total() < journeyPoints(T0 + kDay).total() / 3);
  CHECK(r["stage"] == "SAL");  // a decayed score demotes no one
  CHECK(r["grade"] == "B");

  Run equals = runCli("replay " + data("model.json") + " " + data("journey.jsonl") + " --now=" +
                      std::to_string(static_cast<long long>(now)));
  CHECK(equals.out == run.out);
}

TEST_CASE("replay: --now before the last event is answered with a warning", "[cli]") {
  Run run = runCli("replay " + data("model.json") + " " + data("journey.jsonl") + " --now 1767225600000");
  CHECK(run.code == 0);
  CHECK(run.err.find("warning: --now 1767225600000 is before the last event (1767312000000)") !=
        std::string::npos);
  CHECK(run.parsed()["stage"] == "SAL");
  CHECK(runCli("replay " + data("model.json") + " " + data("journey.jsonl") + " --now 1767312000000")
            .err.empty());
}

TEST_CASE("replay: --now must be a number", "[cli]") {
  for (const char* bad : {"abc", "''", "12x", "0x10", "1e999", "-5"}) {
    INFO(bad);
    Run run = runCli("replay " + data("model.json") + " " + data("journey.jsonl") + " --now " + bad);
    CHECK(run.code == 2);
    CHECK(run.out.empty());
    CHECK(run.err.find("--now must be a number") != std::string::npos);
  }
  CHECK(runCli("replay " + data("model.json") + " " + data("journey.jsonl") + " --now").code == 2);
}

TEST_CASE("replay: bad lines are listed with their line numbers and skipped", "[cli]") {
  // bad-lines.jsonl: CRLF endings, a UTF-8 BOM on line 1, blank lines 2 and 6, no final newline.
  Run run = runCli("replay " + data("model.json") + " " + data("bad-lines.jsonl"));
  REQUIRE(run.code == 0);
  json r = run.parsed();
  json errors = r["errors"];
  REQUIRE(errors.size() == 4);
  CHECK(errors[0]["line"] == 3);
  CHECK(errors[0]["message"].get<std::string>().find("not valid JSON") != std::string::npos);
  CHECK(errors[1]["line"] == 4);
  CHECK(errors[1]["message"].get<std::string>().find("\"ts\" is required") != std::string::npos);
  CHECK(errors[2]["line"] == 5);  // refused stage move: names the stage
  CHECK(errors[2]["message"].get<std::string>().find("cannot move from Anonymous to Customer") !=
        std::string::npos);
  CHECK(errors[3]["line"] == 8);  // no such stage
  CHECK(errors[3]["message"].get<std::string>().find("\"to\"") != std::string::npos);

  // Lines 1 (after its BOM) and 7 still count; the scores are at line 7, the last accepted.
  CHECK(r["stage"] == "Anonymous");
  CHECK(r["transitions"] == json::array());
  CHECK(r["journey"]["pageViews"] == 2);
  CHECK(r["explain"]["engagement"][0]["awards"] == 2);
  CHECK(r["score"]["engagement"].get<double>() ==
        Approx(decayed(10, T0, T0 + 2000, 7) + 10).epsilon(1e-12));
}

TEST_CASE("replay: events from stdin with '-', pretty output", "[cli]") {
  Run fromFile = runCli("replay " + data("model.json") + " " + data("journey.jsonl"));
  Run fromStdin = runCli("replay " + data("model.json") + " -", dataPath("journey.jsonl"));
  CHECK(fromStdin.code == 0);
  CHECK(fromStdin.out == fromFile.out);

  Run pretty = runCli("replay --pretty " + data("model.json") + " " + data("journey.jsonl"));
  CHECK(pretty.code == 0);
  CHECK(lines(pretty.out).size() > 20);
  CHECK(pretty.out.find("\n  \"stage\": \"SAL\"") != std::string::npos);
  CHECK(pretty.parsed() == fromFile.parsed());
}

TEST_CASE("replay: a line over 1 MiB is reported, not read, and the next line counts", "[cli]") {
  fs::path dir = scratchDir();
  fs::path events = dir / "long.jsonl";
  {
    std::ofstream out(events, std::ios::binary);
    out << R"({"type": "page_view", "ts": 1767225600000, "url": "https://acme.example/pricing"})" << "\n";
    out << R"({"type": "page_view", "ts": 1767225600001, "title": ")" << std::string(1536 * 1024, 'x')
        << "\"}\n";
    out << R"({"type": "page_view", "ts": 1767225600002, "url": "https://acme.example/pricing"})" << "\n";
  }
  Run run = runCli("replay " + data("model.json") + " " + quoted(events.string()));
  fs::remove_all(dir);
  REQUIRE(run.code == 0);
  json r = run.parsed();
  REQUIRE(r["errors"].size() == 1);
  CHECK(r["errors"][0]["line"] == 2);
  CHECK(r["errors"][0]["message"].get<std::string>().find("longer than 1048576 bytes") != std::string::npos);
  CHECK(r["journey"]["pageViews"] == 2);
}

TEST_CASE("replay: an invalid model or an unreadable file is a clear failure (exit 1)", "[cli]") {
  Run invalid = runCli("replay " + data("invalid-model.json") + " " + data("journey.jsonl"));
  CHECK(invalid.code == 1);
  CHECK(invalid.out.empty());
  CHECK(invalid.err.find("is not a valid model") != std::string::npos);
  CHECK(invalid.err.find("/engagement/rules/0/limit/per: ") != std::string::npos);

  Run noModel = runCli("replay " + data("no-such-model.json") + " " + data("journey.jsonl"));
  CHECK(noModel.code == 1);
  CHECK(noModel.err.find("no-such-model.json") != std::string::npos);

  Run noEvents = runCli("replay " + data("model.json") + " " + data("no-such-events.jsonl"));
  CHECK(noEvents.code == 1);
  CHECK(noEvents.out.empty());
  CHECK(noEvents.err.find("cannot read") != std::string::npos);
  CHECK(noEvents.err.find("no-such-events.jsonl") != std::string::npos);

  CHECK(runCli("replay " + data("model.json")).code == 2);
}

TEST_CASE("help, version and unknown commands", "[cli]") {
  Run tool = runCli("--help");
  CHECK(tool.code == 0);
  CHECK(tool.out.find("Usage: mqlite <command>") != std::string::npos);
  CHECK(tool.out.find("validate") != std::string::npos);
  CHECK(tool.out.find("replay") != std::string::npos);
  CHECK(runCli("-h").out == tool.out);

  for (const char* command : {"validate", "replay"}) {
    INFO(command);
    Run help = runCli(std::string(command) + " --help");
    CHECK(help.code == 0);
    CHECK(help.out.rfind(std::string("Usage: mqlite ") + command, 0) == 0);
    CHECK(runCli(std::string(command) + " -h").out == help.out);
    CHECK(runCli(std::string("help ") + command).out == help.out);
  }
  CHECK(runCli("replay --help").out.find("--now MS") != std::string::npos);

  Run version = runCli("--version");
  CHECK(version.code == 0);
  CHECK(version.out == std::string("mqlite ") + MQLITE_VERSION + "\n");

  Run unknown = runCli("replya");
  CHECK(unknown.code == 2);
  CHECK(unknown.err.find("unknown command 'replya'") != std::string::npos);
  CHECK(unknown.err.find("Did you mean 'replay'?") != std::string::npos);
  CHECK(unknown.err.find("mqlite --help") != std::string::npos);
  CHECK(runCli("").code == 2);
  CHECK(runCli("--frobnicate").code == 2);
}

TEST_CASE("in-process: runValidate and runReplay", "[cli]") {
  Run ok = runInProcess(runValidate, {dataPath("model.json")});
  CHECK(ok.code == 0);
  CHECK(ok.out == "ok\n");
  Run bad = runInProcess(runValidate, {dataPath("invalid-model.json")});
  CHECK(bad.code == 1);
  CHECK(bad.out == runCli("validate " + data("invalid-model.json")).out);

  std::string events = slurp(dataPath("journey.jsonl"));
  Run replay = runInProcess(runReplay, {dataPath("model.json"), "-"}, events);
  CHECK(replay.code == 0);
  CHECK(replay.out == runCli("replay " + data("model.json") + " " + data("journey.jsonl")).out);
}

TEST_CASE("in-process: progress goes to stderr only when it is a terminal", "[cli]") {
  std::string events(250000, '\n');  // blank lines: cheap, but counted
  events += R"({"type": "page_view", "ts": 1767225600000, "url": "https://acme.example/pricing"})";
  Run terminal = runInProcess(runReplay, {dataPath("model.json"), "-"}, events, true);
  CHECK(terminal.code == 0);
  CHECK(terminal.err.find("100000 lines read") != std::string::npos);
  CHECK(terminal.err.find("200000 lines read") != std::string::npos);
  CHECK(json::parse(terminal.out)["journey"]["pageViews"] == 1);

  Run piped = runInProcess(runReplay, {dataPath("model.json"), "-"}, events, false);
  CHECK(piped.err.empty());
  CHECK(piped.out == terminal.out);
}

TEST_CASE("LineReader: CRLF, BOM, final line without newline, bounded long lines", "[cli]") {
  std::istringstream in("\xEF\xBB\xBF" "one\r\ntwo\n\n" + std::string(20, 'x') + "\nlast");
  LineReader reader(in, 10);
  std::string line;
  REQUIRE(reader.next(line) == LineReader::Status::Line);
  CHECK(line == "one");
  REQUIRE(reader.next(line) == LineReader::Status::Line);
  CHECK(line == "two");
  REQUIRE(reader.next(line) == LineReader::Status::Line);
  CHECK(line.empty());
  REQUIRE(reader.next(line) == LineReader::Status::TooLong);
  CHECK(reader.lineNumber() == 4);
  REQUIRE(reader.next(line) == LineReader::Status::Line);
  CHECK(line == "last");
  CHECK(reader.lineNumber() == 5);
  CHECK(reader.next(line) == LineReader::Status::End);

  std::istringstream exact(std::string(10, 'y') + "\r\n" + std::string(11, 'z'));
  LineReader bounded(exact, 10);
  CHECK(bounded.next(line) == LineReader::Status::Line);  // 10 bytes + CR: fits
  CHECK(line == std::string(10, 'y'));
  CHECK(bounded.next(line) == LineReader::Status::TooLong);
}

TEST_CASE("parseArgs and parseNumber", "[cli]") {
  std::vector<OptionSpec> options{{"--now", true}, {"--pretty", false}};
  std::string error;
  auto args = parseArgs({"m.json", "--now=5", "--pretty", "--", "-", "--x"}, options, &error);
  REQUIRE(args);
  CHECK(args->positional == std::vector<std::string>{"m.json", "-", "--x"});
  CHECK(*args->value("--now") == "5");
  CHECK(args->has("--pretty"));
  CHECK_FALSE(args->help);

  CHECK_FALSE(parseArgs({"--later"}, options, &error));
  CHECK(error == "unknown option '--later'");
  CHECK_FALSE(parseArgs({"--now", "1", "--now", "2"}, options, &error));
  CHECK(error == "option '--now' is given twice");
  CHECK_FALSE(parseArgs({"--pretty=yes"}, options, &error));
  CHECK(parseArgs({"a", "-h"}, options, &error)->help);

  CHECK(parseNumber("1767225600000") == 1767225600000.0);
  CHECK(parseNumber("-1.5e2") == -150.0);
  CHECK_FALSE(parseNumber(""));
  CHECK_FALSE(parseNumber(" 1"));
  CHECK_FALSE(parseNumber("1 "));
  CHECK_FALSE(parseNumber("nan"));
  CHECK_FALSE(parseNumber("1e400"));
}
