#include "url.hpp"

#include <cstdint>
#include <iterator>

#include "text.hpp"

namespace mqlite {

const std::string* Url::param(std::string_view name) const {
  for (const auto& [key, value] : query)
    if (key == name) return &value;
  return nullptr;
}

namespace {

bool isAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Whether `s` is ASCII without '%' and without `also`: text that decoding leaves as it is.
bool plainAscii(std::string_view s, char also) {
  for (const char c : s)
    if (static_cast<unsigned char>(c) >= 0x80 || c == '%' || c == also) return false;
  return true;
}

// %XX decoded (an invalid escape stays literally), '+' → space when `plusIsSpace`; the result is
// made valid UTF-8 so it can always be compared and written out as JSON.
std::string percentDecode(std::string_view s, bool plusIsSpace) {
  if (plainAscii(s, plusIsSpace ? '+' : '%')) return std::string(s);  // nothing to decode or replace
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && text::hexDigit(s[i + 1]) >= 0 && text::hexDigit(s[i + 2]) >= 0) {
      out += static_cast<char>(text::hexDigit(s[i + 1]) * 16 + text::hexDigit(s[i + 2]));
      i += 2;
    } else if (s[i] == '+' && plusIsSpace) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return text::validUtf8(out);
}

std::string_view trim(std::string_view s) {
  const char* begin = s.data();
  const char* end = begin + s.size();
  while (begin < end && static_cast<unsigned char>(*begin) <= 0x20) ++begin;
  while (end > begin && static_cast<unsigned char>(end[-1]) <= 0x20) --end;
  return {begin, static_cast<size_t>(end - begin)};
}

// Length of a leading "scheme:" (letters, digits, + - .), 0 when there is none.
size_t schemeLength(std::string_view s) {
  if (s.empty() || !isAsciiAlpha(s[0])) return 0;
  for (size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':') return i;
    if (!isAsciiAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.') return 0;
  }
  return 0;
}

// The pieces of a URL as they appear in the text (nothing decoded yet).
struct RawUrl {
  std::string_view scheme;
  bool hasAuthority = false;
  std::string_view authority;  // host:port (any userinfo@ before it dropped: it can hold credentials)
  std::string_view path, query, fragment;
  bool hasQuery = false;
};

// One scan with pointers (no find or substr calls, nor their bounds checks).
RawUrl splitUrl(std::string_view s) {
  RawUrl raw;
  const char* p = s.data();
  const char* const end = p + s.size();
  const auto piece = [](const char* from, const char* to) { return std::string_view(from, static_cast<size_t>(to - from)); };
  if (const size_t n = schemeLength(s)) {
    raw.scheme = piece(p, p + n);
    p += n + 1;
  }
  const auto isSlash = [](char c) { return c == '/' || c == '\\'; };
  if (end - p >= 2 && isSlash(p[0]) && isSlash(p[1])) {
    raw.hasAuthority = true;
    const char* const start = p += 2;
    const char* host = start;
    for (; p < end && !isSlash(*p) && *p != '?' && *p != '#'; ++p)
      if (*p == '@') host = p + 1;
    raw.authority = piece(host, p);
  }
  const char* hash = p;  // path?query#fragment: the first '#', then the first '?' before it
  while (hash < end && *hash != '#') ++hash;
  if (hash < end) raw.fragment = piece(hash + 1, end);
  const char* mark = p;
  while (mark < hash && *mark != '?') ++mark;
  if (mark < hash) {
    raw.hasQuery = true;
    raw.query = piece(mark + 1, hash);
  }
  raw.path = piece(p, mark);
  return raw;
}

// Host and port text of an authority (the port is read only by parseUrlDetails). Returns the host
// text as written.
std::string_view splitHostPort(std::string_view authority, std::string_view* portText) {
  std::string_view host = authority;
  if (!authority.empty() && authority[0] == '[') {  // IPv6 literal
    const size_t close = authority.find(']');
    if (close != std::string_view::npos) {
      host = authority.substr(0, close + 1);
      const std::string_view rest = authority.substr(close + 1);
      if (!rest.empty() && rest[0] == ':') *portText = rest.substr(1);
    }
  } else if (const size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    *portText = authority.substr(colon + 1);
  }
  return host;
}

bool appendPunycode(std::string_view label, uint32_t (*map)(uint32_t), std::string& out);

// Lowercase host without trailing dot, each "xn--" label decoded to UTF-8 (kept as written when
// malformed).
std::string normalizeHost(std::string_view written) {
  std::string host = text::foldUtf8(percentDecode(written, false));
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.find("xn--") == std::string::npos) return host;  // the usual host: no label to decode
  std::string out;
  size_t start = 0;
  while (start <= host.size()) {
    size_t end = host.find('.', start);
    if (end == std::string::npos) end = host.size();
    const std::string_view label = std::string_view(host).substr(start, end - start);
    if (start > 0) out += '.';
    const bool decoded = label.size() > 4 && label.substr(0, 4) == "xn--" && appendPunycode(label.substr(4), text::foldCase, out);
    if (!decoded) out += label;
    start = end + 1;
  }
  return out;
}

// The non-empty pairs are counted first and decoded into slots made at once: no per-pair vector
// growth code.
size_t pairCount(std::string_view query) {
  size_t count = 0;
  for (size_t i = 0; i < query.size(); ++i)
    if (query[i] != '&' && (i == 0 || query[i - 1] == '&')) ++count;  // a pair starts here
  return count;
}

void parseQuery(std::string_view query, Url* url) {
  auto* slot = url->query.data();
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');  // none: the whole pair is the name, the value is empty
    slot->first = percentDecode(pair.substr(0, eq), true);
    if (eq != std::string_view::npos) slot->second = percentDecode(pair.substr(eq + 1), true);
    ++slot;
  }
}

}  // namespace

Url parseUrl(std::string_view input) {
  const RawUrl raw = splitUrl(trim(input));
  std::string_view portText;  // (rules do not read ports)
  // Members made in place: no string or vector moved in.
  Url url{raw.hasAuthority, raw.hasAuthority ? normalizeHost(splitHostPort(raw.authority, &portText)) : std::string(),
          percentDecode(raw.path, false), std::vector<std::pair<std::string, std::string>>(pairCount(raw.query))};
  for (char& c : url.path)
    if (c == '\\' && url.absolute) c = '/';
  if (url.absolute && url.path.empty()) url.path = "/";
  parseQuery(raw.query, &url);
  return url;
}

UrlDetails parseUrlDetails(std::string_view input) {
  UrlDetails url;
  static_cast<Url&>(url) = parseUrl(input);
  const RawUrl raw = splitUrl(trim(input));
  url.scheme = text::foldUtf8(raw.scheme);  // ASCII (schemeLength): only A-Z change
  std::string_view portText;
  if (raw.hasAuthority) splitHostPort(raw.authority, &portText);
  if (!portText.empty() && portText.size() <= 5) {
    int value = 0;
    bool digits = true;
    for (char c : portText) {
      if (!isDigit(c)) digits = false;
      else value = value * 10 + (c - '0');
    }
    if (digits && value <= 65535) url.port = value;
  }
  if (!raw.fragment.empty()) url.fragment = text::validUtf8(raw.fragment);
  return url;
}

std::string sanitizeUrl(std::string_view input) {
  const RawUrl raw = splitUrl(trim(input));
  std::string out;
  if (!raw.scheme.empty()) {
    out = text::foldUtf8(raw.scheme);
    out += ':';
  }
  if (raw.hasAuthority) {
    out += "//";
    out += raw.authority;
  }
  out += raw.path;
  char separator = '?';  // before the first kept pair, then '&'
  std::string_view query = raw.query;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    const std::string name = percentDecode(pair.substr(0, pair.find('=')), true);
    if (name.compare(0, 4, "utm_") != 0) continue;
    out += separator;
    out += pair;
    separator = '&';
  }
  return text::validUtf8(out);
}

namespace {

// RFC 3492 punycode decoding (section 6.2), with overflow checks: the code points, each through
// `map`, appended to `out` as UTF-8; false (and `out` as it was) when malformed.
bool appendPunycode(std::string_view label, uint32_t (*map)(uint32_t), std::string& out) {
  constexpr uint32_t kBase = 36, kTMin = 1, kTMax = 26, kSkew = 38, kDamp = 700;
  constexpr uint32_t kInitialBias = 72, kInitialN = 128, kMaxCodePoint = 0x10FFFF;
  if (label.empty() || label.size() > 256) return false;
  const auto digitValue = [](char c) -> int {
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= '0' && c <= '9') return c - '0' + 26;
    return -1;
  };
  const auto adapt = [&](uint32_t delta, uint32_t points, bool first) {
    delta = first ? delta / kDamp : delta / 2;
    delta += delta / points;
    uint32_t k = 0;
    while (delta > ((kBase - kTMin) * kTMax) / 2) {
      delta /= kBase - kTMin;
      k += kBase;
    }
    return k + (kBase - kTMin + 1) * delta / (delta + kSkew);
  };

  // Every code point comes from at least one input byte: at most 256, in place (no container).
  uint32_t output[256];
  size_t size = 0;
  const size_t lastDash = label.rfind('-');
  size_t in = 0;
  if (lastDash != std::string_view::npos) {
    for (size_t i = 0; i < lastDash; ++i) {
      if (static_cast<unsigned char>(label[i]) >= 0x80) return false;
      output[size++] = static_cast<unsigned char>(label[i]);
    }
    in = lastDash + 1;
  }
  uint32_t n = kInitialN, bias = kInitialBias;
  uint64_t i = 0;
  while (in < label.size()) {
    const uint64_t oldi = i;
    uint64_t w = 1;
    for (uint32_t k = kBase;; k += kBase) {
      if (in >= label.size()) return false;
      const int digit = digitValue(label[in++]);
      if (digit < 0) return false;
      i += static_cast<uint64_t>(digit) * w;
      if (i > UINT32_MAX) return false;
      const uint32_t t = k <= bias ? kTMin : (k >= bias + kTMax ? kTMax : k - bias);
      if (static_cast<uint32_t>(digit) < t) break;
      w *= kBase - t;
      if (w > UINT32_MAX) return false;
    }
    if (size == std::size(output)) return false;  // (cannot happen: see above)
    const uint64_t points = size + 1;
    bias = adapt(static_cast<uint32_t>(i - oldi), static_cast<uint32_t>(points), oldi == 0);
    if (i / points > kMaxCodePoint - n) return false;
    n += static_cast<uint32_t>(i / points);
    i %= points;
    if (n > kMaxCodePoint || (n >= 0xD800 && n <= 0xDFFF) || n < 0x80) return false;
    for (size_t k = size; k > i; --k) output[k] = output[k - 1];
    output[i++] = n;
    ++size;
  }
  for (size_t k = 0; k < size; ++k) text::appendUtf8(out, map(output[k]));
  return true;
}

}  // namespace

std::optional<std::string> decodePunycode(std::string_view label) {
  std::string utf8;
  if (!appendPunycode(label, [](uint32_t cp) { return cp; }, utf8)) return std::nullopt;
  return utf8;
}

}  // namespace mqlite
