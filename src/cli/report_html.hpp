// Static HTML reports: one self-contained file, inline CSS and SVG charts, no script, no server,
// no CDN. Every piece of text from the data goes through escapeHtml.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mqlite::cli {

std::string escapeHtml(std::string_view text);

struct ChartSeries {
  std::string name;
  std::vector<double> values;  // one per label; NaN draws nothing
};

// Vertical bars, one group per label, one bar per series. `asPercent` labels the axis 0–100 %
// (values are fractions).
std::string svgBarChart(const std::vector<std::string>& labels,
                        const std::vector<ChartSeries>& series, bool asPercent);

// A curve in the unit square (ROC: x = false-positive rate, y = true-positive rate) with the
// diagonal of a random ranking for reference.
std::string svgUnitCurve(const std::vector<double>& xs, const std::vector<double>& ys,
                         const std::string& xLabel, const std::string& yLabel);

class HtmlReport {
 public:
  explicit HtmlReport(std::string title);
  void heading(const std::string& text);
  void paragraph(const std::string& text);
  void table(const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows);
  void chart(const std::string& svg);  // markup from the svg* functions above (already escaped)
  std::string str() const;

 private:
  std::string title_;
  std::string body_;
};

}  // namespace mqlite::cli
