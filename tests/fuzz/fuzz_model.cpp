// Model parser: loadModel on arbitrary text. A model either loads (and then drives an engine
// without trouble) or is refused with problems that each say where and what.
#include <string_view>

#include "fuzz_support.hpp"

using namespace mqlite;
using mqlite::fuzz::check;

namespace {

// Events touching every field a rule, fit rule or phase can test.
const char* const kEvents[] = {
    R"({"type":"page_view","ts":1700000000000,"url":"https://acme.com/pricing?utm_medium=email&utm_campaign=x","title":"Pricing","referrer":"https://www.google.com/"})",
    R"({"type":"download","ts":1700000060000,"props":{"href":"/a.pdf","n":3,"nested":{"k":"v"}}})",
    R"({"type":"scroll","ts":1700000120000,"url":"/blog/post","props":{"depth":75}})",
    R"({"type":"identify","ts":1700000180000,"traits":{"email":"vp@gmail.com","title":"VP Sales","size":250}})",
    R"({"type":"page_view","ts":1700090000000,"url":"/demo","title":"Demo"})",
    R"({"type":"stage","ts":1700090001000,"to":"SAL"})",
    R"({"type":"custom","ts":1700090002000,"props":{"x":true}})",
};

void driveEngine(ModelPtr model) {
  Engine engine(model);
  for (const char* line : kEvents) engine.ingestJson(line);
  fuzz::checkReport(engine);
  std::string error;
  auto restored = Engine::restore(model, engine.save(), &error);
  check(restored.has_value(), "restore(save()) succeeds under the same model");
  check(restored->report(std::nullopt, true) == engine.report(std::nullopt, true),
        "restore(save()) reports the same");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ModelResult result = loadModel(text);
  check((result.model != nullptr) == result.problems.empty(), "a model XOR problems");
  for (const Problem& problem : result.problems) {
    check(!problem.pointer.empty() && problem.pointer[0] == '/', "problem pointer is a JSON pointer");
    check(!problem.message.empty(), "problem says what is wrong");
  }
  if (result.model) driveEngine(result.model);
  return 0;
}
