// models/lambda/rps_ramp.h — the requests-per-second side of the per-function scaling rate.
//
// AWS, scaling-behavior.html: "for each function, your concurrency scaling rate is 1,000
// execution environment instances every 10 seconds (or 10,000 requests per second every 10
// seconds). In other words, every 10 seconds, Lambda can allocate at most 1,000 additional
// execution environment instances, or accommodate 10,000 additional requests per second, to
// each of your functions." The environment side is the ScalingBucket in PlatformCore; this is
// the RPS side, which binds for short invocations (30 000 RPS of 20 ms calls need only 600
// environments but 30 000 RPS of allowance).
//
// Model: the function is accommodated for A requests per second. An on-demand request is
// admitted when fewer than A requests were admitted in the last second; otherwise it raises A
// by one if the scaling bucket (burst rps_burst, refill rps_refill, continuous or step like
// the environment bucket) has a token, else it is throttled (scaling rate). From cold A = 0:
// 10 000 requests per second are available at once, and the admitted rate grows as
// 10 000 + 1 000·t (continuous) or by 10 000 at each 10 s step. A constant rate below the burst
// is never throttled; a sustained rate keeps its allowance, the Poisson wobble above it drawing
// on the refill. A returns to 0 when the function has no on-demand environment left (it scaled
// to zero) [INFERRED: AWS does not say how long an accommodated rate lasts; here as long as the
// environments that served it].
// "The last second" is counted in 64 bins of 1/64 s: the window is the current bin and the 63
// before it, so it spans between 63/64 s and 1 s — exact to 1.6 %, at a fixed 256 bytes per
// function and two compares and two increments per request (a ring of timestamps, exact,
// cost 4 % more instructions on the quickstart scenario).
// Invariants: window_count = Σ bins = admissions in the window ≤ A (a request is counted only
// when the count was below A, or A grew by one with it); bit k of nonzero_ is set iff
// bins_[k] > 0; A only grows while environments exist; exact integer time; no storage per
// request.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

#include "models/lambda/scaling_bucket.h"
#include "sim/prefetch.h"
#include "sim/time.h"

namespace lambdasim {

class RpsRamp {
 public:
  RpsRamp() = default;  // disabled: every request passes
  RpsRamp(int64_t burst, int64_t refill_count, sim::Duration refill_period, bool step)
      : enabled_(burst > 0), bucket_(burst, refill_count, refill_period, step) {}

  bool enabled() const { return enabled_; }
  int64_t allowance_rps() const { return allowance_; }

  // Cache hint for a request at `at`: the head and the token bucket (what TryAdmit reads
  // before the bins) and the bin `at` falls in (computed from the time alone, so the hint waits
  // on no load). Changes nothing.
  [[gnu::always_inline]] void Prefetch(sim::Time at) const {
    sim::PrefetchSpan(this, &bins_);
    if (!enabled_) return;
    const int64_t ns = at.ns();
    const int64_t b = ns >= 0 ? ns / kBinNs : -((-ns + kBinNs - 1) / kBinNs);
    sim::PrefetchLine(&bins_[static_cast<size_t>(b & (kBins - 1))]);
  }

  // One on-demand request at `now` (times must not decrease): true if it fits the allowance
  // (raising it by one if needed and a token is available); it is then counted in the window.
  bool TryAdmit(sim::Time now) {
    if (!enabled_) return true;
    if (now.ns() >= next_bin_ns_) Advance(now.ns());
    if (window_count_ >= allowance_) {
      if (!bucket_.TryTake(now)) return false;
      ++allowance_;
    }
    const auto slot = static_cast<size_t>(bin_ & (kBins - 1));
    ++bins_[slot];
    nonzero_ |= uint64_t{1} << slot;
    ++window_count_;
    return true;
  }
  // Admissions in the window (the tests compare it with an oracle's count).
  int64_t window_count() const { return window_count_; }
  // The request admitted by TryAdmit was throttled further on (no environment token): it
  // leaves the window (a raised allowance stays).
  void Refund() {
    const auto slot = static_cast<size_t>(bin_ & (kBins - 1));
    if (!enabled_ || bins_[slot] == 0) return;
    if (--bins_[slot] == 0) nonzero_ &= ~(uint64_t{1} << slot);
    --window_count_;
  }
  // The function has no on-demand environment: the next request starts from cold.
  void ResetToCold() {
    if (allowance_ == 0) return;
    allowance_ = 0;
    ClearSlots(nonzero_);  // window_count_ becomes 0 with the bins
  }

 private:
  static constexpr int64_t kBins = 64;
  static constexpr int64_t kBinNs = 1000000000 / kBins;  // 15.625 ms, exact

  // Moves to the bin of `now_ns`, emptying the bins that leave the window. Bins are numbered
  // by floor division, so times before 0 (a warm-up) bin like any other.
  // Only non-empty bins are visited (nonzero_, one bit per slot): a function that sees a request
  // now and then touches no bin line but its own, and advancing by many bins costs the number
  // of non-empty bins that leave, not the distance.
  void Advance(int64_t now_ns) {
    const int64_t b = now_ns >= 0 ? now_ns / kBinNs : -((-now_ns + kBinNs - 1) / kBinNs);
    if (nonzero_ != 0) {
      const int64_t steps = b - bin_;  // the slots of bins bin_+1 .. b leave (one full turn max)
      uint64_t leaving = ~uint64_t{0};
      if (steps < kBins) {
        leaving = std::rotl((uint64_t{1} << steps) - 1, static_cast<int>((bin_ + 1) & (kBins - 1)));
      }
      ClearSlots(nonzero_ & leaving);
    }
    bin_ = b;
    next_bin_ns_ = (b + 1) * kBinNs;
  }
  // Empties the slots whose bits are set in `mask` and takes their counts out of the window.
  void ClearSlots(uint64_t mask) {
    nonzero_ &= ~mask;
    while (mask != 0) {
      const auto slot = static_cast<size_t>(std::countr_zero(mask));
      window_count_ -= bins_[slot];
      bins_[slot] = 0;
      mask &= mask - 1;
    }
  }

  // What every admission reads comes first (one cache line); the token bucket and the bins after.
  bool enabled_ = false;
  int64_t allowance_ = 0;            // A, requests per second
  int64_t window_count_ = 0;         // admissions in the window (= the sum of bins_)
  int64_t bin_ = INT64_MIN / 2;      // current bin number (⌊time / kBinNs⌋); far past at first
  int64_t next_bin_ns_ = INT64_MIN;  // start of the next bin: the first request advances
  uint64_t nonzero_ = 0;             // bit k set iff bins_[k] > 0
  ScalingBucket bucket_;
  std::array<uint32_t, kBins> bins_{};
};

}  // namespace lambdasim
