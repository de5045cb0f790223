// URL parsing for rule matching and touches: absolute or relative URLs, ports, fragments, IDNs
// (punycode hosts are decoded to UTF-8), percent-encoded paths and query values.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mqlite {

// What rules and touches read of a URL.
struct Url {
  bool absolute = false;     // has scheme://host (or //host)
  std::string host;          // lowercase, IDN decoded to UTF-8, no port, no trailing dot
  std::string path;          // percent-decoded; "/" for an absolute URL without a path
  std::vector<std::pair<std::string, std::string>> query;  // decoded ('+' is a space), in order

  // The first value of query parameter `name` (exact, case-sensitive name), if any.
  const std::string* param(std::string_view name) const;
};

Url parseUrl(std::string_view text);

// A Url with the pieces the core never reads (so they are not in its WebAssembly build): for
// tools and tests.
struct UrlDetails : Url {
  std::string scheme;        // lowercase, e.g. "https"; empty when relative
  std::optional<int> port;
  std::string fragment;      // as written, made valid UTF-8
};

UrlDetails parseUrlDetails(std::string_view text);

// What may be kept at rest: the URL without its fragment and without query parameters other than
// utm_* (they can carry personal data). Relative URLs stay relative.
std::string sanitizeUrl(std::string_view text);

// Decodes one punycode label (without the "xn--" prefix) to UTF-8; nullopt when malformed.
std::optional<std::string> decodePunycode(std::string_view label);

}  // namespace mqlite
