#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "match.hpp"

using namespace mqlite;

namespace {

Condition cond(Op op, Value arg) { return Condition{{Term{op, std::move(arg), {}}}}; }
Condition inList(std::vector<Value> list) { return Condition{{Term{Op::In, Value::missing(), std::move(list)}}}; }
Value str(const char* s) { return Value::of(std::string(s)); }
Value num(double n) { return Value::of(n); }
Value other() {
  Value v;
  v.kind = Value::Kind::Other;
  return v;
}

}  // namespace

TEST_CASE("glob: * and ? and case-insensitivity", "[match][glob]") {
  CHECK(globMatch("/pricing*", "/pricing"));
  CHECK(globMatch("/pricing*", "/Pricing/Enterprise"));
  CHECK_FALSE(globMatch("/pricing*", "/blog/pricing"));
  CHECK(globMatch("*.pdf", "https://x.com/Guide.PDF"));
  CHECK(globMatch("*vp*", "Senior VP of Sales"));
  CHECK(globMatch("a?c", "abc"));
  CHECK_FALSE(globMatch("a?c", "ac"));
  CHECK_FALSE(globMatch("a?c", "abbc"));
  CHECK(globMatch("", ""));
  CHECK_FALSE(globMatch("", "x"));
  CHECK(globMatch("*", ""));
  CHECK(globMatch("**", "anything"));
  CHECK(globMatch("exact", "EXACT"));
  CHECK_FALSE(globMatch("exact", "exactly"));
  CHECK(globMatch("*a*b*c", "xxaxxbxxc"));
  CHECK_FALSE(globMatch("*a*b*c", "xxaxxbxx"));
}

TEST_CASE("glob: ? is one code point, not one byte", "[match][glob]") {
  CHECK(globMatch("caf?", "café"));      // é is 2 bytes
  CHECK(globMatch("?", "€"));            // 3 bytes
  CHECK(globMatch("?", "😀"));           // 4 bytes
  CHECK_FALSE(globMatch("??", "😀"));
  CHECK(globMatch("*?", "日本"));
  CHECK(globMatch("日?", "日本"));
}

TEST_CASE("glob: case folding beyond ASCII", "[match][glob]") {
  CHECK(globMatch("ÉCOLE*", "école primaire"));      // Latin-1
  CHECK(globMatch("*ŁÓDŹ*", "miasto łódź"));         // Latin Extended-A
  CHECK(globMatch("ΑΘΗΝΑ", "αθηνα"));               // Greek
  CHECK(globMatch("ΟΔΟΣ", "οδος"));
  CHECK(globMatch("οδος", "οδοσ"));                 // final sigma folds to sigma
  CHECK(globMatch("МОСКВА", "москва"));             // Cyrillic
  CHECK(globMatch("ЁЖ", "ёж"));
  CHECK(globMatch("Ÿ", "ÿ"));
  CHECK_FALSE(globMatch("é", "e"));                 // no accent stripping
}

TEST_CASE("glob: pathological patterns finish fast", "[match][glob]") {
  std::string pattern;
  for (int i = 0; i < 200; ++i) pattern += "*a";
  pattern += "b";
  const std::string text(20000, 'a');
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(globMatch(pattern, text));
  CHECK_FALSE(globMatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*ab", text));
  CHECK(globMatch(pattern.substr(0, pattern.size() - 1), text));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed < std::chrono::seconds(1));
}

TEST_CASE("glob: invalid UTF-8 never crashes and matches byte for byte", "[match][glob]") {
  CHECK(globMatch("\xFF*", "\xFFxyz"));
  CHECK(globMatch("?", "\xFF"));
  CHECK_FALSE(globMatch("\xFE", "\xFF"));
  CHECK(globMatch("*", "\xC3"));
}

TEST_CASE("holds: glob on strings, numbers and booleans", "[match][ops]") {
  CHECK(holds(cond(Op::Glob, str("7*")), num(75)));
  CHECK(holds(cond(Op::Glob, str("2.5")), num(2.5)));
  CHECK(holds(cond(Op::Glob, str("TRUE")), Value::of(true)));
  CHECK_FALSE(holds(cond(Op::Glob, str("*")), Value::missing()));
  CHECK_FALSE(holds(cond(Op::Glob, str("*")), other()));
}

TEST_CASE("holds: eq and ne", "[match][ops]") {
  CHECK(holds(cond(Op::Eq, str("Email")), str("email")));   // case-insensitive
  CHECK_FALSE(holds(cond(Op::Eq, str("e*")), str("email")));  // eq is not a glob
  CHECK(holds(cond(Op::Eq, num(2)), str("2")));              // numeric string equals number
  CHECK(holds(cond(Op::Eq, num(2)), str("2.0")));
  CHECK_FALSE(holds(cond(Op::Eq, num(2)), str("two")));
  CHECK(holds(cond(Op::Eq, str("75")), num(75)));
  CHECK(holds(cond(Op::Eq, Value::of(true)), Value::of(true)));
  CHECK(holds(cond(Op::Eq, Value::of(true)), str("true")));
  CHECK_FALSE(holds(cond(Op::Eq, Value::of(true)), num(1)));
  CHECK_FALSE(holds(cond(Op::Eq, str("x")), Value::missing()));
  CHECK_FALSE(holds(cond(Op::Eq, str("x")), other()));
  CHECK(holds(cond(Op::Ne, str("x")), str("y")));
  CHECK_FALSE(holds(cond(Op::Ne, str("X")), str("x")));
  CHECK(holds(cond(Op::Ne, str("x")), Value::missing()));  // missing satisfies ne
  CHECK_FALSE(holds(cond(Op::Ne, str("x")), other()));
}

TEST_CASE("holds: in", "[match][ops]") {
  const auto c = inList({str("gmail.com"), str("*.edu"), num(3), Value::of(false)});
  CHECK(holds(c, str("GMAIL.com")));
  CHECK(holds(c, str("mit.edu")));
  CHECK(holds(c, num(3)));
  CHECK(holds(c, str("3")));
  CHECK(holds(c, Value::of(false)));
  CHECK_FALSE(holds(c, str("yahoo.com")));
  CHECK_FALSE(holds(c, Value::missing()));
  CHECK_FALSE(holds(c, other()));
  CHECK_FALSE(holds(inList({}), str("x")));
}

TEST_CASE("holds: contains, prefix, suffix are case-insensitive", "[match][ops]") {
  CHECK(holds(cond(Op::Contains, str("HEAD OF")), str("Global Head of Growth")));
  CHECK_FALSE(holds(cond(Op::Contains, str("cto")), str("ceo")));
  CHECK(holds(cond(Op::Prefix, str("/BLOG")), str("/blog/x")));
  CHECK_FALSE(holds(cond(Op::Prefix, str("/blog/x/y")), str("/blog/x")));
  CHECK(holds(cond(Op::Suffix, str(".PDF")), str("a.pdf")));
  CHECK_FALSE(holds(cond(Op::Suffix, str(".pdf")), str("a.pdfx")));
  CHECK(holds(cond(Op::Contains, str("*")), str("a*b")));  // literal, not a glob
  CHECK(holds(cond(Op::Contains, str("ÜBER")), str("über uns")));
  CHECK(holds(cond(Op::Prefix, str("7")), num(75)));
  for (Op op : {Op::Contains, Op::Prefix, Op::Suffix}) {
    CHECK_FALSE(holds(cond(op, str("")), Value::missing()));
    CHECK(holds(cond(op, str("")), str("anything")));
  }
}

TEST_CASE("holds: numeric comparisons need numbers or numeric strings", "[match][ops]") {
  CHECK(holds(cond(Op::Gte, num(75)), num(75)));
  CHECK_FALSE(holds(cond(Op::Gte, num(75)), num(50)));
  CHECK(holds(cond(Op::Gt, num(75)), num(100)));
  CHECK_FALSE(holds(cond(Op::Gt, num(75)), num(75)));
  CHECK(holds(cond(Op::Lte, num(10)), str("10")));
  CHECK(holds(cond(Op::Lt, num(10)), str("-3.5e0")));
  CHECK_FALSE(holds(cond(Op::Lt, num(10)), str("abc")));
  CHECK_FALSE(holds(cond(Op::Lt, num(10)), str("0x1")));
  CHECK_FALSE(holds(cond(Op::Lt, num(10)), str(" 1")));
  CHECK_FALSE(holds(cond(Op::Lt, num(10)), Value::of(true)));
  for (Op op : {Op::Gte, Op::Gt, Op::Lte, Op::Lt}) {
    CHECK_FALSE(holds(cond(op, num(0)), Value::missing()));
    CHECK_FALSE(holds(cond(op, num(0)), other()));
  }
}

TEST_CASE("holds: exists", "[match][ops]") {
  CHECK(holds(cond(Op::Exists, Value::of(true)), str("")));
  CHECK(holds(cond(Op::Exists, Value::of(true)), other()));
  CHECK_FALSE(holds(cond(Op::Exists, Value::of(true)), Value::missing()));
  CHECK(holds(cond(Op::Exists, Value::of(false)), Value::missing()));
  CHECK_FALSE(holds(cond(Op::Exists, Value::of(false)), num(0)));
}

TEST_CASE("holds: several terms must all hold, no terms always holds", "[match][ops]") {
  Condition range{{Term{Op::Gte, num(25), {}}, Term{Op::Lt, num(75), {}}}};
  CHECK(holds(range, num(50)));
  CHECK_FALSE(holds(range, num(75)));
  CHECK(holds(Condition{}, Value::missing()));
}

TEST_CASE("Value::fromJson", "[match]") {
  CHECK(Value::fromJson(json(nullptr)).kind == Value::Kind::Missing);
  CHECK(Value::fromJson(json("x")).kind == Value::Kind::String);
  CHECK(Value::fromJson(json(3)).num == 3);
  CHECK(Value::fromJson(json(true)).boolean);
  CHECK(Value::fromJson(json::array()).kind == Value::Kind::Other);
  CHECK(Value::fromJson(json::object()).kind == Value::Kind::Other);
  CHECK(Value::of("literal").kind == Value::Kind::String);
}

namespace {

// parseFieldRef's answer as an optional, for checks in one expression.
std::optional<FieldRef> parsed(std::string_view name) {
  FieldRef ref;
  if (!parseFieldRef(name, ref)) return std::nullopt;
  return ref;
}

}  // namespace

TEST_CASE("parseFieldRef", "[match]") {
  CHECK(parsed("type")->kind == FieldRef::Kind::Type);
  CHECK(parsed("referrer")->kind == FieldRef::Kind::Referrer);
  const auto q = parsed("query.utm_medium");
  REQUIRE(q);
  CHECK(q->kind == FieldRef::Kind::Query);
  CHECK(q->name == "utm_medium");
  CHECK(parsed("props.a.b")->name == "a.b");
  CHECK_FALSE(parsed("query."));
  CHECK_FALSE(parsed("props"));
  CHECK_FALSE(parsed("Path"));
  CHECK_FALSE(parsed("traits.email"));
  CHECK_FALSE(parsed(""));
  FieldRef untouched{FieldRef::Kind::Host, "x"};
  CHECK_FALSE(parseFieldRef("query.", untouched));
  CHECK((untouched.kind == FieldRef::Kind::Host && untouched.name == "x"));
}

namespace {

Event pageView(const char* url) {
  Event e;
  e.type = "page_view";
  e.ts = 1000;
  e.url = url;
  e.title = "Pricing — Acme";
  return e;
}

Value field(const Event& e, const char* name) { return fieldValue(EventView(e), *parsed(name)); }

}  // namespace

TEST_CASE("fieldValue: url parts of an event", "[match][fields]") {
  const Event e = pageView("https://User@Shop.Example.com:8080/Pricing%20Plans?utm_medium=email&page=2#x");
  CHECK(field(e, "type").str == "page_view");
  CHECK(field(e, "url").str == *e.url);
  CHECK(field(e, "host").str == "shop.example.com");
  CHECK(field(e, "path").str == "/Pricing Plans");
  CHECK(field(e, "query.utm_medium").str == "email");
  CHECK(field(e, "query.page").str == "2");
  CHECK(field(e, "query.nope").kind == Value::Kind::Missing);
  CHECK(field(e, "title").str == "Pricing — Acme");
  CHECK(field(e, "referrer").kind == Value::Kind::Missing);
}

TEST_CASE("fieldValue: relative URL has no host, no URL has no path", "[match][fields]") {
  CHECK(field(pageView("/blog/x?a=1"), "host").kind == Value::Kind::Missing);
  CHECK(field(pageView("/blog/x?a=1"), "path").str == "/blog/x");
  Event e;
  e.type = "identify";
  CHECK(field(e, "url").kind == Value::Kind::Missing);
  CHECK(field(e, "path").kind == Value::Kind::Missing);
  CHECK(field(e, "host").kind == Value::Kind::Missing);
  CHECK(field(e, "query.a").kind == Value::Kind::Missing);
}

TEST_CASE("fieldValue: props, dotted key first, then nested", "[match][fields]") {
  Event e;
  e.type = "scroll";
  e.props = json::parse(R"({"depth": 75, "a.b": "flat", "a": {"b": "nested", "c": {"d": true}},
                            "x": {"y": 1}, "list": [1], "nothing": null})");
  CHECK(field(e, "props.depth").num == 75);
  CHECK(field(e, "props.a.b").str == "flat");
  CHECK(field(e, "props.a.c.d").boolean);
  CHECK(field(e, "props.x.y").num == 1);
  CHECK(field(e, "props.x.z").kind == Value::Kind::Missing);
  CHECK(field(e, "props.depth.z").kind == Value::Kind::Missing);
  CHECK(field(e, "props.list").kind == Value::Kind::Other);
  CHECK(field(e, "props.nothing").kind == Value::Kind::Missing);
  CHECK(field(e, "props.a").kind == Value::Kind::Other);
}

TEST_CASE("event view: an event without a url is viewed as the empty URL", "[match]") {
  Event e;
  e.type = "scroll";
  const EventView view(e);
  CHECK_FALSE(view.url.absolute);
  CHECK(view.url.host.empty());
  CHECK(view.url.path.empty());
  CHECK(view.url.query.empty());
  CHECK(view.url.param("utm_campaign") == nullptr);
}

TEST_CASE("matches: every clause must hold, empty match matches", "[match]") {
  const Event e = pageView("https://acme.com/pricing?utm_medium=Email");
  const EventView view(e);
  Match m;
  CHECK(matches(m, view));
  m.clauses.push_back({*parsed("path"), cond(Op::Glob, str("/pricing*"))});
  m.clauses.push_back({*parsed("query.utm_medium"), cond(Op::Glob, str("email"))});
  CHECK(matches(m, view));
  m.clauses.push_back({*parsed("props.plan"), cond(Op::Exists, Value::of(false))});
  CHECK(matches(m, view));
  m.clauses.push_back({*parsed("host"), cond(Op::Suffix, str(".org"))});
  CHECK_FALSE(matches(m, view));
}

#include <random>

namespace {

// Reference glob (exponential, ASCII only): the specification globMatch must agree with.
bool referenceGlob(const char* p, const char* t) {
  if (*p == '\0') return *t == '\0';
  if (*p == '*') return referenceGlob(p + 1, t) || (*t != '\0' && referenceGlob(p, t + 1));
  if (*t == '\0') return false;
  const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  return (*p == '?' || lower(*p) == lower(*t)) && referenceGlob(p + 1, t + 1);
}

}  // namespace

TEST_CASE("glob: agrees with a reference matcher on random patterns", "[match][glob]") {
  std::mt19937 random(2024);
  const std::string patternAlphabet = "aAb*?", textAlphabet = "aAbB";
  for (int round = 0; round < 50000; ++round) {
    std::string pattern, subject;
    for (size_t i = random() % 8; i > 0; --i) pattern += patternAlphabet[random() % patternAlphabet.size()];
    for (size_t i = random() % 10; i > 0; --i) subject += textAlphabet[random() % textAlphabet.size()];
    if (globMatch(pattern, subject) != referenceGlob(pattern.c_str(), subject.c_str()))
      FAIL("pattern \"" << pattern << "\" text \"" << subject << "\"");
  }
}
