#include <catch2/catch.hpp>

#include "url.hpp"

using mqlite::decodePunycode;
using mqlite::parseUrl;
using mqlite::parseUrlDetails;
using mqlite::sanitizeUrl;

TEST_CASE("url: absolute URL pieces, lowercase scheme and host, port, fragment", "[url]") {
  const auto u = parseUrlDetails("HTTPS://WWW.Example.COM:8443/Pricing/Plans?plan=pro&seats=5#compare");
  CHECK(u.absolute);
  CHECK(u.scheme == "https");
  CHECK(u.host == "www.example.com");
  REQUIRE(u.port);
  CHECK(*u.port == 8443);
  CHECK(u.path == "/Pricing/Plans");  // path keeps its case
  REQUIRE(u.query.size() == 2);
  CHECK(*u.param("plan") == "pro");
  CHECK(*u.param("seats") == "5");
  CHECK(u.fragment == "compare");
}

TEST_CASE("url: no path gives '/', no port gives none, trailing dot dropped", "[url]") {
  const auto u = parseUrlDetails("http://example.com.");
  CHECK(u.host == "example.com");
  CHECK(u.path == "/");
  CHECK_FALSE(u.port);
  CHECK(parseUrl("https://example.com?x=1").path == "/");
  CHECK(*parseUrl("https://example.com?x=1").param("x") == "1");
  CHECK(parseUrlDetails("https://example.com#top").fragment == "top");
}

TEST_CASE("url: userinfo is dropped, IPv6 literal keeps its brackets", "[url]") {
  const auto u = parseUrl("https://alice:secret@Example.com/a");
  CHECK(u.host == "example.com");
  const auto v = parseUrlDetails("http://[::1]:3000/x");
  CHECK(v.host == "[::1]");
  CHECK(v.port == 3000);
  CHECK(v.path == "/x");
}

TEST_CASE("url: invalid ports are ignored", "[url]") {
  CHECK_FALSE(parseUrlDetails("http://example.com:99999/").port);
  CHECK_FALSE(parseUrlDetails("http://example.com:abc/").port);
  CHECK(parseUrl("http://example.com:abc/").host == "example.com");
}

TEST_CASE("url: relative URLs have no host", "[url]") {
  const auto u = parseUrlDetails("/blog/post-1?utm_source=news#intro");
  CHECK_FALSE(u.absolute);
  CHECK(u.scheme.empty());
  CHECK(u.host.empty());
  CHECK(u.path == "/blog/post-1");
  CHECK(*u.param("utm_source") == "news");
  CHECK(u.fragment == "intro");
  CHECK(parseUrl("pricing").path == "pricing");
  CHECK(parseUrl("?page=2").path.empty());
  CHECK(*parseUrl("?page=2").param("page") == "2");
}

TEST_CASE("url: protocol-relative URLs have a host and no scheme", "[url]") {
  const auto u = parseUrlDetails("//cdn.Example.com/lib.js");
  CHECK(u.absolute);
  CHECK(u.scheme.empty());
  CHECK(u.host == "cdn.example.com");
  CHECK(u.path == "/lib.js");
}

TEST_CASE("url: path is percent-decoded, '+' stays in the path", "[url]") {
  CHECK(parseUrl("https://x.com/caf%C3%A9/a%20b+c").path == "/café/a b+c");
  CHECK(parseUrl("https://x.com/100%/%zz").path == "/100%/%zz");  // invalid escapes kept
}

TEST_CASE("url: query values are decoded, '+' is a space, first value wins", "[url]") {
  const auto u = parseUrl("/s?q=red+shoes&q=blue&tag=caf%C3%A9&pct=50%25&bad=%G1&flag&a%20b=1&&");
  CHECK(*u.param("q") == "red shoes");
  CHECK(*u.param("tag") == "café");
  CHECK(*u.param("pct") == "50%");
  CHECK(*u.param("bad") == "%G1");
  CHECK(*u.param("flag") == "");
  CHECK(*u.param("a b") == "1");
  CHECK(u.param("Q") == nullptr);  // names are case-sensitive
  CHECK(u.param("missing") == nullptr);
  CHECK(u.query.size() == 7);  // empty pairs are skipped
}

TEST_CASE("url: decoded bytes that are not UTF-8 become U+FFFD", "[url]") {
  CHECK(*parseUrl("/?x=%FF").param("x") == "\xEF\xBF\xBD");
  CHECK(parseUrl("/a%C3").path == "/a\xEF\xBF\xBD");
}

TEST_CASE("url: IDN hosts are decoded from punycode", "[url]") {
  CHECK(parseUrl("https://xn--mnchen-3ya.de/").host == "münchen.de");
  CHECK(parseUrl("https://www.XN--80AKHBYKNJ4F.xn--p1ai/").host == "www.испытание.рф");
  CHECK(parseUrl("https://xn--invalid!.com/").host == "xn--invalid!.com");  // malformed: kept
}

TEST_CASE("punycode: RFC 3492 samples and malformed input", "[url]") {
  CHECK(decodePunycode("mnchen-3ya") == std::optional<std::string>("münchen"));
  CHECK(decodePunycode("bcher-kva") == std::optional<std::string>("bücher"));
  // RFC 3492 7.1 (B) Chinese (simplified).
  CHECK(decodePunycode("ihqwcrb4cv8a8dqg056pqjye") == std::optional<std::string>("他们为什么不说中文"));
  // RFC 3492 7.1 (L) mixed: "3年B組金八先生".
  CHECK(decodePunycode("3B-ww4c5e180e575a65lsy2b") == std::optional<std::string>("3年B組金八先生"));
  CHECK_FALSE(decodePunycode(""));
  CHECK(decodePunycode("a-") == std::optional<std::string>("a"));  // basic code points only
  CHECK_FALSE(decodePunycode("99999999999999999"));  // overflow
  CHECK_FALSE(decodePunycode("ab$"));
  // The longest label: 256 bytes, each one a code point (U+0080, inserted one by one).
  std::string longest;
  for (int k = 0; k < 256; ++k) longest += "\xC2\x80";
  CHECK(decodePunycode(std::string(256, 'a')) == std::optional<std::string>(longest));
  CHECK(decodePunycode(std::string(255, 'b') + "-") == std::optional<std::string>(std::string(255, 'b')));
  CHECK_FALSE(decodePunycode(std::string(257, 'a')));
}

TEST_CASE("url: garbage never crashes", "[url]") {
  const char* inputs[] = {"", " ", "://", "http://", "http://@", "http://:80", "%", "%%%", "?&=&=",
                          "#", "\xFF\xFE", "http://[::1", "javascript:alert(1)", "//", "\\\\evil.com\\x"};
  for (const char* input : inputs) {
    const auto u = parseUrl(input);
    (void)sanitizeUrl(input);
    CHECK(u.path.size() <= std::string(input).size() * 3 + 1);
  }
  CHECK(parseUrl("http://").absolute);
  CHECK(parseUrl("http://").host.empty());
  CHECK(parseUrlDetails("javascript:alert(1)").scheme == "javascript");
  CHECK_FALSE(parseUrl("javascript:alert(1)").absolute);
}

TEST_CASE("sanitizeUrl keeps only utm_* parameters and drops the fragment and userinfo", "[url]") {
  CHECK(sanitizeUrl("https://user:pw@x.com/p?utm_source=g&email=a%40b.com&utm_medium=cpc#frag") ==
        "https://x.com/p?utm_source=g&utm_medium=cpc");
  CHECK(sanitizeUrl("/pricing?token=abc#x") == "/pricing");
  CHECK(sanitizeUrl("/pricing?utm_campaign=spring%20sale") == "/pricing?utm_campaign=spring%20sale");
  CHECK(sanitizeUrl("  https://x.com  ") == "https://x.com");
  CHECK(sanitizeUrl("//cdn.x.com/a?b=1") == "//cdn.x.com/a");
  CHECK(sanitizeUrl("https://x.com/?UTM_SOURCE=a&name=Bob") == "https://x.com/");  // names are exact
}

#include <random>

#include "text.hpp"

TEST_CASE("url: random garbage gives valid UTF-8 parts and never crashes", "[url]") {
  const std::string alphabet = "ab:/?#&=%+@[].\\-xn2F\xC3\xA9\xFF\x80 ";
  std::mt19937 random(12345);
  for (int round = 0; round < 20000; ++round) {
    std::string input;
    const size_t length = random() % 40;
    for (size_t i = 0; i < length; ++i) input += alphabet[random() % alphabet.size()];
    const auto u = parseUrlDetails(input);
    const auto valid = [](const std::string& s) { return mqlite::text::validUtf8(s) == s; };
    bool allValid = valid(u.host) && valid(u.path) && valid(u.fragment) && valid(sanitizeUrl(input));
    for (const auto& [name, value] : u.query) allValid = allValid && valid(name) && valid(value);
    if (!allValid) FAIL("invalid UTF-8 from " << input);
  }
}
