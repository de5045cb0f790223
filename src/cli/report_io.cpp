#include "report_io.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace mqlite::cli {

namespace {

bool readWhole(const std::string& path, std::string* text, std::string* error) {
  std::ifstream file;
  if (!openInputFile(path, file, error)) return false;
  std::string chunk(1 << 16, '\0');
  text->clear();
  while (file.read(chunk.data(), std::streamsize(chunk.size())) || file.gcount() > 0) {
    text->append(chunk.data(), size_t(file.gcount()));
    if (text->size() > kMaxReviewInputBytes) {
      *error = "'" + path + "' is larger than " + std::to_string(kMaxReviewInputBytes) + " bytes";
      return false;
    }
  }
  if (file.bad()) {
    *error = "cannot read '" + path + "': read error (check the file and the disk)";
    return false;
  }
  return true;
}

}  // namespace

bool readReviewInput(const Command& command, const std::string& path, std::string* text, Io& io) {
  std::string error;
  if (readWhole(path, text, &error)) return true;
  io.err << "mqlite " << command.name << ": " << error << "\n";
  return false;
}

std::optional<Args> parseReviewArgs(const Command& command, const std::vector<OptionSpec>& options,
                                    size_t minPositional, size_t maxPositional,
                                    const std::vector<std::string>& argv, Io& io, int* exitCode) {
  std::string error;
  std::optional<Args> args = parseArgs(argv, options, &error);
  if (args && args->help) {
    io.out << command.help;
    *exitCode = kExitOk;
    return std::nullopt;
  }
  if (args && args->positional.size() < minPositional) error = "missing arguments";
  if (args && args->positional.size() > maxPositional)
    error = "unexpected argument '" + args->positional[maxPositional] + "'";
  if (!error.empty()) {
    *exitCode = usageError(command, error, io.err);
    return std::nullopt;
  }
  return args;
}

std::optional<std::string> reportFormat(const Args& args, const Command& command, Io& io, int* exitCode) {
  const std::string* format = args.value("--format");
  std::string value = format ? *format : "table";
  if (value == "table" || value == "json" || value == "html") return value;
  *exitCode = usageError(command, "--format must be table, json or html, not '" + value + "'", io.err);
  return std::nullopt;
}

int writeReport(const std::string& text, const std::string* outPath, const Command& command, Io& io) {
  if (!outPath || outPath->empty() || *outPath == "-") {
    io.out << text;
    return kExitOk;
  }
  std::ofstream out(*outPath, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    io.err << "mqlite " << command.name << ": cannot write '" << *outPath
           << "': " << std::strerror(errno) << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

Progress::Progress(std::string label, size_t total, Io& io)
    : label_(std::move(label)), total_(total), step_(total / 100 + 1), err_(io.err),
      enabled_(io.errIsTerminal && total >= 2000) {}

Progress::~Progress() {
  if (enabled_ && shown_) err_ << "\r" << std::string(label_.size() + 32, ' ') << "\r" << std::flush;
}

void Progress::tick(size_t done) {
  if (!enabled_ || (done % step_ != 0 && done != total_)) return;
  err_ << "\r" << done << "/" << total_ << " " << label_ << std::flush;
  shown_ = true;
}

}  // namespace mqlite::cli
