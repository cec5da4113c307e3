// tests/rps_window_test.cc — RpsWindow (models/lambda/rps_window.h) against the original
// eager window, in lock step on random schedules.
//
// The oracle is the implementation RpsWindow had until session 9 of issue 17: every HasRoom
// pops each time at or before now − 1 s, then compares the count with the limit. RpsWindow
// drops times lazily (only when it stores `limit` or more, or when full); any slip — a stale
// time counted, a time dropped while still inside the window, a lost time when the ring grows
// or wraps — changes some HasRoom answer below.
#include <algorithm>
#include <cstdint>
#include <deque>

#include <gtest/gtest.h>

#include "models/lambda/rps_window.h"
#include "sim/rng.h"
#include "sim/time.h"

namespace lambdasim {
namespace {

class EagerWindow {
 public:
  void set_limit(int64_t limit) { limit_ = limit; }
  bool HasRoom(sim::Time now) {
    if (limit_ < 0) return true;
    const sim::Time horizon = now - sim::Duration::Seconds(1);
    while (!times_.empty() && times_.front() <= horizon) times_.pop_front();
    return static_cast<int64_t>(times_.size()) < limit_;
  }
  void Record(sim::Time now) {
    if (limit_ >= 0) times_.push_back(now);
  }

 private:
  int64_t limit_ = -1;
  std::deque<sim::Time> times_;
};

// Runs both windows on one random schedule: bursts and lulls around the one-second edge,
// equal times, an occasional limit change (provisioned concurrency's window follows the
// allocated amount), and records that skip HasRoom's answer (a caller that records anyway).
void RunLockStep(uint64_t seed, int64_t limit, int steps) {
  sim::RngStream rng(seed, 0, "rps-window-test");
  RpsWindow window;
  EagerWindow oracle;
  window.set_limit(limit);
  oracle.set_limit(limit);
  int64_t now_ns = 0;
  for (int i = 0; i < steps; ++i) {
    const double u = rng.NextDouble();
    if (u < 0.4) {
      now_ns += 0;  // same instant
    } else if (u < 0.8) {
      now_ns += static_cast<int64_t>(rng.NextDouble() * 3e7);
    } else if (u < 0.97) {
      now_ns += 1000000000 - 2 + static_cast<int64_t>(rng.NextDouble() * 5);  // near the edge
    } else {
      now_ns += static_cast<int64_t>(rng.NextDouble() * 4e9);
    }
    if (rng.NextDouble() < 0.002) {
      const int64_t next =
          std::max<int64_t>(-1, limit + static_cast<int64_t>(rng.NextDouble() * 7) - 3);
      window.set_limit(next);
      oracle.set_limit(next);
    }
    const sim::Time now = sim::Time::FromNanos(now_ns);
    const bool room = oracle.HasRoom(now);
    ASSERT_EQ(window.HasRoom(now), room) << "seed " << seed << " step " << i << " t " << now_ns;
    if (room || rng.NextDouble() < 0.05) {
      window.Record(now);
      oracle.Record(now);
    }
  }
}

TEST(RpsWindow, LazyTrimMatchesEagerWindowOnRandomSchedules) {
  for (const int64_t limit : {-1, 0, 1, 2, 3, 15, 16, 17, 100, 1000}) {
    for (uint64_t seed = 1; seed <= 6; ++seed)
      RunLockStep(seed * 7919 + static_cast<uint64_t>(limit + 1), limit, 40000);
  }
}

TEST(RpsWindow, EdgeOfTheWindowIsExclusive) {
  RpsWindow w(2);
  const sim::Time t0 = sim::Time::FromNanos(5);
  EXPECT_TRUE(w.HasRoom(t0));
  w.Record(t0);
  w.Record(t0);
  EXPECT_FALSE(w.HasRoom(t0 + sim::Duration::Nanos(999999999)));
  EXPECT_TRUE(w.HasRoom(t0 + sim::Duration::Seconds(1)));  // (now − 1 s, now]: t0 has left
}

}  // namespace
}  // namespace lambdasim
