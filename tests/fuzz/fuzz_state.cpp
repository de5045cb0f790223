// State decoder: Engine::restore on arbitrary blobs (refused with a message, or restored to an
// engine that works), and the save/restore round trip of a state built from the input's lines
// as events: the restored engine must give identical results for every later event.
// A checksum guards the blob, which random bytes almost never pass: the input is also sealed as
// the payload of a well-formed blob (mirroring engine_state.cpp), so the decoder itself is fuzzed.
#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz_support.hpp"

using namespace mqlite;
using mqlite::fuzz::check;

namespace {

const char* const kLaterEvents[] = {
    R"({"type":"page_view","ts":1800000000000,"url":"/pricing?utm_campaign=later","title":"P"})",
    R"({"type":"identify","ts":1800000001000,"traits":{"email":"chief@corp.example","title":"Chief"}})",
    R"({"type":"stage","ts":1800000002000,"to":"SAL"})",
};

// A model sharing only some rule ids with the SPEC model: restoring under it keeps what applies.
ModelPtr otherModel() {
  static const ModelPtr model = [] {
    ModelResult result = loadModel(std::string_view(R"({"version":1,"id":"other",
      "engagement":{"rules":[{"id":"pricing","event":"page_view","match":{"path":"/p*"},"points":7}]}})"));
    check(result.model != nullptr, "the other model loads");
    return result.model;
  }();
  return model;
}

// `mq1.<FNV-1a 64 of payload, 16 hex digits>.<payload>`, as Engine::save() writes it.
std::string seal(std::string_view payload) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : payload) hash = (hash ^ c) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return "mq1." + std::string(hex) + "." + std::string(payload);
}

// Fails loudly if the saved-state format moved away from what seal() writes.
void checkSealMatchesSave() {
  static const bool checked = [] {
    Engine engine(fuzz::specModel());
    engine.ingestJson(R"({"type":"page_view","ts":1700000000000,"url":"/pricing"})");
    std::string blob = engine.save();
    check(blob.size() > 21 && seal(std::string_view(blob).substr(21)) == blob,
          "seal() matches Engine::save(): update fuzz_state.cpp to the new format");
    return true;
  }();
  (void)checked;
}

void checkRestoredWorks(Engine& engine) {
  fuzz::checkReport(engine);
  for (const char* line : kLaterEvents) engine.ingestJson(line);
  fuzz::checkReport(engine);
}

void decodeArbitraryBlob(std::string_view blob) {
  for (const auto& model : {fuzz::specModel(), otherModel()}) {
    std::string error;
    std::optional<Engine> engine = Engine::restore(model, blob, &error);
    check(engine.has_value() || !error.empty(), "a refused blob says why");
    if (engine) checkRestoredWorks(*engine);
  }
}

void roundTrip(const uint8_t* data, size_t size) {
  Engine original(fuzz::specModel());
  for (std::string_view line : fuzz::splitLines(data, size)) original.ingestJson(line);
  std::string blob = original.save();
  std::string error;
  std::optional<Engine> restored = Engine::restore(fuzz::specModel(), blob, &error);
  if (!restored) std::fprintf(stderr, "restore error: %s\n", error.c_str());
  check(restored.has_value(), "restore(save()) succeeds");
  check(restored->save() == blob, "save(restore(blob)) == blob");
  for (const char* line : kLaterEvents) {
    IngestResult a = original.ingestJson(line), b = restored->ingestJson(line);
    check(a.ok == b.ok && a.entered.size() == b.entered.size(), "same result for a later event");
  }
  check(original.report(std::nullopt, true) == restored->report(std::nullopt, true),
        "restored engine reports the same after later events");
  std::optional<Engine> foreign = Engine::restore(otherModel(), blob, &error);
  if (foreign) checkRestoredWorks(*foreign);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  checkSealMatchesSave();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  decodeArbitraryBlob(input);
  decodeArbitraryBlob(seal(input));
  roundTrip(data, size);
  return 0;
}
