// `mqlite replay MODEL.json EVENTS.jsonl [--now MS]` (SPEC §5): feeds one person's events to the
// engine and prints its report plus the lines that were skipped, as one JSON object.
#include <ostream>

#include "args.hpp"
#include "cli.hpp"
#include "engine.hpp"
#include "lines.hpp"
#include "text.hpp"

namespace mqlite::cli {

const Command kReplayCommand = {
    "replay", "score one person's events with a model and print the result as JSON",
    "Usage: mqlite replay MODEL.json EVENTS.jsonl [--now MS] [--pretty]\n"
    "\n"
    "Reads EVENTS.jsonl (one JSON event per line; '-' reads stdin) in order, scores them with\n"
    "MODEL.json and prints one JSON object: stage, score {engagement, fit, total}, grade,\n"
    "transitions, explain, journey and errors [{line, message}].\n"
    "A bad line (invalid JSON, an invalid event, a refused stage move, a line over 1 MiB) is\n"
    "listed in errors with its line number and skipped; the rest still counts. Blank lines are\n"
    "skipped. CRLF line endings and a UTF-8 byte order mark are accepted.\n"
    "\n"
    "Options:\n"
    "  --now MS     take the scores at this time (ms since the Unix epoch);\n"
    "               default: the ts of the last accepted event\n"
    "  --pretty     indent the JSON (default: one compact line)\n"
    "  -h, --help   show this help\n"
    "\n"
    "Exit status: 0 replayed (even with bad lines), 1 invalid model or unreadable file,\n"
    "2 usage error.\n",
    runReplay};

namespace {

constexpr size_t kProgressEvery = 100000;
// Bad lines listed in "errors"; past this they are only counted (a summary goes to stderr),
// so a file of garbage cannot grow the output without bound.
constexpr size_t kMaxListedErrors = 10000;

struct ReplayOptions {
  std::string modelPath, eventsPath;
  std::optional<double> now;
  bool pretty = false;
};

std::optional<ReplayOptions> readOptions(const std::vector<std::string>& argv, Io& io, int* exitCode) {
  CommandSyntax syntax{{{"--now", true}, {"--pretty", false}}, {"MODEL.json", "EVENTS.jsonl"}};
  std::optional<Args> args = parseCommandArgs(kReplayCommand, syntax, argv, io, exitCode);
  if (!args) return std::nullopt;
  ReplayOptions options{args->positional[0], args->positional[1], std::nullopt, args->has("--pretty")};
  if (const std::string* now = args->value("--now")) {
    options.now = parseNumber(*now);
    if (!options.now || *options.now < 0 || *options.now > kMaxTimestamp) {
      *exitCode = usageError(kReplayCommand,
                             "--now must be a number of ms since the Unix epoch (0 to " +
                                 std::to_string(static_cast<long long>(kMaxTimestamp)) + "), not '" +
                                 *now + "'",
                             io.err);
      return std::nullopt;
    }
  }
  return options;
}

class ErrorList {
 public:
  void add(size_t line, const std::string& message) {
    if (listed_.size() < kMaxListedErrors)
      listed_.push_back({{"line", line}, {"message", message}});
    else
      ++omitted_;
  }
  size_t omitted() const { return omitted_; }
  json take() { return std::move(listed_); }

 private:
  json listed_ = json::array();
  size_t omitted_ = 0;
};

bool isBlank(const std::string& line) {
  return line.find_first_not_of(" \t\r\f\v") == std::string::npos;
}

class Progress {
 public:
  explicit Progress(Io& io) : io_(io) {}
  ~Progress() {
    if (shown_) io_.err << "\n";
  }
  void at(size_t line) {
    if (!io_.errIsTerminal || line % kProgressEvery != 0) return;
    io_.err << "\rmqlite replay: " << line << " lines read" << std::flush;
    shown_ = true;
  }

 private:
  Io& io_;
  bool shown_ = false;
};

// Feeds every line to the engine; false when the input could not be read to its end.
bool replayLines(std::istream& in, Engine& engine, ErrorList& errors, Io& io) {
  LineReader reader(in);
  Progress progress(io);
  std::string line;
  for (LineReader::Status status; (status = reader.next(line)) != LineReader::Status::End;) {
    progress.at(reader.lineNumber());
    if (status == LineReader::Status::TooLong) {
      errors.add(reader.lineNumber(), "line is longer than " + std::to_string(kMaxLineBytes) +
                                          " bytes (1 MiB); one event per line is expected");
      continue;
    }
    if (isBlank(line)) continue;
    IngestResult result = engine.ingestJson(line);
    if (!result.ok) errors.add(reader.lineNumber(), result.error);
  }
  return !reader.failed() && !in.bad();
}

// Loads the model for replay; on failure reports on stderr and sets *exitCode.
ModelPtr loadReplayModel(const std::string& path, Io& io, int* exitCode) {
  ModelFile file = loadModelFile(path);
  *exitCode = kExitFailure;
  if (!file.readError.empty()) {
    io.err << "mqlite replay: " << file.readError << "\n";
  } else if (!file.model) {
    io.err << "mqlite replay: '" << path << "' is not a valid model (see 'mqlite validate'):\n";
    for (const Problem& problem : file.problems) io.err << problem.str() << "\n";
  } else {
    *exitCode = kExitOk;
  }
  return file.model;
}

// Scores decay forwards in time: taken before the events, every award would count for more than
// its points (SPEC §2's formula grows without bound). Still answered, but never silently.
void warnIfNowBeforeEvents(std::optional<double> now, std::optional<double> lastTs, Io& io) {
  if (!now || !lastTs || *now >= *lastTs) return;
  io.err << "mqlite replay: warning: --now " << text::shortestNumber(*now) << " is before the last event ("
         << text::shortestNumber(*lastTs)
         << "); scores taken before an award are inflated, not meaningful. Use a --now at or after "
            "the last event, or replay only the events up to that time.\n";
}

}  // namespace

int runReplay(const std::vector<std::string>& argv, Io& io) {
  int exitCode = kExitOk;
  std::optional<ReplayOptions> options = readOptions(argv, io, &exitCode);
  if (!options) return exitCode;
  ModelPtr model = loadReplayModel(options->modelPath, io, &exitCode);
  if (!model) return exitCode;

  std::ifstream file;
  std::string openError;
  const bool fromStdin = options->eventsPath == "-";
  if (!fromStdin && !openInputFile(options->eventsPath, file, &openError)) {
    io.err << "mqlite replay: " << openError << "\n";
    return kExitFailure;
  }
  Engine engine(model);
  ErrorList errors;
  if (!replayLines(fromStdin ? io.in : file, engine, errors, io)) {
    io.err << "mqlite replay: cannot read '" << (fromStdin ? "stdin" : options->eventsPath)
           << "' to its end (read error)\n";
    return kExitFailure;
  }
  if (errors.omitted())
    io.err << "mqlite replay: " << errors.omitted() << " more bad lines not listed in errors (only the first "
           << kMaxListedErrors << " are)\n";

  warnIfNowBeforeEvents(options->now, engine.lastEventTs(), io);
  json report = engine.report(options->now);
  report["errors"] = errors.take();
  io.out << report.dump(options->pretty ? 2 : -1) << "\n";
  return kExitOk;
}

}  // namespace mqlite::cli
