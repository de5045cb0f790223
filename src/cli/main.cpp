// `mqlite`: dispatches to a command. To add a command, list its Command below (see cli.hpp).
#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "text.hpp"

#ifdef _WIN32
#include <io.h>
#define MQLITE_ISATTY(fd) _isatty(fd)
#else
#include <unistd.h>
#define MQLITE_ISATTY(fd) isatty(fd)
#endif

using namespace mqlite::cli;

namespace {

const Command* const kCommands[] = {
    &kValidateCommand,
    &kReplayCommand,
    &kBacktestCommand,
    &kFunnelCommand,
};

const Command* findCommand(const std::string& name) {
  for (const Command* command : kCommands)
    if (name == command->name) return command;
  return nullptr;
}

void printToolHelp(std::ostream& out) {
  out << "Usage: mqlite <command> [arguments]\n"
         "\n"
         "Lead scoring and customer journeys from the command line.\n"
         "\n"
         "Commands:\n";
  for (const Command* command : kCommands) {
    std::string name = command->name;
    out << "  " << name << std::string(name.size() < 12 ? 12 - name.size() : 1, ' ')
        << command->summary << "\n";
  }
  out << "\n"
         "Options:\n"
         "  -h, --help   show this help ('mqlite <command> --help' for a command)\n"
         "  --version    print the version\n";
}

int unknownCommand(const std::string& name, std::ostream& err) {
  err << "mqlite: unknown command '" << name << "'.";
  std::vector<std::string> names;
  for (const Command* command : kCommands) names.push_back(command->name);
  if (auto guess = mqlite::text::closest(name, names)) err << " Did you mean '" << *guess << "'?";
  err << "\nRun 'mqlite --help' to list the commands.\n";
  return kExitUsage;
}

int runCommand(const Command& command, const std::vector<std::string>& args, Io& io) {
  try {
    return command.run(args, io);
  } catch (const std::exception& e) {  // a bug or out of memory: say so rather than abort
    io.err << "mqlite " << command.name << ": internal error: " << e.what() << "\n";
    return kExitFailure;
  }
}

int dispatch(const std::vector<std::string>& args, Io& io) {
  if (args.empty()) {
    printToolHelp(io.err);
    return kExitUsage;
  }
  const std::string& first = args[0];
  if (first == "-h" || first == "--help" || (first == "help" && args.size() == 1)) {
    printToolHelp(io.out);
    return kExitOk;
  }
  if (first == "--version") {
    io.out << "mqlite " << MQLITE_VERSION << "\n";
    return kExitOk;
  }
  if (first == "help") {
    const Command* command = findCommand(args[1]);
    if (!command) return unknownCommand(args[1], io.err);
    io.out << command->help;
    return kExitOk;
  }
  if (first.size() > 1 && first[0] == '-') {
    io.err << "mqlite: unknown option '" << first << "'.\nRun 'mqlite --help' for usage.\n";
    return kExitUsage;
  }
  const Command* command = findCommand(first);
  if (!command) return unknownCommand(first, io.err);
  return runCommand(*command, std::vector<std::string>(args.begin() + 1, args.end()), io);
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  Io io{std::cin, std::cout, std::cerr, MQLITE_ISATTY(2) != 0};
  int code = dispatch(std::vector<std::string>(argv + 1, argv + argc), io);
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "mqlite: cannot write the output (is the disk full or the pipe closed?)\n";
    return kExitFailure;
  }
  return code;
}
