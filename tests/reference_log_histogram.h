// tests/reference_log_histogram.h — the dense LogHistogram as it was before issue 17's
// session 3 (one std::vector<uint64_t> window of bins per histogram), kept verbatim under another
// name as the simple model that tests/log_histogram_equivalence_test.cc compares sim::LogHistogram
// with: same bins, same counts, same interpolation, so every result must be bit-identical.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

namespace sim::testing {

class ReferenceLogHistogram {
 public:
  static constexpr int kMinExp = 10;  // 2^10 ns ≈ 1 µs
  static constexpr int kMaxExp = 46;  // 2^46 ns ≈ 19.5 h
  static constexpr int kSubBits = 6;
  static constexpr int kSubBins = 1 << kSubBits;
  static constexpr int kBins = (kMaxExp - kMinExp) * kSubBins + 2;

  void Add(int64_t v) {
    if (v < 0) v = 0;
    const int b = BinOf(v);
    if (b < base_ || b >= base_ + static_cast<int>(counts_.size())) Cover(b, b);
    ++counts_[static_cast<size_t>(b - base_)];
    lo_ = std::min(lo_, b);
    hi_ = std::max(hi_, b);
    if (count_ == 0 || v < min_) min_ = v;
    if (v > max_) max_ = v;
    ++count_;
    sum_ += static_cast<double>(v);
  }

  void Merge(const ReferenceLogHistogram& o) {
    if (o.count_ == 0) return;
    Cover(o.lo_, o.hi_);
    for (int b = o.lo_; b <= o.hi_; ++b)
      counts_[static_cast<size_t>(b - base_)] += o.counts_[static_cast<size_t>(b - o.base_)];
    lo_ = std::min(lo_, o.lo_);
    hi_ = std::max(hi_, o.hi_);
    if (count_ == 0 || o.min_ < min_) min_ = o.min_;
    max_ = std::max(max_, o.max_);
    count_ += o.count_;
    sum_ += o.sum_;
  }

  // Empties the histogram; keeps its storage (only the occupied bins are zeroed).
  void Clear() {
    if (count_ == 0) return;
    std::fill(counts_.begin() + (lo_ - base_), counts_.begin() + (hi_ - base_ + 1), 0);
    lo_ = kBins;
    hi_ = -1;
    count_ = 0;
    sum_ = 0;
    min_ = 0;
    max_ = 0;
  }

  uint64_t count() const { return count_; }
  int64_t min() const { return min_; }
  int64_t max() const { return max_; }
  double Mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }

  double Quantile(double q) const {
    if (count_ == 0) return 0;
    if (q <= 0) return static_cast<double>(min_);
    if (q >= 1) return static_cast<double>(max_);
    const double target_d = q * static_cast<double>(count_);
    uint64_t target = static_cast<uint64_t>(target_d);
    if (static_cast<double>(target) < target_d) ++target;  // ceil
    if (target == 0) target = 1;
    uint64_t seen = 0;
    // Bins outside [lo_, hi_] are empty: skipping them changes nothing below.
    for (int b = lo_; b <= hi_; ++b) {
      const uint64_t in_bin = counts_[static_cast<size_t>(b - base_)];
      if (seen + in_bin >= target) {
        const double lo = std::max(BinLow(b), static_cast<double>(min_));
        const double hi = std::max(lo, std::min(BinLow(b + 1), static_cast<double>(max_)));
        const double j = static_cast<double>(target - seen);
        const double v = lo + (hi - lo) * (j - 0.5) / static_cast<double>(in_bin);
        return std::clamp(v, static_cast<double>(min_), static_cast<double>(max_));
      }
      seen += in_bin;
    }
    return static_cast<double>(max_);
  }

  static int BinOf(int64_t v) {
    const uint64_t u = static_cast<uint64_t>(v);
    if (u < (uint64_t{1} << kMinExp)) return 0;
    const int exp = 63 - std::countl_zero(u);
    if (exp >= kMaxExp) return kBins - 1;
    const int sub = static_cast<int>((u >> (exp - kSubBits)) & (kSubBins - 1));
    return 1 + (exp - kMinExp) * kSubBins + sub;
  }
  // Lower edge of bin b (b in [0, kBins]).
  static double BinLow(int b) {
    if (b <= 0) return 0;
    if (b >= kBins - 1) return static_cast<double>(uint64_t{1} << kMaxExp);
    const int exp = kMinExp + (b - 1) / kSubBins;
    const int sub = (b - 1) % kSubBins;
    const double base = static_cast<double>(uint64_t{1} << exp);
    return base + base * sub / kSubBins;
  }

 private:
  // Grows the stored window [base_, base_ + size) to include bins [first, last], with slack
  // of 64 bins each side (within [0, kBins)). Counts keep their bins.
  void Cover(int first, int last) {
    const int end = base_ + static_cast<int>(counts_.size());
    if (!counts_.empty() && first >= base_ && last < end) return;
    int nb = counts_.empty() ? first : std::min(first, base_);
    int ne = counts_.empty() ? last + 1 : std::max(last + 1, end);
    nb = std::max(0, nb - kSubBins);
    ne = std::min(kBins, ne + kSubBins);
    std::vector<uint64_t> grown(static_cast<size_t>(ne - nb), 0);
    if (!counts_.empty()) std::copy(counts_.begin(), counts_.end(), grown.begin() + (base_ - nb));
    counts_ = std::move(grown);
    base_ = nb;
  }

  std::vector<uint64_t> counts_;  // bins [base_, base_ + counts_.size())
  int base_ = 0;
  int lo_ = kBins, hi_ = -1;  // occupied bins lie in [lo_, hi_] (empty: lo_ > hi_)
  uint64_t count_ = 0;
  double sum_ = 0;
  int64_t min_ = 0;
  int64_t max_ = 0;
};

}  // namespace sim::testing
