#include "report_html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mqlite::cli {
namespace {

const char* const kPalette[] = {"#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#718096"};
constexpr double kWidth = 720, kHeight = 300, kLeft = 56, kRight = 16, kTop = 16, kBottom = 64;

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string axisLabel(double value, bool asPercent) {
  char buf[32];
  if (asPercent) std::snprintf(buf, sizeof buf, "%.0f%%", value * 100);
  else std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

// A "nice" upper bound for the axis: 1, 2 or 5 × a power of ten.
double niceMax(double max) {
  if (!(max > 0)) return 1;
  double p = std::pow(10, std::floor(std::log10(max)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= max) return m * p;
  return 10 * p;
}

std::string svgOpen() {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + fmt(kWidth) + " " +
         fmt(kHeight) + "\" role=\"img\">";
}

std::string text(double x, double y, const std::string& s, const char* anchor, const char* extra = "") {
  return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\"" + extra +
         ">" + escapeHtml(s) + "</text>";
}

std::string line(double x1, double y1, double x2, double y2, const char* style) {
  return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" +
         fmt(y2) + "\" style=\"" + style + "\"/>";
}

std::string legend(const std::vector<ChartSeries>& series) {
  if (series.size() < 2) return "";
  std::string out = "<p class=\"legend\">";
  for (size_t i = 0; i < series.size(); ++i)
    out += "<span style=\"color:" + std::string(kPalette[i % 6]) + "\">&#9632;</span> " +
           escapeHtml(series[i].name) + " ";
  return out + "</p>";
}

}  // namespace

std::string escapeHtml(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (char c : in) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string svgBarChart(const std::vector<std::string>& labels,
                        const std::vector<ChartSeries>& series, bool asPercent) {
  double max = 0;
  for (const ChartSeries& s : series)
    for (double v : s.values)
      if (std::isfinite(v)) max = std::max(max, v);
  double top = asPercent ? std::min(1.0, niceMax(max)) : niceMax(max);
  double plotW = kWidth - kLeft - kRight, plotH = kHeight - kTop - kBottom;
  std::string out = svgOpen();
  for (int t = 0; t <= 4; ++t) {
    double y = kTop + plotH - plotH * t / 4;
    out += line(kLeft, y, kWidth - kRight, y, "stroke:#e2e8f0");
    out += text(kLeft - 6, y + 4, axisLabel(top * t / 4, asPercent), "end");
  }
  double group = labels.empty() ? plotW : plotW / double(labels.size());
  double bar = group * 0.8 / double(std::max<size_t>(series.size(), 1));
  for (size_t g = 0; g < labels.size(); ++g) {
    double x0 = kLeft + group * double(g) + group * 0.1;
    for (size_t s = 0; s < series.size(); ++s) {
      double v = g < series[s].values.size() ? series[s].values[g] : NAN;
      if (!std::isfinite(v)) continue;
      double h = plotH * std::clamp(v / top, 0.0, 1.0);
      out += "<rect x=\"" + fmt(x0 + bar * double(s)) + "\" y=\"" + fmt(kTop + plotH - h) +
             "\" width=\"" + fmt(bar) + "\" height=\"" + fmt(h) + "\" fill=\"" + kPalette[s % 6] +
             "\"><title>" + escapeHtml(series[s].name + " " + labels[g] + ": " +
                                       (asPercent ? axisLabel(v, true) : axisLabel(v, false))) +
             "</title></rect>";
    }
    double cx = kLeft + group * (double(g) + 0.5);
    out += text(cx, kHeight - kBottom + 16, labels[g], "end",
                (" transform=\"rotate(-30 " + fmt(cx) + " " + fmt(kHeight - kBottom + 16) + ")\"").c_str());
  }
  out += line(kLeft, kTop + plotH, kWidth - kRight, kTop + plotH, "stroke:#4a5568");
  return legend(series) + out + "</svg>";
}

std::string svgUnitCurve(const std::vector<double>& xs, const std::vector<double>& ys,
                         const std::string& xLabel, const std::string& yLabel) {
  double size = kHeight - kTop - kBottom;
  double x0 = kLeft, y0 = kTop + size;
  std::string out = svgOpen();
  out += "<rect x=\"" + fmt(x0) + "\" y=\"" + fmt(kTop) + "\" width=\"" + fmt(size) +
         "\" height=\"" + fmt(size) + "\" fill=\"none\" stroke=\"#4a5568\"/>";
  out += line(x0, y0, x0 + size, kTop, "stroke:#a0aec0;stroke-dasharray:4 4");
  std::string points;
  for (size_t i = 0; i < xs.size() && i < ys.size(); ++i)
    points += fmt(x0 + size * xs[i]) + "," + fmt(y0 - size * ys[i]) + " ";
  out += "<polyline fill=\"none\" stroke=\"" + std::string(kPalette[0]) +
         "\" stroke-width=\"2\" points=\"" + points + "\"/>";
  for (int t = 0; t <= 4; ++t) {
    double f = t / 4.0;
    out += text(x0 + size * f, y0 + 16, axisLabel(f, false), "middle");
    out += text(x0 - 6, y0 - size * f + 4, axisLabel(f, false), "end");
  }
  out += text(x0 + size / 2, y0 + 36, xLabel, "middle");
  out += text(x0 + size + 16, kTop + 12, yLabel, "start");
  return out + "</svg>";
}

HtmlReport::HtmlReport(std::string title) : title_(std::move(title)) {}

void HtmlReport::heading(const std::string& text) { body_ += "<h2>" + escapeHtml(text) + "</h2>\n"; }
void HtmlReport::paragraph(const std::string& text) { body_ += "<p>" + escapeHtml(text) + "</p>\n"; }
void HtmlReport::chart(const std::string& svg) { body_ += "<figure>" + svg + "</figure>\n"; }

void HtmlReport::table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows) {
  body_ += "<table><thead><tr>";
  for (const std::string& h : header) body_ += "<th>" + escapeHtml(h) + "</th>";
  body_ += "</tr></thead><tbody>\n";
  for (const auto& row : rows) {
    body_ += "<tr>";
    for (const std::string& cell : row) body_ += "<td>" + escapeHtml(cell) + "</td>";
    body_ += "</tr>\n";
  }
  body_ += "</tbody></table>\n";
}

std::string HtmlReport::str() const {
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" + escapeHtml(title_) + "</title><style>"
         "body{font:14px/1.5 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#1a202c}"
         "table{border-collapse:collapse;margin:1em 0}th,td{padding:4px 10px;border-bottom:1px solid #e2e8f0;"
         "text-align:right}th:first-child,td:first-child{text-align:left}th{background:#f7fafc}"
         "figure{margin:1em 0}svg{max-width:100%;height:auto;font-size:11px}.legend{margin:0}"
         "</style></head><body>\n<h1>" + escapeHtml(title_) + "</h1>\n" + body_ + "</body></html>\n";
}

}  // namespace mqlite::cli
