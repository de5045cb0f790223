#include "report_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mqlite::cli {
namespace {

size_t displayWidth(const std::string& s) {
  size_t width = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++width;
  return width;
}

bool looksNumeric(const std::string& s) {
  if (s.empty() || s == "–") return true;
  char c = s[0];
  return (c >= '0' && c <= '9') || ((c == '-' || c == '+') && s.size() > 1);
}

void pad(std::string& out, const std::string& cell, size_t width, bool right) {
  std::string fill(width - displayWidth(cell), ' ');
  out += right ? fill + cell : cell + fill;
}

}  // namespace

std::string textTable(const TextRow& header, const std::vector<TextRow>& rows) {
  size_t columns = header.size();
  std::vector<size_t> width(columns);
  std::vector<bool> right(columns, true);
  for (size_t c = 0; c < columns; ++c) width[c] = displayWidth(header[c]);
  for (const TextRow& row : rows)
    for (size_t c = 0; c < columns && c < row.size(); ++c) {
      width[c] = std::max(width[c], displayWidth(row[c]));
      if (!looksNumeric(row[c])) right[c] = false;
    }
  auto line = [&](const TextRow& row) {
    std::string out;
    for (size_t c = 0; c < columns; ++c) {
      if (c) out += "  ";
      pad(out, c < row.size() ? row[c] : "", width[c], right[c]);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(header);
  size_t total = 0;
  for (size_t c = 0; c < columns; ++c) total += width[c] + (c ? 2 : 0);
  out += std::string(total, '-') + "\n";
  for (const TextRow& row : rows) out += line(row);
  return out;
}

std::string percent(double fraction) {
  if (std::isnan(fraction)) return "–";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", fraction * 100);
  return buf;
}

std::string number(double value, int decimals) {
  if (std::isnan(value)) return "–";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

mqlite::json jsonNumber(double value) {
  if (!std::isfinite(value)) return nullptr;
  double rounded = std::round(value * 1e6) / 1e6;
  if (rounded == std::floor(rounded) && std::fabs(rounded) < 9e15)
    return static_cast<long long>(rounded);
  return rounded;
}

}  // namespace mqlite::cli
