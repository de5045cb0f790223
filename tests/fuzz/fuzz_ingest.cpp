// Event ingestion: the SPEC example model, the input split into lines, each line given to
// Engine::ingestJson. Whatever the lines, the report stays strict JSON with finite numbers.
#include "fuzz_support.hpp"

using namespace mqlite;
using mqlite::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Engine engine(fuzz::specModel());
  for (std::string_view line : fuzz::splitLines(data, size)) {
    IngestResult result = engine.ingestJson(line);
    check(result.ok || !result.error.empty(), "a refused event says why");
    check(result.ok || result.entered.empty(), "a refused event enters no stage");
  }
  fuzz::checkReport(engine);
  return 0;
}
