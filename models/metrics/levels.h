// models/metrics/levels.h — piecewise-constant integer levels integrated exactly over time.
//
// What the recorder (metrics_recorder.h) keeps for its gauges: Gauge (one level: bucket and run
// areas and maxima), BucketLevel + LevelRun (the same gauge split into the open bucket's part,
// touched by every change, and the run's part, touched only at a bucket's close) and
// AccountLevels (the account's three pool levels: values and maxima only, their areas are
// derived by the recorder at a bucket's close).
// Invariants, for all of them:
// - A level is a count (never negative); areas are exact value·ns sums in int128.
// - Buckets are half-open, [k·b, (k+1)·b): a bucket's max is the largest level set at an
//   instant inside it or held for a positive time inside it (a level that ends exactly at the
//   bucket's start is not in it); an empty max is 0.
// - The run's area is the sum of the closed buckets' areas; the run's max is the max of the
//   closed buckets' maxima, the open bucket's max and the level at a Restart.
// - Every change at time t must come with t >= the time of the last change (event order).
#pragma once

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "sim/time.h"

namespace lambdasim {

__extension__ typedef __int128 Int128;  // exact time-weighted sums

// A piecewise-constant integer level, integrated over time.
// Bucket maximum: the largest level the bucket saw — set at an instant inside it, or held
// for a positive time inside it. A level that ends exactly at the bucket's start (a 1 s
// request on [0 s, 1 s) seen from the bucket [1 s, 2 s)) is not in that bucket: buckets are
// half-open, [k·b, (k+1)·b). Levels are counts (never negative), so an empty maximum is 0.
class Gauge {
 public:
  void Set(sim::Time now, int64_t value) {
    Integrate(now);
    value_ = value;
    if (value_ > bucket_max_) bucket_max_ = value_;
  }
  void Add(sim::Time now, int64_t delta) { Set(now, value_ + delta); }
  int64_t value() const { return value_; }

  // Closes the bucket at `boundary`: returns the bucket's integral (value·ns) and max.
  void CloseBucket(sim::Time boundary, Int128& area_out, int64_t& max_out) {
    Integrate(boundary);
    area_out = bucket_area_;
    max_out = bucket_max_;
    run_area_ += bucket_area_;
    if (bucket_max_ > run_max_) run_max_ = bucket_max_;
    bucket_area_ = 0;
    bucket_max_ = 0;  // the level enters the next bucket's max once it is held there
  }
  // Measurement starts at `t0` (after a warm-up): forget the past, keep the level.
  void Restart(sim::Time t0) {
    last_ = t0;
    bucket_area_ = run_area_ = 0;
    bucket_max_ = 0;
    run_max_ = value_;
  }
  Int128 run_area() const { return run_area_; }
  // Every level set lands in the open bucket's max, which a close folds into the run's.
  int64_t run_max() const { return std::max(run_max_, bucket_max_); }

 private:
  void Integrate(sim::Time now) {
    if (now.ns() > last_.ns() && value_ > bucket_max_) bucket_max_ = value_;  // held a while
    bucket_area_ += static_cast<Int128>(value_) * (now.ns() - last_.ns());
    last_ = now;
  }
  int64_t value_ = 0;
  sim::Time last_;
  Int128 bucket_area_ = 0;
  Int128 run_area_ = 0;
  int64_t bucket_max_ = 0;
  int64_t run_max_ = 0;  // of closed buckets (and the level at a Restart)
};

// A gauge split in two for the per-function hot state: BucketLevel is the open bucket's part
// that every change touches (level, time of last change, bucket area and, kWithMax, bucket
// max; 40 or 32 bytes), LevelRun the run's part that only a bucket's close touches. Together
// they report exactly what a Gauge reports (same Set/Add, same half-open bucket max).
struct LevelRun {
  Int128 area = 0;
  int64_t max = 0;  // of closed buckets (and the level at a Restart)
};
__extension__ typedef __int128 Int128Packed
    __attribute__((aligned(8)));  // 8-byte aligned: no padding
template <bool kWithMax>
class BucketLevel {
 public:
  void Set(sim::Time now, int64_t value) {
    Integrate(now);
    value_ = value;
    if constexpr (kWithMax) {
      if (value_ > bucket_max_) bucket_max_ = value_;
    }
  }
  void Add(sim::Time now, int64_t delta) { Set(now, value_ + delta); }
  int64_t value() const { return value_; }
  // As Gauge::CloseBucket; the bucket's area and max also go into `run`.
  void CloseBucket(sim::Time boundary, LevelRun& run, Int128& area_out, int64_t& max_out) {
    Integrate(boundary);
    area_out = bucket_area_;
    run.area += area_out;
    bucket_area_ = 0;
    max_out = bucket_max();
    if (max_out > run.max) run.max = max_out;
    if constexpr (kWithMax) bucket_max_ = 0;
  }
  // As Gauge::Restart.
  void Restart(sim::Time t0, LevelRun& run) {
    last_ = t0;
    bucket_area_ = 0;
    if constexpr (kWithMax) bucket_max_ = 0;
    run = LevelRun{};
    run.max = value_;
  }
  int64_t run_max(const LevelRun& run) const { return std::max(run.max, bucket_max()); }
  int64_t bucket_max() const {
    if constexpr (kWithMax) return bucket_max_;
    return 0;
  }

 private:
  struct NoMax {};
  void Integrate(sim::Time now) {
    if constexpr (kWithMax) {
      if (now.ns() > last_.ns() && value_ > bucket_max_) bucket_max_ = value_;  // held a while
    }
    bucket_area_ += static_cast<Int128>(value_) * (now.ns() - last_.ns());
    last_ = now;
  }
  Int128Packed bucket_area_ = 0;
  int64_t value_ = 0;
  sim::Time last_;
  [[no_unique_address]] std::conditional_t<kWithMax, int64_t, NoMax> bucket_max_{};
};
static_assert(sizeof(BucketLevel<true>) == 40 && sizeof(BucketLevel<false>) == 32);

// The account's three pool levels — concurrency, unreserved concurrency and claimed concurrency
// (reserved + provisioned + unreserved busy) — their values and their bucket and run maxima,
// with the Gauge semantics above (half-open buckets). No areas: the recorder derives the
// account's areas at a bucket's close from the per-function concurrency and provisioned-busy
// areas (metrics_recorder.h), so a change only moves values and maxima. Every level set enters
// its bucket's max at once; a level carried over a close (or a Restart) enters the new bucket's
// max at the first change after a positive time, or at the next close (carried_). Level(k) is
// a Gauge-like handle (Add, Set, value) for the other call sites.
class AccountLevels {
 public:
  enum Kind : int { kConcurrency = 0, kUnreserved = 1, kClaimed = 2 };
  class Level {
   public:
    Level(AccountLevels* levels, Kind kind) : levels_(levels), kind_(kind) {}
    void Add(sim::Time now, int64_t delta) {
      levels_->Carry(now);
      levels_->Move(kind_, delta);
    }
    void Set(sim::Time now, int64_t value) { Add(now, value - this->value()); }
    int64_t value() const { return levels_->value_[kind_]; }

   private:
    AccountLevels* levels_;
    Kind kind_;
  };

  // A busy change of `delta` in the account's pool; `unreserved`: on demand, of a function
  // without reserved concurrency (it moves the unreserved and claimed levels as well).
  // Inline and small: while no level is carried over a close, every value is at most its
  // bucket max (each set entered it), so only a rise can raise a max (with the constant ±1
  // of the model's call sites, a fall is three decrements). A carried level takes the general
  // path (AddBusyCarried), which is the rule as written: Carry, then Move each.
  [[gnu::always_inline]] void AddBusy(sim::Time now, int64_t delta, bool unreserved) {
    if (carried_) [[unlikely]] {
      AddBusyCarried(now, delta, unreserved);
      return;
    }
    Rise(kConcurrency, delta);
    if (unreserved) {
      Rise(kUnreserved, delta);
      Rise(kClaimed, delta);
    }
  }
  // Closes the bucket at `boundary`: the three maxima.
  void CloseBucket(sim::Time boundary, int64_t (&max_out)[3]) {
    Carry(boundary);
    for (int k = 0; k < 3; ++k) {
      max_out[k] = bucket_max_[k];
      if (bucket_max_[k] > run_max_[k]) run_max_[k] = bucket_max_[k];
      bucket_max_[k] = 0;
    }
    carried_from_ = boundary;
    carried_ = true;
  }
  // As Gauge::Restart, for the three levels.
  void Restart(sim::Time t0) {
    for (int k = 0; k < 3; ++k) {
      bucket_max_[k] = 0;
      run_max_[k] = value_[k];
    }
    carried_from_ = t0;
    carried_ = true;
  }
  int64_t run_max(Kind k) const { return std::max(run_max_[k], bucket_max_[k]); }

 private:
  // Move for a value at most its bucket max (no level carried): a fall cannot raise the max.
  [[gnu::always_inline]] void Rise(Kind k, int64_t delta) {
    value_[k] += delta;
    if (delta > 0 && value_[k] > bucket_max_[k]) bucket_max_[k] = value_[k];
  }
  [[gnu::noinline]] void AddBusyCarried(sim::Time now, int64_t delta, bool unreserved) {
    Carry(now);
    Move(kConcurrency, delta);
    if (unreserved) {
      Move(kUnreserved, delta);
      Move(kClaimed, delta);
    }
  }
  // The level set now enters the bucket's max (only the level that moved: the others enter it
  // once held, as Carry decides).
  void Move(Kind k, int64_t delta) {
    value_[k] += delta;
    if (value_[k] > bucket_max_[k]) bucket_max_[k] = value_[k];
  }
  // Before a change (or a close) at `now`: the levels carried over the last close were held a
  // while if now > its time, and enter the bucket's max. Only they can exceed it (every level
  // set entered it at once), so only the first positive step after a close looks.
  void Carry(sim::Time now) {
    if (carried_) [[unlikely]] {
      if (now.ns() > carried_from_.ns()) {
        for (int k = 0; k < 3; ++k)
          if (value_[k] > bucket_max_[k]) bucket_max_[k] = value_[k];
        carried_ = false;
      }
    }
  }
  bool carried_ = true;     // since the last close (or Restart), no positive step yet
  sim::Time carried_from_;  // time of the last close (or Restart)
  int64_t value_[3] = {0, 0, 0};
  int64_t bucket_max_[3] = {0, 0, 0};
  int64_t run_max_[3] = {0, 0, 0};  // of closed buckets (and the levels at a Restart)
};

}  // namespace lambdasim
