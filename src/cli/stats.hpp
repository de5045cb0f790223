// Statistics for the review reports: quantiles, ROC AUC, confusion counts at a threshold and the
// threshold sweep behind suggested thresholds. Pure functions on plain vectors.
#pragma once
#include <cstddef>
#include <vector>

namespace mqlite::cli {

// The q-quantile (0 ≤ q ≤ 1) with linear interpolation between closest ranks (R type 7, NumPy's
// default): q·(n−1) is the fractional rank. NaN when `values` is empty.
double quantile(std::vector<double> values, double q);
inline double median(std::vector<double> values) { return quantile(std::move(values), 0.5); }

// ROC AUC by ranks (Mann–Whitney U / (P·N)), tied scores taking their average rank, so a tie
// between a converter and a non-converter counts one half. NaN without both classes.
double rocAuc(const std::vector<double>& scores, const std::vector<bool>& positive);

struct Confusion {
  size_t tp = 0, fp = 0, fn = 0, tn = 0;
  size_t flagged() const { return tp + fp; }
  size_t total() const { return tp + fp + fn + tn; }
  double precision() const;    // NaN when nothing is flagged
  double recall() const;       // NaN without positives
  double specificity() const;  // NaN without negatives
  double f1() const;           // 0 when precision + recall is 0
  double youdenJ() const { return recall() + specificity() - 1; }
  // precision / base rate: how much likelier a flagged lead converts than an average one.
  double lift() const;
};

// Counts with `flag[i]` as the prediction.
Confusion confusion(const std::vector<bool>& flag, const std::vector<bool>& positive);
// Counts with `score ≥ threshold` as the prediction.
Confusion confusionAt(const std::vector<double>& scores, const std::vector<bool>& positive,
                      double threshold);

struct ThresholdPoint {
  double threshold;  // flag when score ≥ threshold
  Confusion counts;
};

// One point per distinct score, from the highest threshold down (the ROC curve from (0,0) to
// (1,1), and the candidates for a suggested threshold). Infinite scores (a lead that can never be
// flagged is given −inf) are not candidates.
std::vector<ThresholdPoint> thresholdSweep(const std::vector<double>& scores,
                                           const std::vector<bool>& positive);

// Index into `sweep` of the point with the best F1 / Youden's J (first on ties: the higher
// threshold, fewer MQLs); -1 when empty.
int bestF1(const std::vector<ThresholdPoint>& sweep);
int bestYouden(const std::vector<ThresholdPoint>& sweep);

}  // namespace mqlite::cli
