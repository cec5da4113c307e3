// models/lambda/scaling_bucket.h — the scaling-rate token bucket (§2.1, §2.3 of the reference).
//
// One token = permission to create one new on-demand execution environment (or, in RpsRamp,
// one more request per second of allowance). The bucket starts full at `burst` tokens and
// refills at refill_count tokens per refill_period, never above `burst` (unused tokens do not
// accrue). Two refill shapes (`scaling: { refill_mode }`):
//   continuous (default) — spread evenly: "Lambda makes a best attempt to refill your
//     concurrency scaling rate continuously over time, rather than in one single refill of
//     1,000 units every 10 seconds" (AWS, scaling-behavior.html);
//   step — refill_count whole tokens at each multiple of refill_period since t = 0 (the
//     launch post's "1,000 every 10 seconds", the pessimistic reading).
// Arithmetic is exact: the level is kept in units of 1/period_ns of a token, so 1000/10s and
// 500/min are both integer rates and "1000 + 100·t" holds to the nanosecond. Reuse of warm or
// provisioned environments never touches the bucket; tokens are not refunded on reclaim
// [INFERRED].
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace lambdasim {

class ScalingBucket {
 public:
  ScalingBucket() = default;
  ScalingBucket(int64_t burst, int64_t refill_count, sim::Duration refill_period, bool step = false)
      : period_ns_(refill_period.ns()),
        refill_count_(refill_count),
        capacity_(burst * refill_period.ns()),
        level_(capacity_),
        step_(step) {}

  // Takes one token at time `now` if available. Times must not decrease.
  bool TryTake(sim::Time now) {
    Refill(now);
    if (level_ < period_ns_) return false;
    level_ -= period_ns_;
    return true;
  }

  // Whole tokens available at `now`.
  int64_t Available(sim::Time now) {
    Refill(now);
    return period_ns_ > 0 ? level_ / period_ns_ : 0;
  }

 private:
  void Refill(sim::Time now) {
    if (step_) {
      RefillStep(now);
      return;
    }
    const int64_t dt = now.ns() - last_.ns();
    last_ = now;
    if (dt <= 0 || level_ >= capacity_) return;
    const int64_t room = capacity_ - level_;
    // refill_count_ * dt may overflow for long gaps: compare against room first.
    if (refill_count_ == 0) return;
    if (dt >= room / refill_count_ + 1) {
      level_ = capacity_;
    } else {
      level_ += refill_count_ * dt;
      if (level_ > capacity_) level_ = capacity_;
    }
  }

  static int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
  // Step shape: whole refills at t = k·period (any integer k, so a warm-up before 0 steps
  // too), counted since the last call.
  void RefillStep(sim::Time now) {
    if (period_ns_ <= 0) return;
    const int64_t steps = FloorDiv(now.ns(), period_ns_) - FloorDiv(last_.ns(), period_ns_);
    last_ = now;
    if (steps <= 0 || level_ >= capacity_ || refill_count_ == 0) return;
    const int64_t room_tokens = (capacity_ - level_) / period_ns_ + 1;
    if (steps >= room_tokens / refill_count_ + 1) {
      level_ = capacity_;
    } else {
      level_ += steps * refill_count_ * period_ns_;
      if (level_ > capacity_) level_ = capacity_;
    }
  }

  int64_t period_ns_ = 1;
  int64_t refill_count_ = 0;
  int64_t capacity_ = 0;
  int64_t level_ = 0;
  sim::Time last_;
  bool step_ = false;
};

}  // namespace lambdasim
