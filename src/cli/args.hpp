// Tiny argument parsing shared by the commands: positionals, `--flag`, `--name VALUE` or
// `--name=VALUE`, `-h`/`--help`, `--` ending the options and `-` as a positional (stdin).
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"

namespace mqlite::cli {

struct OptionSpec {
  std::string name;  // with its dashes: "--now"
  bool takesValue = false;
};

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;  // options that take a value, by name
  std::set<std::string> flags;                // options without a value that were given
  bool help = false;

  bool has(const std::string& flag) const { return flags.count(flag) > 0; }
  const std::string* value(const std::string& name) const;
};

// Parses `argv` against the options a command knows. Unknown options, a missing value and a
// repeated option are errors (message in `error`).
std::optional<Args> parseArgs(const std::vector<std::string>& argv,
                              const std::vector<OptionSpec>& options, std::string* error);

// What a command accepts, for parseCommandArgs.
struct CommandSyntax {
  std::vector<OptionSpec> options;
  std::vector<std::string> positionalNames;  // all required, e.g. {"MODEL.json", "EVENTS.jsonl"}
};

// Parses a command's arguments. Returns nullopt when the command should stop at once, with
// `*exitCode` set: 0 after printing its help (-h/--help), 2 after a usage error.
std::optional<Args> parseCommandArgs(const Command& command, const CommandSyntax& syntax,
                                     const std::vector<std::string>& argv, Io& io, int* exitCode);

// A whole string as a finite number ("12", "-1.5", "1e3"); nullopt for anything else.
std::optional<double> parseNumber(std::string_view text);

}  // namespace mqlite::cli
