// tests/rps_ramp_window_test.cc — RpsRamp's window bookkeeping (models/lambda/rps_ramp.h)
// against a naive oracle, in lock step on random schedules.
//
// The oracle keeps every counted request's bin number in a list and counts the window as the
// entries in (b − 64, b] — no bins array, no mask — with the same allowance and token rules
// (a ScalingBucket of its own, driven identically). RpsRamp visits only its non-empty bins
// (a 64-bit mask) when the window moves; any slip in the mask — a bin left set, a slot not
// cleared when a jump of 1..63 bins wraps around the ring, a refund that leaves a stale bit —
// changes some admission decision, the allowance or the window's count (compared after every
// step) below.
#include <cstdint>
#include <deque>

#include <gtest/gtest.h>

#include "models/lambda/rps_ramp.h"
#include "models/lambda/scaling_bucket.h"
#include "sim/rng.h"
#include "sim/time.h"

namespace lambdasim {
namespace {

constexpr int64_t kBinNs = 1000000000 / 64;

class OracleRamp {
 public:
  OracleRamp(int64_t burst, int64_t refill_count, sim::Duration period, bool step)
      : bucket_(burst, refill_count, period, step) {}
  bool TryAdmit(sim::Time now) {
    bin_ = BinOf(now.ns());
    if (Window() >= allowance_) {
      if (!bucket_.TryTake(now)) return false;
      ++allowance_;
    }
    bins_.push_back(bin_);
    return true;
  }
  void Refund() {
    if (!bins_.empty() && bins_.back() == bin_) bins_.pop_back();
  }
  void ResetToCold() {
    if (allowance_ == 0) return;
    allowance_ = 0;
    bins_.clear();
  }
  int64_t allowance() const { return allowance_; }
  int64_t window() { return Window(); }

 private:
  static int64_t BinOf(int64_t ns) {
    return ns >= 0 ? ns / kBinNs : -((-ns + kBinNs - 1) / kBinNs);
  }
  int64_t Window() {
    // Entries at or before bin_ − 64 never count again (bins do not decrease): drop them.
    while (!bins_.empty() && bins_.front() <= bin_ - 64) bins_.pop_front();
    int64_t n = 0;
    for (const int64_t b : bins_) n += (b > bin_ - 64 && b <= bin_) ? 1 : 0;
    return n;
  }
  ScalingBucket bucket_;
  std::deque<int64_t> bins_;  // bins of the counted requests, non-decreasing
  int64_t bin_ = 0;
  int64_t allowance_ = 0;
};

// Gaps drawn from a mix: same instant, inside a bin, a few bins, 40–70 bins (the ring's wrap),
// and long silences; occasional refunds and resets, as TryAdmit's callers make them.
void RunLockStep(uint64_t seed, int64_t burst, int64_t refill, bool step, int64_t start_ns) {
  sim::RngStream rng(seed, 0, "rps-ramp-oracle");
  RpsRamp ramp(burst, refill, sim::Duration::Seconds(10), step);
  OracleRamp oracle(burst, refill, sim::Duration::Seconds(10), step);
  int64_t t = start_ns;
  for (int i = 0; i < 200000; ++i) {
    const uint64_t kind = rng.NextU64() % 100;
    if (kind < 50) {
      // same instant
    } else if (kind < 80) {
      t += static_cast<int64_t>(rng.NextU64() % static_cast<uint64_t>(kBinNs));
    } else if (kind < 92) {
      t += static_cast<int64_t>(rng.NextU64() % static_cast<uint64_t>(8 * kBinNs));
    } else if (kind < 98) {
      t += static_cast<int64_t>(40 * kBinNs + rng.NextU64() % static_cast<uint64_t>(30 * kBinNs));
    } else {
      t += static_cast<int64_t>(rng.NextU64() % 5000000000ULL);
    }
    const sim::Time now = sim::Time::FromNanos(t);
    const bool got = ramp.TryAdmit(now);
    ASSERT_EQ(got, oracle.TryAdmit(now)) << "request " << i << " at " << t << " ns";
    ASSERT_EQ(ramp.allowance_rps(), oracle.allowance()) << "request " << i;
    ASSERT_EQ(ramp.window_count(), oracle.window()) << "request " << i;
    const uint64_t after = rng.NextU64() % 1000;
    if (got && after < 30) {
      ramp.Refund();
      oracle.Refund();
    } else if (after < 33) {
      ramp.ResetToCold();
      oracle.ResetToCold();
    }
    ASSERT_EQ(ramp.window_count(), oracle.window()) << "after request " << i;
  }
}

TEST(RpsRampWindow, MatchesANaiveWindowOnRandomSchedules) {
  RunLockStep(1, 50, 5, false, 0);
  RunLockStep(2, 20, 20, true, 0);
}

TEST(RpsRampWindow, MatchesANaiveWindowFromNegativeTimes) {
  RunLockStep(3, 30, 3, false, -7 * 1000000000LL - 12345);
}

// A sparse function (one request every 0.3–1.2 s, the 10^4-function bench's pattern): each
// request sees the previous one leave after a jump of 20–77 bins, across the ring's end.
TEST(RpsRampWindow, SparseRequestsLeaveTheWindowAfterLongJumps) {
  RpsRamp ramp(2, 0, sim::Duration::Seconds(10), false);
  OracleRamp oracle(2, 0, sim::Duration::Seconds(10), false);
  sim::RngStream rng(4, 0, "rps-ramp-sparse");
  int64_t t = 0;
  for (int i = 0; i < 100000; ++i) {
    t += 300000000 + static_cast<int64_t>(rng.NextU64() % 900000000ULL);
    const sim::Time now = sim::Time::FromNanos(t);
    // Two at the same instant: the second needs the first one's bin counted.
    ASSERT_EQ(ramp.TryAdmit(now), oracle.TryAdmit(now)) << i;
    ASSERT_EQ(ramp.TryAdmit(now), oracle.TryAdmit(now)) << i;
    ASSERT_EQ(ramp.allowance_rps(), oracle.allowance()) << i;
    ASSERT_EQ(ramp.window_count(), oracle.window()) << i;
  }
}

}  // namespace
}  // namespace lambdasim
