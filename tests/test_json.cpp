// The core's JSON (src/json.cpp) and number text (src/text.cpp): grammar, errors with places,
// sorted keys, escaping, and numbers that read back exactly what they were (checked against the C
// library's strtod and printf, which the core no longer uses).
#include <map>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

#include "json.hpp"
#include "text.hpp"

using mqlite::Json;
using mqlite::parseJson;

namespace {

std::string errorOf(std::string_view text) {
  std::string error;
  CHECK(parseJson(text, &error).is_discarded());
  return error;
}

double bitsToDouble(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

uint64_t bitsOf(double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return bits;
}

}  // namespace

TEST_CASE("json: parses every kind of value and writes it back compactly with sorted keys") {
  const Json j = Json::parse(R"( {"b": [1, -2.5, 3e2, true, false, null], "a": {"z": "", "y": "\u00e9\n"}} )");
  REQUIRE(j.is_object());
  CHECK(j.size() == 2);
  CHECK(j["b"].size() == 6);
  CHECK(j["b"][1].get<double>() == -2.5);
  CHECK(j["b"][2].get<double>() == 300);
  CHECK(j["a"]["y"].get<std::string>() == "\xC3\xA9\n");
  CHECK(j.dump() == R"({"a":{"y":"é\n","z":""},"b":[1,-2.5,300,true,false,null]})");
  CHECK(j.dump(2) == "{\n  \"a\": {\n    \"y\": \"é\\n\",\n    \"z\": \"\"\n  },\n  \"b\": [\n    1,\n    -2.5,\n"
                     "    300,\n    true,\n    false,\n    null\n  ]\n}");
  CHECK(Json::parse("[]").dump(2) == "[]");
  CHECK(Json::parse("{}").dump() == "{}");
}

TEST_CASE("json: of repeated keys the last wins, and missing keys read as null") {
  const Json j = Json::parse(R"({"k": 1, "k": 2})");
  CHECK(j.size() == 1);
  CHECK(j["k"] == 2);
  CHECK(j["missing"].is_null());
  CHECK_FALSE(j.contains("missing"));
  CHECK(j.find("missing") == j.end());
  CHECK(j.value("missing", "fallback") == "fallback");
}

TEST_CASE("json: building documents like nlohmann's initializer lists") {
  Json doc = {{"stage", "MQL"}, {"score", {{"fit", 25}, {"engagement", 10.5}}}, {"tags", Json::array({"a", 2})}};
  CHECK(doc.dump() == R"({"score":{"engagement":10.5,"fit":25},"stage":"MQL","tags":["a",2]})");
  Json list;
  list.push_back(1);
  list.push_back("x");
  CHECK(list.dump() == R"([1,"x"])");
  Json pairs = {{1, 2}, {3, 4}};  // not [string, value] pairs: an array of arrays
  CHECK(pairs.dump() == "[[1,2],[3,4]]");
  doc.erase("tags");
  CHECK(doc.dump() == R"({"score":{"engagement":10.5,"fit":25},"stage":"MQL"})");
  std::vector<std::string> keys;
  for (const auto& item : doc.items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"score", "stage"});
}

TEST_CASE("json: objects keep members sorted whatever the order they are added, read or removed in") {
  Json built;
  for (const char* key : {"d", "b", "e", "a", "c"}) built[key] = key;
  built["b"] = 2;  // an existing key: replaced in place
  CHECK(built.dump() == R"({"a":"a","b":2,"c":"c","d":"d","e":"e"})");
  const Json parsed = Json::parse(R"({"e":"e","c":"c","a":"a","b":1,"d":"d","b":2})");
  CHECK(parsed == built);
  Json copy = parsed;
  copy.erase("c");
  CHECK(copy.dump() == R"({"a":"a","b":2,"d":"d","e":"e"})");
  CHECK(copy != parsed);
  CHECK(copy.size() == 4);
  CHECK(copy["d"] == "d");
  CHECK(Json(std::map<std::string, int>{}).dump() == "{}");
  CHECK(Json(std::map<std::string, int>{{"y", 2}, {"x", 1}}).dump() == R"({"x":1,"y":2})");
  std::vector<std::string> keys, values;
  for (const auto& item : parsed.items()) keys.push_back(item.key()), values.push_back(item.value().dump());
  CHECK(keys == std::vector<std::string>{"a", "b", "c", "d", "e"});
  CHECK(values == std::vector<std::string>{R"("a")", "2", R"("c")", R"("d")", R"("e")"});
}

TEST_CASE("json: strings are escaped, and invalid UTF-8 is written as U+FFFD") {
  CHECK(Json(std::string("q\"\\\x01\t</script>")).dump() == R"("q\"\\\u0001\t</script>")");
  CHECK(Json(std::string("a\xFF" "b")).dump() == "\"a\xEF\xBF\xBD" "b\"");
  CHECK(Json::parse(R"("\ud83d\ude00")").get<std::string>() == "\xF0\x9F\x98\x80");
}

TEST_CASE("json: invalid text is refused with the line, the column and why") {
  CHECK(errorOf("{\n  \"a\" 1}") == "not valid JSON: parse error at line 2, column 7: expected ':'");
  CHECK(errorOf("[1,]").find("column 4: unexpected character; expected a value") != std::string::npos);
  CHECK(errorOf("").find("unexpected end of input") != std::string::npos);
  CHECK(errorOf("01").find("leading zero") != std::string::npos);
  CHECK(errorOf("1.").find("expected a digit after '.'") != std::string::npos);
  CHECK(errorOf("[1] 2").find("unexpected text after the value") != std::string::npos);
  CHECK(errorOf("\"a\tb\"").find("control character") != std::string::npos);
  CHECK(errorOf("\"\\x\"").find("invalid escape") != std::string::npos);
  CHECK(errorOf("\"\\ud800\"").find("surrogate") != std::string::npos);
  CHECK(errorOf("\"\xC0\xAF\"").find("invalid UTF-8") != std::string::npos);  // overlong '/'
  CHECK(errorOf("[1e999]").find("number overflow parsing '1e999'") != std::string::npos);
  CHECK(errorOf(std::string(65, '[') + std::string(65, ']')).find("nested deeper than 64 levels") != std::string::npos);
  CHECK_FALSE(Json::parse(std::string(64, '[') + std::string(64, ']')).is_discarded());
  CHECK(errorOf("tru").find("expected a value") != std::string::npos);
}

TEST_CASE("numbers: integers print without a fraction, others in shortest form") {
  using mqlite::text::shortestNumber;
  CHECK(shortestNumber(75) == "75");
  CHECK(shortestNumber(-0.0) == "0");
  CHECK(shortestNumber(2.5) == "2.5");
  CHECK(shortestNumber(0.1) == "0.1");
  CHECK(shortestNumber(1e-7) == "1e-07");
  CHECK(shortestNumber(1767225600000) == "1767225600000");
  CHECK(shortestNumber(1e21) == "1e+21");
  CHECK(Json(0.1 + 0.2).dump() == "0.30000000000000004");
  CHECK(Json(std::nan("")).dump() == "null");
}

TEST_CASE("numbers: decimal text reads as the nearest double, like strtod") {
  using mqlite::text::decimalValue;
  for (const char* s : {"0", "-0", "1", "0.1", "0.30000000000000004", "1.7976931348623157e308", "2.2250738585072014e-308",
                        "4.9e-324", "5e-324", "2.4703282292062327e-324", "9007199254740993", "123456789012345678",
                        "1e23", "8.98846567431158e307", "0.000001", "1e-400", "17976931348623158e292"}) {
    INFO(s);
    REQUIRE(decimalValue(s));
    CHECK(*decimalValue(s) == std::strtod(s, nullptr));
  }
  CHECK_FALSE(decimalValue("1e309"));
  CHECK_FALSE(decimalValue("12e669"));
  CHECK_FALSE(decimalValue("1e99999999999"));
  CHECK(decimalValue("0e99999999999") == 0.0);
  CHECK(decimalValue("1e-99999999999") == 0.0);
  CHECK_FALSE(decimalValue("1.7976931348623159e308"));  // rounds beyond the largest double
}

TEST_CASE("numbers: every double's shortest text reads back as the same double") {
  std::mt19937_64 random(20261123);
  for (int i = 0; i < 20000; ++i) {
    const double d = i % 2 ? bitsToDouble(random() & 0x7FEFFFFFFFFFFFFFull)  // any finite bit pattern
                           : std::ldexp(static_cast<double>(random() % 100000000), -static_cast<int>(random() % 40));
    const std::string text = mqlite::text::shortestNumber(d);
    INFO(text);
    const auto back = mqlite::text::decimalValue(text);
    REQUIRE(back);
    CHECK(*back == d);
    CHECK(std::strtod(text.c_str(), nullptr) == d);
  }
}

namespace {

// The fewest significant digits that read back, by the C library: printf's correctly rounded
// %.*e at 1, 2, … 17 digits until strtod gives the double back. Returns digits and exponent.
std::pair<std::string, int> fewestDigits(double d) {
  char buffer[64];
  for (int precision = 0; precision < 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*e", precision, d);
    if (std::strtod(buffer, nullptr) == d) break;
  }
  std::string mantissa(buffer, std::strchr(buffer, 'e'));
  const int exponent = std::atoi(std::strchr(buffer, 'e') + 1);
  mantissa.erase(std::remove(mantissa.begin(), mantissa.end(), '.'), mantissa.end());
  while (mantissa.size() > 1 && mantissa.back() == '0') mantissa.pop_back();
  return {mantissa, exponent - static_cast<int>(mantissa.size()) + 1};
}

// Digits and exponent of the core's text ("1.25e-05", "0.0125", "125.5").
std::pair<std::string, int> digitsOf(std::string text) {
  int exponent = 0;
  if (const size_t e = text.find('e'); e != std::string::npos) {
    exponent = std::atoi(text.c_str() + e + 1);
    text.resize(e);
  }
  if (const size_t point = text.find('.'); point != std::string::npos) {
    exponent -= static_cast<int>(text.size() - point - 1);
    text.erase(point, 1);
  }
  const size_t first = text.find_first_not_of("-0");
  text = text.substr(first);
  while (text.size() > 1 && text.back() == '0') text.pop_back(), ++exponent;
  return {text, exponent};
}

}  // namespace

TEST_CASE("numbers: the fewest digits, correctly rounded, as the C library finds them") {
  std::mt19937_64 random(31);
  for (int i = 0; i < 30000; ++i) {
    double d = i % 3 == 0 ? bitsToDouble(random() & 0x7FEFFFFFFFFFFFFFull)
               : i % 3 == 1 ? std::ldexp(static_cast<double>(random() % 1000000007), -static_cast<int>(random() % 60))
                            : static_cast<double>(random() % 100000) / 1000 * std::exp2(-static_cast<double>(random() % 30) / 7);
    if (d == std::trunc(d) && d < 1e17) continue;  // integers: printed as such (above)
    const std::string text = mqlite::text::shortestNumber(d);
    INFO(text);
    CHECK(digitsOf(text) == fewestDigits(d));
  }
  // The format: plain from 1e-4 up to 1e15, else one digit, a point and a signed two-digit exponent.
  using mqlite::text::shortestNumber;
  CHECK(shortestNumber(0.0001) == "0.0001");
  CHECK(shortestNumber(0.00012) == "0.00012");
  CHECK(shortestNumber(1.5e-5) == "1.5e-05");
  CHECK(shortestNumber(123456789012345.6) == "123456789012345.6");
  CHECK(shortestNumber(1234567890123456.8) == "1.2345678901234568e+15");
  CHECK(shortestNumber(-2.5e-300) == "-2.5e-300");
  CHECK(shortestNumber(5e-324) == "5e-324");
  CHECK(shortestNumber(1.7976931348623157e308) == "1.7976931348623157e+308");
  CHECK(shortestNumber(1e17) == "1e+17");
  CHECK(shortestNumber(9.5) == "9.5");
  CHECK(shortestNumber(0.3) == "0.3");
}

TEST_CASE("numbers: random decimal strings of up to 19 digits read like strtod") {
  std::mt19937_64 random(7);
  char buffer[64];
  for (int i = 0; i < 20000; ++i) {
    const unsigned long long digits = random() % 10000000000000000000ull;
    const int exponent = static_cast<int>(random() % 700) - 350;
    std::snprintf(buffer, sizeof buffer, "%llue%d", digits, exponent);
    const double expected = std::strtod(buffer, nullptr);
    const auto got = mqlite::text::decimalValue(buffer);
    INFO(buffer);
    if (!std::isfinite(expected)) {
      CHECK_FALSE(got);
    } else {
      REQUIRE(got);
      CHECK(*got == expected);
    }
  }
}
