#include "args.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <ostream>

namespace mqlite::cli {

namespace {

const OptionSpec* findOption(const std::vector<OptionSpec>& options, std::string_view name) {
  for (const OptionSpec& option : options)
    if (option.name == name) return &option;
  return nullptr;
}

bool looksLikeOption(const std::string& arg) { return arg.size() > 1 && arg[0] == '-'; }

// Handles one option argument at argv[i] (advancing i past its value); false on an error.
bool takeOption(const std::vector<std::string>& argv, size_t& i,
                const std::vector<OptionSpec>& options, Args& args, std::string* error) {
  const std::string& arg = argv[i];
  if (arg == "-h" || arg == "--help") {
    args.help = true;
    return true;
  }
  size_t eq = arg.find('=');
  std::string name = arg.substr(0, eq);
  const OptionSpec* spec = findOption(options, name);
  if (!spec) {
    *error = "unknown option '" + name + "'";
    return false;
  }
  if (args.values.count(name) || args.flags.count(name)) {
    *error = "option '" + name + "' is given twice";
    return false;
  }
  if (!spec->takesValue) {
    if (eq != std::string::npos) {
      *error = "option '" + name + "' takes no value";
      return false;
    }
    args.flags.insert(name);
    return true;
  }
  if (eq != std::string::npos) {
    args.values[name] = arg.substr(eq + 1);
  } else if (i + 1 < argv.size()) {
    args.values[name] = argv[++i];
  } else {
    *error = "option '" + name + "' needs a value";
    return false;
  }
  return true;
}

}  // namespace

const std::string* Args::value(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? nullptr : &it->second;
}

std::optional<Args> parseArgs(const std::vector<std::string>& argv,
                              const std::vector<OptionSpec>& options, std::string* error) {
  Args args;
  bool optionsEnded = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (!optionsEnded && arg == "--") {
      optionsEnded = true;
    } else if (!optionsEnded && looksLikeOption(arg)) {
      if (!takeOption(argv, i, options, args, error)) return std::nullopt;
    } else {
      args.positional.push_back(arg);
    }
  }
  return args;
}

std::optional<Args> parseCommandArgs(const Command& command, const CommandSyntax& syntax,
                                     const std::vector<std::string>& argv, Io& io, int* exitCode) {
  std::string error;
  std::optional<Args> args = parseArgs(argv, syntax.options, &error);
  if (args && args->help) {
    io.out << command.help;
    *exitCode = kExitOk;
    return std::nullopt;
  }
  const size_t wanted = syntax.positionalNames.size();
  if (args && args->positional.size() < wanted) {
    error = "missing " + syntax.positionalNames[args->positional.size()];
    args.reset();
  } else if (args && args->positional.size() > wanted) {
    error = "unexpected argument '" + args->positional[wanted] + "'";
    args.reset();
  }
  if (!args) *exitCode = usageError(command, error, io.err);
  return args;
}

std::optional<double> parseNumber(std::string_view text) {
  std::string s(text);
  // Plain decimal notation only: strtod alone would also take hex, "inf" and leading blanks.
  if (s.empty() || s.find_first_not_of("0123456789+-.eE") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(value)) return std::nullopt;
  return value;
}

int usageError(const Command& command, const std::string& message, std::ostream& err) {
  std::string help = command.help;
  std::string usageLine = help.substr(0, help.find('\n'));
  err << "mqlite " << command.name << ": " << message << "\n"
      << usageLine << "\n"
      << "Run 'mqlite " << command.name << " --help' for details.\n";
  return kExitUsage;
}

}  // namespace mqlite::cli
