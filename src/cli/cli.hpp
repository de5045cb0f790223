// The `mqlite` command line (SPEC §5): every command is a function of its arguments and its
// streams, so tests can run it in-process as well as through the built binary.
#pragma once
#include <fstream>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "model.hpp"

namespace mqlite::cli {

enum ExitCode { kExitOk = 0, kExitFailure = 1, kExitUsage = 2 };

// Where a command reads and writes. `errIsTerminal` turns on progress lines for long runs.
struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool errIsTerminal = false;
};

struct Command {
  const char* name;
  const char* summary;  // one line, for `mqlite --help`
  const char* help;     // full text for `mqlite NAME --help`; its first line is the usage
  int (*run)(const std::vector<std::string>& args, Io& io);  // args: after the command name
};

// To add a command: define its Command in its own file, declare it here, list it in main.cpp.
extern const Command kValidateCommand;
extern const Command kReplayCommand;
extern const Command kFunnelCommand;    // funnel_cmd.cpp
extern const Command kBacktestCommand;  // backtest_cmd.cpp

int runValidate(const std::vector<std::string>& args, Io& io);
int runReplay(const std::vector<std::string>& args, Io& io);

// Prints "mqlite NAME: MESSAGE", the usage line and a pointer to --help on `err`; returns 2.
int usageError(const Command& command, const std::string& message, std::ostream& err);

// Reads a whole file (at most `maxBytes`; "-" is not special here). On failure returns false
// and sets `error` to a sentence naming the file, what went wrong and what to do.
bool readTextFile(const std::string& path, size_t maxBytes, std::string* text, std::string* error);

// Opens a file for reading (not a directory). On failure returns false and sets `error` as above.
bool openInputFile(const std::string& path, std::ifstream& file, std::string* error);

// A model file read and checked. Exactly one of: `model` set; `problems` non-empty (the file is
// not a valid model); `readError` non-empty (the file could not be read).
struct ModelFile {
  ModelPtr model;
  std::vector<Problem> problems;
  std::string readError;
};
ModelFile loadModelFile(const std::string& path);

}  // namespace mqlite::cli
