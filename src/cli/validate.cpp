// `mqlite validate MODEL.json` (SPEC §5): "ok", or one "<JSON pointer>: <problem>" line each.
#include <ostream>

#include "args.hpp"
#include "cli.hpp"

namespace mqlite::cli {

const Command kValidateCommand = {
    "validate", "check a scoring model and list every problem in it",
    "Usage: mqlite validate MODEL.json\n"
    "\n"
    "Checks a scoring model (SPEC section 2). Prints 'ok' and exits 0 when the model is valid;\n"
    "otherwise prints one line per problem, '<JSON pointer>: <what is wrong>', for example\n"
    "  /engagement/rules/2/limit/per: must be one of session, day, lifetime\n"
    "and exits 1. A file that cannot be read is reported on stderr (exit 1).\n"
    "\n"
    "Options:\n"
    "  -h, --help   show this help\n"
    "\n"
    "Exit status: 0 valid, 1 invalid or unreadable, 2 usage error.\n",
    runValidate};

int runValidate(const std::vector<std::string>& argv, Io& io) {
  int exitCode = kExitOk;
  std::optional<Args> args = parseCommandArgs(kValidateCommand, {{}, {"MODEL.json"}}, argv, io, &exitCode);
  if (!args) return exitCode;

  ModelFile file = loadModelFile(args->positional[0]);
  if (!file.readError.empty()) {
    io.err << "mqlite validate: " << file.readError << "\n";
    return kExitFailure;
  }
  for (const Problem& problem : file.problems) io.out << problem.str() << "\n";
  if (!file.problems.empty()) return kExitFailure;
  io.out << "ok\n";
  return kExitOk;
}

}  // namespace mqlite::cli
