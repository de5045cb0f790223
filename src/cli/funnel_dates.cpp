#include "funnel_dates.hpp"

#include <cmath>
#include <cstdio>

namespace mqlite::cli {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
long long daysFromCivil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

struct Civil {
  long long y;
  unsigned m, d;
};

Civil civilFromDays(long long z) {
  z += 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long y = static_cast<long long>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

long long dayOf(double ms) { return static_cast<long long>(std::floor(ms / kMsPerDay)); }

// Reads exactly `n` digits at `pos`.
bool digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) return ++pos, true;
  return false;
}

unsigned daysInMonth(int y, int m) {
  static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

}  // namespace

std::optional<double> parseIsoTime(std::string_view s) {
  size_t pos = 0;
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!digits(s, pos, 4, y) || !expect(s, pos, '-') || !digits(s, pos, 2, mo) ||
      !expect(s, pos, '-') || !digits(s, pos, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > int(daysInMonth(y, mo))) return std::nullopt;
  double fraction = 0;
  if (expect(s, pos, 'T') || expect(s, pos, ' ')) {
    if (!digits(s, pos, 2, h) || !expect(s, pos, ':') || !digits(s, pos, 2, mi)) return std::nullopt;
    if (expect(s, pos, ':')) {
      if (!digits(s, pos, 2, sec)) return std::nullopt;
      if (expect(s, pos, '.')) {
        double scale = 0.1;
        size_t start = pos;
        for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, scale /= 10)
          fraction += (s[pos] - '0') * scale;
        if (pos == start) return std::nullopt;
      }
    }
    if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
  }
  int offsetMinutes = 0;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int sign = s[pos++] == '-' ? -1 : 1, oh, om;
    if (!digits(s, pos, 2, oh) || !expect(s, pos, ':') || !digits(s, pos, 2, om)) return std::nullopt;
    offsetMinutes = sign * (oh * 60 + om);
  } else {
    expect(s, pos, 'Z');
  }
  if (pos != s.size()) return std::nullopt;
  double seconds = double(daysFromCivil(y, mo, d)) * 86400 + h * 3600 + mi * 60 + sec + fraction -
                   offsetMinutes * 60;
  return std::round(seconds * 1000);
}

std::string formatIsoTime(double ms) {
  long long day = dayOf(ms);
  Civil c = civilFromDays(day);
  long long inDay = static_cast<long long>(ms - double(day) * kMsPerDay);
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld", c.y, c.m, c.d,
                        inDay / 3600000, inDay / 60000 % 60, inDay / 1000 % 60);
  if (inDay % 1000) std::snprintf(buf + n, sizeof buf - n, ".%03lld", inDay % 1000);
  return std::string(buf) + "Z";
}

std::string monthKey(double ms) {
  Civil c = civilFromDays(dayOf(ms));
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04lld-%02u", c.y, c.m);
  return buf;
}

std::string isoWeekKey(double ms) {
  long long day = dayOf(ms);
  long long weekday = ((day + 3) % 7 + 7) % 7;  // 0 = Monday (1970-01-01 was a Thursday)
  long long thursday = day - weekday + 3;     // the ISO year is the Thursday's year
  Civil c = civilFromDays(thursday);
  long long week = (thursday - daysFromCivil(c.y, 1, 1)) / 7 + 1;
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04lld-W%02lld", c.y, week);
  return buf;
}

}  // namespace mqlite::cli
