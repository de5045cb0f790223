// Plumbing shared by the review commands (backtest, funnel): report output and a progress line
// on stderr when it is a terminal.
#pragma once
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "args.hpp"
#include "cli.hpp"

namespace mqlite::cli {

// Largest input file the review commands read (leads CSV, JSONL logs), in bytes.
inline constexpr size_t kMaxReviewInputBytes = size_t(1) << 30;

// Reads a whole input file of any size up to kMaxReviewInputBytes, allocating only what the file
// holds (readTextFile reserves its maximum up front). On failure says why on io.err, as
// "mqlite COMMAND: …" (error text as readTextFile's), and returns false.
bool readReviewInput(const Command& command, const std::string& path, std::string* text, Io& io);

// Parses a review command's options: -h/--help prints the command's help (exit 0); a usage error
// prints why (exit 2); so does a positional count outside [minPositional, maxPositional].
std::optional<Args> parseReviewArgs(const Command& command, const std::vector<OptionSpec>& options,
                                    size_t minPositional, size_t maxPositional,
                                    const std::vector<std::string>& argv, Io& io, int* exitCode);

// The value of --format, checked: table, json or html.
std::optional<std::string> reportFormat(const Args& args, const Command& command, Io& io, int* exitCode);

// Writes `text` to `outPath` (a file), or to io.out when it is empty or "-".
int writeReport(const std::string& text, const std::string* outPath, const Command& command, Io& io);

// "N/total label" on stderr, refreshed in place about every 1 % of the run; only when stderr is
// a terminal and the run is long enough to notice.
class Progress {
 public:
  Progress(std::string label, size_t total, Io& io);
  ~Progress();
  void tick(size_t done);

 private:
  std::string label_;
  size_t total_, step_;
  std::ostream& err_;
  bool enabled_, shown_ = false;
};

}  // namespace mqlite::cli
