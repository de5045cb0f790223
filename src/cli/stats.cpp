#include "stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mqlite::cli {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(size_t num, size_t den) { return den == 0 ? kNaN : double(num) / double(den); }

template <class Better>
int bestBy(const std::vector<ThresholdPoint>& sweep, Better value) {
  int best = -1;
  double bestValue = -std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < sweep.size(); ++i) {
    double v = value(sweep[i].counts);
    if (!std::isnan(v) && v > bestValue) {
      bestValue = v;
      best = static_cast<int>(i);
    }
  }
  return best;
}
}  // namespace

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  double rank = q * double(values.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(rank));
  size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (rank - double(lo)) * (values[hi] - values[lo]);
}

double rocAuc(const std::vector<double>& scores, const std::vector<bool>& positive) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  double rankSumPositive = 0;
  size_t positives = 0;
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) ++j;
    double averageRank = (double(i + 1) + double(j)) / 2;  // ranks i+1 … j share their mean
    for (size_t k = i; k < j; ++k)
      if (positive[order[k]]) {
        rankSumPositive += averageRank;
        ++positives;
      }
    i = j;
  }
  size_t negatives = scores.size() - positives;
  if (positives == 0 || negatives == 0) return kNaN;
  double u = rankSumPositive - double(positives) * double(positives + 1) / 2;
  return u / (double(positives) * double(negatives));
}

double Confusion::precision() const { return ratio(tp, tp + fp); }
double Confusion::recall() const { return ratio(tp, tp + fn); }
double Confusion::specificity() const { return ratio(tn, tn + fp); }
double Confusion::f1() const {
  double p = precision(), r = recall();
  if (std::isnan(p)) p = 0;
  if (std::isnan(r)) return kNaN;
  return p + r == 0 ? 0 : 2 * p * r / (p + r);
}
double Confusion::lift() const { return precision() / ratio(tp + fn, total()); }

Confusion confusion(const std::vector<bool>& flag, const std::vector<bool>& positive) {
  Confusion c;
  for (size_t i = 0; i < flag.size(); ++i) {
    if (flag[i]) (positive[i] ? c.tp : c.fp)++;
    else (positive[i] ? c.fn : c.tn)++;
  }
  return c;
}

Confusion confusionAt(const std::vector<double>& scores, const std::vector<bool>& positive,
                      double threshold) {
  std::vector<bool> flag(scores.size());
  for (size_t i = 0; i < scores.size(); ++i) flag[i] = scores[i] >= threshold;
  return confusion(flag, positive);
}

std::vector<ThresholdPoint> thresholdSweep(const std::vector<double>& scores,
                                           const std::vector<bool>& positive) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  Confusion running;
  for (bool p : positive) (p ? running.fn : running.tn)++;
  std::vector<ThresholdPoint> sweep;
  for (size_t i = 0; i < order.size();) {
    double threshold = scores[order[i]];
    if (!std::isfinite(threshold)) break;
    for (; i < order.size() && scores[order[i]] == threshold; ++i) {
      if (positive[order[i]]) running.fn--, running.tp++;
      else running.tn--, running.fp++;
    }
    sweep.push_back({threshold, running});
  }
  return sweep;
}

int bestF1(const std::vector<ThresholdPoint>& sweep) {
  return bestBy(sweep, [](const Confusion& c) { return c.f1(); });
}
int bestYouden(const std::vector<ThresholdPoint>& sweep) {
  return bestBy(sweep, [](const Confusion& c) { return c.youdenJ(); });
}

}  // namespace mqlite::cli
