#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "event.hpp"

using namespace mqlite;

namespace {

std::string refusal(const std::string& text) {
  std::string error;
  const auto e = parseEvent(text, &error);
  CHECK_FALSE(e);
  return error;
}

}  // namespace

TEST_CASE("event: a full page_view", "[event]") {
  std::string error;
  const auto e = parseEvent(R"({"type":"page_view","ts":1700000000000,"url":"https://a.com/x",
      "title":"X","referrer":"https://google.com/","props":{"k":1},"traits":{"email":"a@b.co"},
      "unknownKey":[1,2]})", &error);
  REQUIRE(e);
  CHECK(error.empty());
  CHECK(e->type == "page_view");
  CHECK(e->ts == 1700000000000.0);
  CHECK(*e->url == "https://a.com/x");
  CHECK(*e->title == "X");
  CHECK(*e->referrer == "https://google.com/");
  CHECK(e->props["k"] == 1);
  CHECK(e->traits["email"] == "a@b.co");
  CHECK_FALSE(e->to);
}

TEST_CASE("event: optional fields default, null counts as absent", "[event]") {
  std::string error;
  const auto e = parseEvent(R"({"type":"click","ts":0,"referrer":null,"props":null})", &error);
  REQUIRE(e);
  CHECK_FALSE(e->url);
  CHECK_FALSE(e->referrer);
  CHECK(e->props.is_object());
  CHECK(e->props.empty());
  CHECK(e->traits.is_object());
}

TEST_CASE("event: type is required and non-empty", "[event]") {
  CHECK(refusal(R"({"ts":1})") == "\"type\" is required: the event's name, e.g. \"page_view\"");
  CHECK(refusal(R"({"type":"","ts":1})") == "\"type\" must be a non-empty string, e.g. \"page_view\"");
  CHECK(refusal(R"({"type":5,"ts":1})") == "\"type\" must be a non-empty string, e.g. \"page_view\"");
}

TEST_CASE("event: ts must be milliseconds in range", "[event]") {
  const std::string range =
      "\"ts\" must be a number of milliseconds since the Unix epoch (0 … 253402300799999)";
  CHECK(refusal(R"({"type":"x"})") ==
        "\"ts\" is required: milliseconds since the Unix epoch (0 … 253402300799999)");
  CHECK(refusal(R"({"type":"x","ts":"1700000000000"})") == range);
  CHECK(refusal(R"({"type":"x","ts":-1})") == range);
  CHECK(refusal(R"({"type":"x","ts":253402300800000})") == range);
  CHECK(refusal(R"({"type":"x","ts":1e400})").find("not valid JSON") == 0);
  std::string error;
  CHECK(parseEvent(R"({"type":"x","ts":253402300799999})", &error));
  json j = {{"type", "x"}, {"ts", std::numeric_limits<double>::quiet_NaN()}};
  CHECK_FALSE(eventFromJson(j, &error));
  CHECK(error == range);
}

TEST_CASE("event: wrong types of optional fields are refused by name", "[event]") {
  CHECK(refusal(R"({"type":"x","ts":1,"url":5})") == "\"url\" must be a string");
  CHECK(refusal(R"({"type":"x","ts":1,"title":{}})") == "\"title\" must be a string");
  CHECK(refusal(R"({"type":"x","ts":1,"referrer":true})") == "\"referrer\" must be a string");
  CHECK(refusal(R"({"type":"x","ts":1,"props":[1]})") == "\"props\" must be an object");
  CHECK(refusal(R"({"type":"x","ts":1,"traits":"a"})") == "\"traits\" must be an object");
  CHECK(refusal(R"({"type":"x","ts":1,"to":1})") == "\"to\" must be a string");
}

TEST_CASE("event: stage events need a known stage in 'to', stored canonically", "[event]") {
  std::string error;
  const auto e = parseEvent(R"({"type":"stage","ts":5,"to":"sal"})", &error);
  REQUIRE(e);
  CHECK(*e->to == "SAL");
  const std::string message = refusal(R"({"type":"stage","ts":5,"to":"Lead"})");
  CHECK(message.find("a \"stage\" event needs \"to\" naming a stage: one of Anonymous, Known") == 0);
  CHECK(refusal(R"({"type":"stage","ts":5})") == message);
}

TEST_CASE("event: not JSON or not an object", "[event]") {
  CHECK(refusal("{\"type\":").find("not valid JSON: parse error") == 0);
  CHECK(refusal("[1,2]") == "an event must be a JSON object");
  CHECK(refusal("42") == "an event must be a JSON object");
  CHECK(refusal(std::string(100, '[') + std::string(100, ']')).find("not valid JSON") == 0);
  CHECK(refusal("{\"type\":\"\xFF\",\"ts\":1}").find("not valid JSON") == 0);  // invalid UTF-8
  std::string error;
  CHECK_FALSE(eventFromJson(json(), &error));
  CHECK_FALSE(eventFromJson(json::object(), nullptr));  // a null error pointer is fine
}
