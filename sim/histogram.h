// sim/histogram.h — a bounded log-linear histogram for latency quantiles.
//
// Values are non-negative int64 (the model records nanoseconds). Bins: values below
// 2^kMinExp share bin 0; each power of two above is split into kSubBins linear bins, so the
// relative bin width is at most 1/kSubBins (1.6 %); values at or above 2^kMaxExp share
// the last bin. Quantile(q) finds the bin holding the k = ceil(q·n)-th smallest value and
// interpolates inside it: the bin's c values are taken as spread evenly over the bin's range
// narrowed to [min, max] seen, the j-th of them (j = k − values in lower bins) at
// lo + (hi − lo)·(j − ½)/c. So a quantile moves with the counts inside its bin (replications do
// not all read one bin midpoint) and always lies in [min, max].
//
// Storage, in one of two forms; the results (count, min, max, Mean, every Quantile) depend only
// on the bin counts and never on the form, and are bit-identical to the plain dense histogram
// (tests/reference_log_histogram.h, compared in tests/log_histogram_equivalence_test.cc):
// - list: the bin of each value, 2 bytes per value, unsorted until a Quantile sorts it (by
//   counting; a list spread over more than 4 bins per value is never sorted: each Quantile
//   selects in it, O(values)). A histogram that saw few values (a bucket of a function at
//   1 RPS, a run of 600 requests) costs 2 bytes per value, not a window of bins. The list's
//   capacity grows by half (never per value); when it would outgrow what the dense form needs for
//   the bins seen, the histogram turns dense, once, and stays dense (Clear keeps the storage).
// - dense: 64-bit counts of the window of bins between the smallest and largest value seen,
//   plus slack of kSubBins bins each side; at most kBins counters. Clear, Merge and Quantile
//   touch only the occupied bins.
// So memory is bounded by min(2 bytes × values, 8 bytes × kBins), never by the run's length.
// The head (the object itself) is 48 bytes: one storage pointer for either form.
// The occupied bins are [BinOf(min), BinOf(max)] (BinOf is monotone), so they are not stored.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

namespace sim {

class LogHistogram {
 public:
  static constexpr int kMinExp = 10;  // 2^10 ns ≈ 1 µs
  static constexpr int kMaxExp = 46;  // 2^46 ns ≈ 19.5 h
  static constexpr int kSubBits = 6;
  static constexpr int kSubBins = 1 << kSubBits;
  static constexpr int kBins = (kMaxExp - kMinExp) * kSubBins + 2;
  static_assert(kBins <= 32767, "a list entry holds a bin in 16 bits; base_ is an int16_t");

  LogHistogram() = default;
  LogHistogram(const LogHistogram& o) { *this = o; }
  LogHistogram(LogHistogram&& o) noexcept { *this = std::move(o); }
  // A moved-from histogram is empty (and usable).
  LogHistogram& operator=(LogHistogram&& o) noexcept {
    if (this == &o) return *this;
    store_ = std::move(o.store_);
    cap_ = std::exchange(o.cap_, 0);
    base_ = std::exchange(o.base_, 0);
    dense_ = std::exchange(o.dense_, false);
    sorted_ = std::exchange(o.sorted_, true);
    count_ = std::exchange(o.count_, 0);
    sum_ = std::exchange(o.sum_, 0.0);
    min_ = std::exchange(o.min_, kEmptyMin);
    max_ = std::exchange(o.max_, 0);
    return *this;
  }
  ~LogHistogram() = default;
  LogHistogram& operator=(const LogHistogram& o) {
    if (this == &o) return *this;
    const size_t bytes = o.storage_bytes();
    store_ = bytes ? std::make_unique<std::byte[]>(bytes) : nullptr;
    if (bytes) std::copy(o.store_.get(), o.store_.get() + bytes, store_.get());
    cap_ = o.cap_;
    base_ = o.base_;
    dense_ = o.dense_;
    sorted_ = o.sorted_;
    count_ = o.count_;
    sum_ = o.sum_;
    min_ = o.min_;
    max_ = o.max_;
    return *this;
  }

  void Add(int64_t v) {
    if (v < 0) v = 0;
    AddUnsummed(v);
    sum_ += static_cast<double>(v);
  }
  // Add without the sum: the value enters the bins, count, min and max; the caller keeps the
  // sum (AddToSum), e.g. one sequence of additions shared by histograms merged later, so that
  // Mean reads the same double as if every value had been Added (a sum of doubles depends on
  // the order of its additions).
  void AddUnsummed(int64_t v) {
    if (v < 0) v = 0;
    const int b = BinOf(v);
    if (dense_) {
      AddDense(b, 1);
    } else if (count_ < cap_) {
      list()[count_] = static_cast<uint16_t>(b);
      sorted_ = false;
    } else {
      AddSlow(b);
    }
    if (v < min_) min_ = v;  // an empty histogram's min_ is kEmptyMin
    if (v > max_) max_ = v;
    ++count_;
  }
  void AddToSum(double s) { sum_ += s; }

  void Merge(const LogHistogram& o) {
    if (o.count_ == 0) return;
    MergeUnsummed(o);
    sum_ += o.sum_;
  }
  // Merge without o's sum (see AddUnsummed).
  void MergeUnsummed(const LogHistogram& o) {
    if (o.count_ == 0) return;
    const int olo = BinOf(o.min_), ohi = BinOf(o.max_);
    if (!dense_ && !o.dense_) {
      const uint64_t need = count_ + o.count_;
      if (need > cap_) {
        const int lo = count_ ? std::min(BinOf(min_), olo) : olo;
        const int hi = count_ ? std::max(BinOf(max_), ohi) : ohi;
        GrowList(need, lo, hi);
      }
    } else if (!dense_) {
      ToDense();
    }
    if (dense_) {
      Cover(olo, ohi);
      if (o.dense_) {
        for (int b = olo; b <= ohi; ++b)
          counts()[static_cast<size_t>(b - base_)] += o.counts()[static_cast<size_t>(b - o.base_)];
      } else {
        for (uint64_t i = 0; i < o.count_; ++i)
          ++counts()[static_cast<size_t>(o.list()[i] - base_)];
      }
    } else {
      std::copy(o.list(), o.list() + o.count_, list() + count_);
      sorted_ = false;
    }
    min_ = std::min(min_, o.min_);
    max_ = std::max(max_, o.max_);
    count_ += o.count_;
  }

  // Empties the histogram; keeps its storage and form (only the occupied bins are zeroed).
  void Clear() {
    if (count_ == 0) return;
    if (dense_) {
      std::fill(counts() + (BinOf(min_) - base_), counts() + (BinOf(max_) - base_ + 1),
                uint64_t{0});
    }
    sorted_ = true;
    count_ = 0;
    sum_ = 0;
    min_ = kEmptyMin;
    max_ = 0;
  }

  uint64_t count() const { return count_; }
  int64_t min() const { return count_ ? min_ : 0; }
  int64_t max() const { return max_; }
  double Mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  // The storage form (for tests and memory accounting): dense window or list of bins.
  bool dense() const { return dense_; }
  // Where the next Add's list entry goes (a cache hint: may be null or stale; never read).
  const void* next_slot() const {
    return dense_ ? static_cast<const void*>(counts()) : static_cast<const void*>(list() + count_);
  }
  size_t storage_bytes() const {
    return dense_ ? cap_ * sizeof(uint64_t) : cap_ * sizeof(uint16_t);
  }

  double Quantile(double q) const {
    if (count_ == 0) return 0;
    // One value, or all alike: every quantile is it (Interpolate's lo and hi are both min_).
    // Most buckets of a function at 1 RPS hold one completion.
    if (q <= 0 || min_ == max_) return static_cast<double>(min_);
    if (q >= 1) return static_cast<double>(max_);
    const double target_d = q * static_cast<double>(count_);
    uint64_t target = static_cast<uint64_t>(target_d);
    if (static_cast<double>(target) < target_d) ++target;  // ceil
    if (target == 0) target = 1;
    if (!dense_) {
      // The target-th smallest value's bin b; `seen` values lie in bins below b.
      if (!sorted_) {
        if (count_ <= kInsertionSortMax) {
          InsertionSortList();
        } else {
          if (Spread()) return SelectInList(target);
          SortList();
        }
      }
      const uint16_t* first = list();
      const uint16_t* last = first + count_;
      const uint16_t b = first[target - 1];
      const auto [lo_it, hi_it] = std::equal_range(first, last, b);
      return Interpolate(b, static_cast<uint64_t>(lo_it - first),
                         static_cast<uint64_t>(hi_it - lo_it), target);
    }
    uint64_t seen = 0;
    // Bins outside [BinOf(min), BinOf(max)] are empty: skipping them changes nothing below.
    const int hi_bin = BinOf(max_);
    for (int b = BinOf(min_); b <= hi_bin; ++b) {
      const uint64_t in_bin = counts()[static_cast<size_t>(b - base_)];
      if (seen + in_bin >= target) return Interpolate(b, seen, in_bin, target);
      seen += in_bin;
    }
    return static_cast<double>(max_);
  }

  // Bin of a value v >= 0, without branches: for 2^kMinExp <= v < 2^kMaxExp, with
  // e = floor(log2 v) and s the kSubBits bits below the leading one, the bin is
  // 1 + (e − kMinExp)·kSubBins + s, and v >> (e − kSubBits) = kSubBins + s (the leading one
  // and s). Below 2^kMinExp, e is taken from v | 2^(kMinExp−1) (so e = kMinExp − 1 and the
  // shift is defined) and the formula gives at most 0: clamped to bin 0. From 2^kMaxExp on
  // it gives at least kBins − 1: clamped to the last bin.
  static int BinOf(int64_t v) {
    const uint64_t u = static_cast<uint64_t>(v);
    const int exp = 63 - std::countl_zero(u | (uint64_t{1} << (kMinExp - 1)));
    const int b =
        exp * kSubBins + static_cast<int>(u >> (exp - kSubBits)) - ((kMinExp + 1) * kSubBins - 1);
    return std::min(std::max(b, 0), kBins - 1);
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
  static constexpr uint32_t kFirstListCap = 8;  // entries of a list's first allocation

  // The value of rank `target` in bin b, which holds `in_bin` values above `seen` lower ones.
  double Interpolate(int b, uint64_t seen, uint64_t in_bin, uint64_t target) const {
    const double lo = std::max(BinLow(b), static_cast<double>(min_));
    const double hi = std::max(lo, std::min(BinLow(b + 1), static_cast<double>(max_)));
    const double j = static_cast<double>(target - seen);
    const double v = lo + (hi - lo) * (j - 0.5) / static_cast<double>(in_bin);
    return std::clamp(v, static_cast<double>(min_), static_cast<double>(max_));
  }

  void AddDense(int b, uint64_t n) {
    auto i = static_cast<size_t>(b - base_);  // wraps above the window when b < base_
    if (i >= cap_) {
      Cover(b, b);
      i = static_cast<size_t>(b - base_);
    }
    counts()[i] += n;
  }

  // A list whose bins span more than 4 per value (a bucket's few values spread over many bins):
  // a quantile selects in it (below); else it is sorted once by counting (a run's list).
  bool Spread() const {
    const int span_bins = BinOf(max_) - BinOf(min_) + 1;
    return static_cast<uint64_t>(span_bins) > 4 * count_;
  }
  // Quantile of an unsorted, spread list without sorting it: the target-th smallest bin b by
  // selection, then the values below b and in b counted — the numbers a sorted list's
  // equal_range gives, so the result is the same. (The list is permuted; its order means
  // nothing while !sorted_.) Each quantile costs O(count) instead of a sort's O(count·log).
  [[gnu::noinline]] double SelectInList(uint64_t target) const {
    uint16_t* first = list();
    uint16_t* last = first + count_;
    uint16_t* nth = first + (target - 1);
    std::nth_element(first, nth, last);
    const uint16_t b = *nth;
    uint64_t below = 0, in_bin = 0;
    for (const uint16_t* p = first; p != last; ++p) {
      below += *p < b ? 1 : 0;
      in_bin += *p == b ? 1 : 0;
    }
    return Interpolate(b, below, in_bin, target);
  }

  // A short list (a bucket's few completions) is sorted in place: cheaper than a selection per
  // quantile, and the bucket's later quantiles find it sorted.
  static constexpr uint64_t kInsertionSortMax = 8;
  void InsertionSortList() const {
    uint16_t* a = list();
    for (uint64_t i = 1; i < count_; ++i) {
      const uint16_t x = a[i];
      uint64_t j = i;
      for (; j > 0 && a[j - 1] > x; --j) a[j] = a[j - 1];
      a[j] = x;
    }
    sorted_ = true;
  }

  // Sorts a list that is not Spread(), by counting.
  [[gnu::noinline]] void SortList() const {
    uint16_t* first = list();
    const int lo = BinOf(min_);
    const int span_bins = BinOf(max_) - lo + 1;
    const auto span = static_cast<uint64_t>(span_bins);
    std::array<uint32_t, kBins> n;  // counts of bins [lo, lo + span)
    std::fill_n(n.begin(), span, 0u);
    for (uint64_t i = 0; i < count_; ++i) ++n[static_cast<size_t>(first[i] - lo)];
    uint16_t* out = first;
    for (uint64_t k = 0; k < span; ++k) {  // most bins hold none or one value
      const auto bin = static_cast<uint16_t>(lo + static_cast<int>(k));
      for (uint32_t j = n[k]; j != 0; --j) *out++ = bin;
    }
    sorted_ = true;
  }

  // A list Add that finds the list full: grow it, or turn dense.
  [[gnu::noinline]] void AddSlow(int b) {
    const int lo = count_ ? std::min(BinOf(min_), b) : b;
    const int hi = count_ ? std::max(BinOf(max_), b) : b;
    GrowList(count_ + 1, lo, hi);
    if (dense_) {
      AddDense(b, 1);
    } else {
      list()[count_] = static_cast<uint16_t>(b);
      sorted_ = false;
    }
  }

  // Makes room for `need` list entries (bins [lo, hi] occupied then): grows the list by at
  // least half, or turns dense when the list would take more bytes than the dense window.
  void GrowList(uint64_t need, int lo, int hi) {
    const uint64_t grown = std::max<uint64_t>({need, cap_ + cap_ / 2, kFirstListCap});
    const uint64_t window = static_cast<uint64_t>(std::min(kBins, hi - lo + 1 + 2 * kSubBins));
    if (grown * sizeof(uint16_t) > window * sizeof(uint64_t)) {
      ToDense();
      return;
    }
    auto next = std::make_unique<std::byte[]>(grown * sizeof(uint16_t));
    if (count_) std::copy(store_.get(), store_.get() + count_ * sizeof(uint16_t), next.get());
    store_ = std::move(next);
    cap_ = static_cast<uint32_t>(grown);
  }

  // List → dense, keeping every value's bin; the list's storage is released.
  void ToDense() {
    const std::unique_ptr<std::byte[]> old = std::move(store_);
    const auto* list = reinterpret_cast<const uint16_t*>(old.get());
    const uint64_t n = count_;
    dense_ = true;
    sorted_ = true;
    cap_ = 0;
    base_ = 0;
    if (n == 0) return;
    Cover(BinOf(min_), BinOf(max_));
    for (uint64_t i = 0; i < n; ++i) ++counts()[static_cast<size_t>(list[i] - base_)];
  }

  // Dense form: grows the stored window [base_, base_ + cap_) to include bins [first, last],
  // with slack of kSubBins bins each side (within [0, kBins)). Counts keep their bins.
  void Cover(int first, int last) {
    const int end = base_ + static_cast<int>(cap_);
    if (cap_ != 0 && first >= base_ && last < end) return;
    int nb = cap_ == 0 ? first : std::min<int>(first, base_);
    int ne = cap_ == 0 ? last + 1 : std::max(last + 1, end);
    nb = std::max(0, nb - kSubBins);
    ne = std::min(kBins, ne + kSubBins);
    auto grown = std::make_unique<std::byte[]>(static_cast<size_t>(ne - nb) * sizeof(uint64_t));
    if (cap_ != 0)
      std::copy(store_.get(), store_.get() + cap_ * sizeof(uint64_t),
                grown.get() + static_cast<size_t>(base_ - nb) * sizeof(uint64_t));
    store_ = std::move(grown);  // zeroed (make_unique value-initializes)
    cap_ = static_cast<uint32_t>(ne - nb);
    base_ = static_cast<int16_t>(nb);
  }

  // The storage of either form, as bytes (arrays of bytes implicitly create the integers that
  // counts() and list() view, C++20 [intro.object]): one pointer keeps the head at 48 bytes.
  uint64_t* counts() const { return reinterpret_cast<uint64_t*>(store_.get()); }
  uint16_t* list() const { return reinterpret_cast<uint16_t*>(store_.get()); }
  std::unique_ptr<std::byte[]> store_;  // dense: bins [base_, base_ + cap_); list: count_ bins
                                        // of cap_ (sorted if sorted_)
  uint32_t cap_ = 0;                    // entries allocated (of whichever form)
  int16_t base_ = 0;                    // dense: the window's first bin (kBins < 2^15)
  bool dense_ = false;
  mutable bool sorted_ = true;
  // min_ of an empty histogram: above every value, so Add and Merge need not test count_.
  static constexpr int64_t kEmptyMin = INT64_MAX;
  uint64_t count_ = 0;
  double sum_ = 0;
  int64_t min_ = kEmptyMin;  // min() reads 0 while empty
  int64_t max_ = 0;
};
static_assert(sizeof(LogHistogram) == 48, "two heads and a 32-byte level share two lines");

}  // namespace sim
