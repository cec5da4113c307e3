// Unit tests for sim/radix_event_queue.h: on random discrete-event schedules (pushes never
// before the last popped time; many equal times, same-time different-priority and same-time
// same-priority events; negative times; far-future times) RadixEventQueue pops exactly the
// sequence EventQueue pops — the whole event, payload included — and top() agrees with pop().
// The lock-step schedules also run through other digit widths and run sizes of
// BasicRadixEventQueue (1..8-bit digits, including widths that do not divide 64; runs of 1..256).
#include "sim/radix_event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/event_queue.h"
#include "sim/rng.h"

namespace sim {
namespace {

Event MakeEvent(int64_t t_ns, uint16_t priority, uint64_t seq) {
  Event e;
  e.time = Time::FromNanos(t_ns);
  e.order = (uint64_t{priority} << 48) | seq;
  e.kind = static_cast<uint32_t>(seq % 7);
  e.a = static_cast<uint32_t>(seq * 3);
  e.b = seq * 11;
  return e;
}

void ExpectSameEvent(const Event& x, const Event& y, size_t step) {
  ASSERT_EQ(x.time.ns(), y.time.ns()) << "step " << step;
  ASSERT_EQ(x.order, y.order) << "step " << step;
  ASSERT_EQ(x.kind, y.kind) << "step " << step;
  ASSERT_EQ(x.a, y.a) << "step " << step;
  ASSERT_EQ(x.b, y.b) << "step " << step;
}

// A random schedule run through both queues in lock step: each step pops one event (when any
// is pending) and pushes 0–3 new ones at the popped time plus a delay drawn from a mix of zero
// (same instant), tiny, moderate and huge delays, with priorities 0–4. each_step(queue, rng) runs
// after every step's pushes.
struct NoStepHook {
  template <class Queue>
  void operator()(Queue& /*queue*/, RngStream& /*rng*/) const {}
};
template <class Queue = RadixEventQueue, class EachStep = NoStepHook>
void RunLockStep(uint64_t seed, int64_t start_ns, int64_t steps, int64_t spread_ns,
                 EachStep each_step = {}) {
  RngStream rng(seed, 0, "test/radix");
  EventQueue ref;
  Queue radix;
  uint64_t seq = 0;
  int64_t now = start_ns;
  auto delay = [&]() -> int64_t {
    switch (rng.NextBelow(6)) {
      case 0: return 0;
      case 1: return static_cast<int64_t>(rng.NextBelow(4));
      case 2: return static_cast<int64_t>(rng.NextBelow(1000));
      case 3: return static_cast<int64_t>(rng.NextBelow(static_cast<uint64_t>(spread_ns)));
      case 4: return static_cast<int64_t>(rng.NextBelow(16)) * 1000;  // coarse grid: ties
      default: return int64_t{1} << rng.NextBelow(50);
    }
  };
  auto push_both = [&](int64_t t) {
    const Event e = MakeEvent(t, static_cast<uint16_t>(rng.NextBelow(5)), seq++);
    ref.push(e);
    radix.push(e);
  };
  for (int i = 0; i < 64; ++i) push_both(now + delay());
  for (int64_t step = 0; step < steps; ++step) {
    ASSERT_EQ(ref.size(), radix.size());
    if (!ref.empty()) {
      ExpectSameEvent(radix.top(), ref.top(), static_cast<size_t>(step));
      const Event a = ref.pop();
      const Event b = radix.pop();
      ExpectSameEvent(b, a, static_cast<size_t>(step));
      now = a.time.ns();
    }
    const uint64_t pushes = ref.size() < 8 ? 3 : rng.NextBelow(4);
    for (uint64_t k = 0; k < pushes; ++k) push_both(now + delay());
    each_step(radix, rng);
    // Sometimes peek after pushing (top() caches its answer; a push must invalidate it).
    if (!ref.empty() && rng.NextBelow(3) == 0)
      ExpectSameEvent(radix.top(), ref.top(), static_cast<size_t>(step));
  }
  size_t step = 0;
  while (!ref.empty()) {
    const Event a = ref.pop();
    const Event b = radix.pop();
    ExpectSameEvent(b, a, step++);
  }
  EXPECT_TRUE(radix.empty());
}

TEST(SimRadixEventQueue, PopsLikeEventQueueOnRandomSchedulesWithTies) {
  for (uint64_t seed = 1; seed <= 8; ++seed) RunLockStep(seed, 0, 20000, 1'000'000);
}

TEST(SimRadixEventQueue, PopsLikeEventQueueFromNegativeTimes) {
  // A warm-up starts the clock below zero: the sign bit flips inside the run.
  RunLockStep(42, -5'000'000, 20000, 100'000);
  RunLockStep(43, -(int64_t{1} << 40), 5000, int64_t{1} << 30);
}

// Every digit width and run size pops like EventQueue, from positive and negative start times.
template <class Queue>
void RunLockStepVariant() {
  SCOPED_TRACE(testing::Message() << "digit bits " << Queue::kDigitBits << ", run max "
                                  << Queue::kRunMax << ", wide level at bit " << Queue::kWideLow
                                  << ", " << Queue::kWideBits << " bits");
  RunLockStep<Queue>(11, 0, 8000, 1'000'000);
  RunLockStep<Queue>(12, -5'000'000, 8000, 100'000);
  RunLockStep<Queue>(13, -(int64_t{1} << 40), 3000, int64_t{1} << 30);
}

TEST(SimRadixEventQueue, EveryDigitWidthAndRunSizePopsLikeEventQueue) {
  RunLockStepVariant<BasicRadixEventQueue<1, 32>>();
  RunLockStepVariant<BasicRadixEventQueue<2, 4>>();
  RunLockStepVariant<BasicRadixEventQueue<3, 16>>();  // 22 levels, the top one 1 bit wide
  RunLockStepVariant<BasicRadixEventQueue<4, 1>>();
  RunLockStepVariant<BasicRadixEventQueue<4, 32>>();
  RunLockStepVariant<BasicRadixEventQueue<5, 2>>();
  RunLockStepVariant<BasicRadixEventQueue<6, 64>>();
  RunLockStepVariant<BasicRadixEventQueue<7, 8>>();
  RunLockStepVariant<BasicRadixEventQueue<8, 256>>();
}

// One wide level among the digits: at the bottom, in the middle (where the spreads above put most
// events), at bits the kernel's queue uses (the top digit then 2 bits wide), and at the very top.
TEST(SimRadixEventQueue, AWideLevelPopsLikeEventQueue) {
  RunLockStepVariant<BasicRadixEventQueue<2, 1, 0, 7>>();
  RunLockStepVariant<BasicRadixEventQueue<4, 32, 8, 10>>();
  RunLockStepVariant<BasicRadixEventQueue<3, 4, 15, 9>>();
  RunLockStepVariant<BasicRadixEventQueue<4, 32, 20, 10>>();
  RunLockStepVariant<BasicRadixEventQueue<4, 2, 56, 8>>();
  RunLockStepVariant<BasicRadixEventQueue<4, 32, 20, 11>>();
}

// The adaptive layout (two wide levels that move with the events' rate) pops like EventQueue, and
// so it does when its layout moves at random moments to random run shifts with events pending —
// including shifts that put the wide levels far from where the events are.
TEST(SimRadixEventQueue, AnAdaptiveLayoutPopsLikeEventQueueWhenItMoves) {
  using Adaptive = BasicRadixEventQueue<4, 32, 20, 10, true>;
  RunLockStepVariant<Adaptive>();
  RunLockStepVariant<BasicRadixEventQueue<3, 8, 12, 9, true>>();
  size_t moves = 0;
  auto move_now_and_then = [&moves](auto& queue, RngStream& rng) {
    if (rng.NextBelow(97) != 0) return;
    queue.SetRunShift(static_cast<unsigned>(8 + rng.NextBelow(40)));  // clamped to 10..40
    ++moves;
  };
  for (uint64_t seed = 31; seed <= 34; ++seed) {
    RunLockStep<Adaptive>(seed, 0, 20000, 1'000'000, move_now_and_then);
    RunLockStep<Adaptive>(seed, -(int64_t{1} << 40), 5000, int64_t{1} << 30, move_now_and_then);
  }
  EXPECT_GT(moves, 500u);
  Adaptive q;
  q.SetRunShift(3);
  EXPECT_EQ(q.run_shift(), Adaptive::kMinRunShift);
  q.SetRunShift(63);
  EXPECT_EQ(q.run_shift(), Adaptive::kMaxRunShift);
}

// The adaptive layout's rule: after two windows of kAdaptEvents events taken into runs, the lower
// wide level starts at about log2(kTargetRunEvents / rate) — a steady stream of `rate` events
// per second, each pushed `ahead` after the one popped (a closed system of rate·ahead events).
template <class Queue>
unsigned SettledRunShift(double rate_per_s, double ahead_s) {
  RngStream rng(5, 0, "test/radix/adaptive");
  Queue q;
  uint64_t seq = 0;
  const auto in_flight = static_cast<int64_t>(rate_per_s * ahead_s);
  auto exp_ns = [&](double mean_s) {
    const double u = (static_cast<double>(rng.NextBelow(uint64_t{1} << 53)) + 0.5) / 0x1p53;
    return static_cast<int64_t>(-std::log(u) * mean_s * 1e9);
  };
  for (int64_t i = 0; i < in_flight; ++i) q.push(MakeEvent(exp_ns(ahead_s), 0, seq++));
  for (uint64_t i = 0; i < 3 * Queue::kAdaptEvents + 1000; ++i) {
    const Event e = q.pop();
    q.push(MakeEvent(e.time.ns() + exp_ns(ahead_s), 0, seq++));
  }
  return q.run_shift();
}

// Buckets above the lowest wide level give their room back when they empty: at 10^4 events/s
// pushed ~100 ms ahead, the second wide level's 1 s buckets (each reused once in 1 024 s) kept
// ~225 000 events of room for 1 000 pending (7 MiB; 1e3's peak RSS went 5 → 18 MiB). Now the
// room is what the lower levels reuse (~34 000 events, as with one wide level).
TEST(SimRadixEventQueue, BucketsAboveTheLowWideLevelKeepNoRoom) {
  using Adaptive = BasicRadixEventQueue<4, 32, 20, 10, true>;
  RngStream rng(9, 0, "test/radix/room");
  Adaptive q;
  uint64_t seq = 0;
  auto exp_ns = [&](double mean_s) {
    const double u = (static_cast<double>(rng.NextBelow(uint64_t{1} << 53)) + 0.5) / 0x1p53;
    return static_cast<int64_t>(-std::log(u) * mean_s * 1e9);
  };
  for (int i = 0; i < 1000; ++i) q.push(MakeEvent(exp_ns(0.1), 0, seq++));
  size_t peak = 0;
  for (int i = 0; i < 2'000'000; ++i) {  // 200 s of simulated time
    const Event e = q.pop();
    q.push(MakeEvent(e.time.ns() + exp_ns(0.1), 0, seq++));
    if (i % 1000 == 0) peak = std::max(peak, q.capacity_events());
  }
  EXPECT_EQ(q.run_shift(), 20u);
  EXPECT_LT(peak, 60'000u);
}

TEST(SimRadixEventQueue, AnAdaptiveLayoutSettlesWhereABucketHoldsAFewEvents) {
  using Adaptive = BasicRadixEventQueue<4, 32, 20, 10, true>;
  auto expected = [](double rate_per_s) {
    return std::log2(Adaptive::kTargetRunEvents / rate_per_s * 1e9);
  };
  for (const auto& [rate, ahead] : {std::pair{1e5, 1.0}, std::pair{1e4, 0.1}, std::pair{1e3, 1.0},
                                    std::pair{1e6, 0.5}, std::pair{50.0, 60.0}}) {
    SCOPED_TRACE(testing::Message() << rate << " events/s, " << ahead << " s ahead");
    const unsigned got = SettledRunShift<Adaptive>(rate, ahead);
    const double want = std::clamp(expected(rate), 10.0, 40.0);
    // Within the hysteresis (¾) of the rule, or rounded to it; never further.
    EXPECT_LE(std::abs(static_cast<double>(got) - want), 1.0) << "run shift " << got;
  }
  // Without adaptation the wide level stays where the template put it.
  EXPECT_EQ((SettledRunShift<BasicRadixEventQueue<4, 32, 20, 10>>(1e5, 1.0)), 20u);
}

// Adversarial schedules in lock step with EventQueue: the extremes of the time range (the sign
// flip and the top digit), far-future timers among dense near events, bursts of one instant much
// larger than a run, and events exactly one digit boundary apart.
template <class Queue>
void RunAdversarial() {
  SCOPED_TRACE(testing::Message() << "digit bits " << Queue::kDigitBits << ", run max "
                                  << Queue::kRunMax << ", wide level at bit " << Queue::kWideLow
                                  << ", " << Queue::kWideBits << " bits");
  RngStream rng(21, 0, "test/radix/adversarial");
  EventQueue ref;
  Queue radix;
  uint64_t seq = 0;
  auto push_both = [&](int64_t t) {
    const Event e = MakeEvent(t, static_cast<uint16_t>(rng.NextBelow(3)), seq++);
    ref.push(e);
    radix.push(e);
  };
  int64_t now = 0;
  // Pops up to n events (none at or beyond 2^62: the near pushes must not overflow).
  auto pop_both = [&](uint64_t n) {
    for (uint64_t i = 0; i < n && !ref.empty() && ref.top().time.ns() < (int64_t{1} << 62); ++i) {
      ExpectSameEvent(radix.top(), ref.top(), seq);
      const Event a = ref.pop();
      ExpectSameEvent(radix.pop(), a, seq);
      now = a.time.ns();
    }
  };
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  // The extremes: the least time, one above it, the greatest, and zero's neighbourhood.
  for (const int64_t t : {kMax, kMin + 1, kMax - 1, int64_t{0}, int64_t{-1}, int64_t{1}, kMin})
    push_both(t);
  pop_both(1);
  ASSERT_EQ(now, kMin);
  // Far-future timers among dense near events, and a burst of one instant 10x a run.
  for (int round = 0; round < 200; ++round) {
    for (int i = 0; i < 20; ++i) push_both(now + static_cast<int64_t>(rng.NextBelow(100)));
    if (round % 7 == 0) push_both(now + (int64_t{1} << (40 + rng.NextBelow(20))));
    if (round % 13 == 0)
      for (size_t i = 0; i < 10 * Queue::kRunMax + 3; ++i) push_both(now + 50);
    // Exactly on digit boundaries above now (every power of two up to 2^40).
    if (round % 5 == 0) push_both(now + (int64_t{1} << rng.NextBelow(41)));
    pop_both(25 + rng.NextBelow(30));
  }
  while (!ref.empty()) {
    const Event a = ref.pop();
    ExpectSameEvent(radix.pop(), a, seq);
  }
  EXPECT_TRUE(radix.empty());
}

TEST(SimRadixEventQueue, AdversarialSchedulesPopLikeEventQueue) {
  RunAdversarial<RadixEventQueue>();
  RunAdversarial<BasicRadixEventQueue<1, 32>>();
  RunAdversarial<BasicRadixEventQueue<3, 4>>();
  RunAdversarial<BasicRadixEventQueue<8, 1>>();
  RunAdversarial<BasicRadixEventQueue<8, 256>>();
  RunAdversarial<BasicRadixEventQueue<4, 1, 20, 10>>();
  RunAdversarial<BasicRadixEventQueue<4, 32, 8, 11>>();
  RunAdversarial<BasicRadixEventQueue<4, 8, 56, 8>>();
  RunAdversarial<BasicRadixEventQueue<4, 32, 20, 10, true>>();
}

TEST(SimRadixEventQueue, SameInstantLeavesByPriorityThenSequence) {
  RadixEventQueue q;
  // All at one time: priorities out of order, equal priorities in scheduling order.
  const uint16_t priorities[] = {3, 0, 3, 2, 0, 4, 3, 1};
  for (uint64_t i = 0; i < 8; ++i) q.push(MakeEvent(100, priorities[i], i));
  q.push(MakeEvent(99, 4, 8));  // earlier time wins over any priority
  std::vector<uint64_t> got;
  while (!q.empty()) got.push_back(q.pop().order);
  const std::vector<uint64_t> want = {
      (uint64_t{4} << 48) | 8, (uint64_t{0} << 48) | 1, (uint64_t{0} << 48) | 4,
      (uint64_t{1} << 48) | 7, (uint64_t{2} << 48) | 3, (uint64_t{3} << 48) | 0,
      (uint64_t{3} << 48) | 2, (uint64_t{3} << 48) | 6, (uint64_t{4} << 48) | 5};
  EXPECT_EQ(got, want);
}

TEST(SimRadixEventQueue, PushAtThePoppedInstantWithALowerPriorityComesNext) {
  // Handling an arrival (priority 3) at t schedules a release (priority 0) at the same t: it
  // is the next event, before the remaining priority-3 events at t.
  RadixEventQueue q;
  q.push(MakeEvent(10, 3, 0));
  q.push(MakeEvent(10, 3, 1));
  q.push(MakeEvent(20, 0, 2));
  EXPECT_EQ(q.pop().sequence(), 0u);
  q.push(MakeEvent(10, 0, 3));
  EXPECT_EQ(q.top().sequence(), 3u);
  EXPECT_EQ(q.pop().sequence(), 3u);
  EXPECT_EQ(q.pop().sequence(), 1u);
  // A peek that finds the next time, then a push before it at the current time.
  EXPECT_EQ(q.top().time.ns(), 20);
  q.push(MakeEvent(15, 4, 4));
  EXPECT_EQ(q.top().time.ns(), 15);
  EXPECT_EQ(q.pop().sequence(), 4u);
  EXPECT_EQ(q.pop().sequence(), 2u);
  EXPECT_TRUE(q.empty());
}

TEST(SimRadixEventQueue, AheadShowsTheEventsThatPopNextAndLargeBucketsSplit) {
  // Bursts far larger than kRunMax at one coarse time grid (a bucket that must be split), with
  // ties; between pops, Ahead(k) — when it shows anything — is the k-th event to pop next.
  RngStream rng(7, 0, "test/radix/ahead");
  EventQueue ref;
  RadixEventQueue radix;
  uint64_t seq = 0;
  int64_t now = 0;
  for (int round = 0; round < 50; ++round) {
    for (size_t i = 0; i < 4 * RadixEventQueue::kRunMax; ++i) {
      const Event e = MakeEvent(now + static_cast<int64_t>(rng.NextBelow(64)) * 1000 + 1,
                                static_cast<uint16_t>(rng.NextBelow(3)), seq++);
      ref.push(e);
      radix.push(e);
    }
    for (int pops = 0; pops < 100 && !ref.empty(); ++pops) {
      ExpectSameEvent(radix.top(), ref.top(), seq);
      // Ahead(k) against the next pops of a copy of the reference.
      EventQueue copy = ref;
      for (size_t k = 0; k < RadixEventQueue::kRunMax + 2 && !copy.empty(); ++k) {
        const Event want = copy.pop();
        if (const Event* got = radix.Ahead(k)) ExpectSameEvent(*got, want, k);
      }
      const Event a = ref.pop();
      ExpectSameEvent(radix.pop(), a, seq);
      now = a.time.ns();
    }
  }
  while (!ref.empty()) ExpectSameEvent(radix.pop(), ref.pop(), 0);
  EXPECT_TRUE(radix.empty());
}

TEST(SimRadixEventQueue, ARunSpanningALongTimeDoesNotAbsorbEveryLaterPush) {
  // The first run is {1 ns, 10^12 ns} (one small bucket), so it covers times up to 10^12: pushes
  // into that span that land deep in the run go to the side heap instead of being inserted, so
  // the run stays short (it would otherwise grow to every pending event: a quadratic insert).
  RngStream rng(9, 0, "test/radix/span");
  EventQueue ref;
  RadixEventQueue radix;
  uint64_t seq = 0;
  auto push_both = [&](int64_t t) {
    const Event e = MakeEvent(t, static_cast<uint16_t>(rng.NextBelow(2)), seq++);
    ref.push(e);
    radix.push(e);
  };
  push_both(1);
  push_both(1'000'000'000'000);
  int64_t now = 0;
  size_t longest_run = 0;
  for (int step = 0; step < 3000; ++step) {
    const Event a = ref.pop();
    ExpectSameEvent(radix.pop(), a, static_cast<size_t>(step));
    now = a.time.ns();
    for (int k = 0; k < 2; ++k)
      push_both(now + 1 + static_cast<int64_t>(rng.NextBelow(1'000'000'000)));
    longest_run = std::max(longest_run, radix.run_size());
  }
  while (!ref.empty()) ExpectSameEvent(radix.pop(), ref.pop(), 0);
  EXPECT_TRUE(radix.empty());
  EXPECT_LT(longest_run, 4 * RadixEventQueue::kRunMax);
}

}  // namespace
}  // namespace sim

namespace sim {
namespace {

// Regression (session 4 of issue 17): with 16 buckets a level, buckets that kept their peak
// capacity held about 12× the pending events at 10^5 concurrency (the 1e5 bench went from 49 to
// 88 MiB). A steady state of 10^5 pending completions, each ~1 s of exponential delay ahead
// (the 1e5 workload's shape), must keep the queue's room within twice the pending events plus
// what the emptied buckets may keep.
TEST(SimRadixEventQueue, RoomStaysProportionalToPendingEvents) {
  RngStream rng(7, 0, "test/radix-room");
  RadixEventQueue q;
  uint64_t seq = 0;
  constexpr size_t kPending = 100000;
  auto exp_ns = [&]() {
    const double u = static_cast<double>((rng.NextU64() >> 11) + 1) * 0x1.0p-53;
    return static_cast<int64_t>(-1e9 * std::log(u));
  };
  for (size_t i = 0; i < kPending; ++i) q.push(MakeEvent(exp_ns(), 1, seq++));
  size_t worst = 0;
  for (int step = 0; step < 3000000; ++step) {
    const Event e = q.pop();
    q.push(MakeEvent(e.time.ns() + exp_ns(), 1, seq++));
    if (step % 1000 == 0) worst = std::max(worst, q.capacity_events());
  }
  const size_t bound = 2 * kPending + RadixEventQueue::kBuckets * RadixEventQueue::kKeepEvents;
  EXPECT_LE(worst, bound) << "room for " << worst << " events with " << kPending << " pending";
}

}  // namespace
}  // namespace sim
