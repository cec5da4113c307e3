// tests/sim_lane_test.cc — Simulation's lanes (simulation.h): an event scheduled with
// ScheduleLaneAt is handled exactly where the same event scheduled with ScheduleAt would be.
// Random schedules (lane events rescheduling themselves at zero, tiny and long delays, queue
// events at the same instants with every priority, RunUntil in random slices and with Stop) run
// through a Simulation that uses lanes 0–2 and through a plain EventQueue loop with the same
// sequence numbering; every handled event (time, order, payload) and Now() must agree.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "sim/event_queue.h"
#include "sim/rng.h"
#include "sim/simulation.h"

namespace sim {
namespace {

constexpr uint32_t kLaneKind = 1;   // a = lane
constexpr uint32_t kQueueKind = 2;  // a = serial

// The reactions to an event: both runs make the same draws in the same event order.
struct Script {
  RngStream rng;
  int64_t lane_events_left;
  explicit Script(uint64_t seed) : rng(seed, 0, "test/lanes"), lane_events_left(3000) {}

  int64_t Delay() {
    switch (rng.NextBelow(5)) {
      case 0: return 0;  // the same instant: ties broken by priority, then sequence
      case 1: return static_cast<int64_t>(rng.NextBelow(3));
      case 2: return static_cast<int64_t>(rng.NextBelow(1000));
      case 3: return static_cast<int64_t>(rng.NextBelow(8)) * 500;  // coarse grid: ties
      default: return int64_t{1} << rng.NextBelow(40);
    }
  }
  // Calls sched(lane or -1, delay, priority, kind, a) for each event `e` schedules.
  template <class Sched>
  void React(const Event& e, Sched&& sched) {
    if (e.kind == kLaneKind && --lane_events_left > 0)
      sched(static_cast<int>(e.a), Delay(), static_cast<uint16_t>(rng.NextBelow(5)), kLaneKind,
            e.a);
    const uint64_t extra = rng.NextBelow(e.kind == kLaneKind ? 3 : 2);
    for (uint64_t k = 0; k < extra; ++k)
      sched(-1, Delay(), static_cast<uint16_t>(rng.NextBelow(5)), kQueueKind,
            static_cast<uint32_t>(rng.NextBelow(1u << 20)));
  }
};

struct Seen {
  int64_t now_ns;
  Event e;
};

void ExpectSame(const std::vector<Seen>& got, const std::vector<Seen>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].now_ns, want[i].now_ns) << "event " << i;
    ASSERT_EQ(got[i].e.time.ns(), want[i].e.time.ns()) << "event " << i;
    ASSERT_EQ(got[i].e.order, want[i].e.order) << "event " << i;
    ASSERT_EQ(got[i].e.kind, want[i].e.kind) << "event " << i;
    ASSERT_EQ(got[i].e.a, want[i].e.a) << "event " << i;
  }
}

// The reference: one EventQueue, sequence numbers in scheduling order.
std::vector<Seen> RunReference(uint64_t seed, int64_t start_ns) {
  Script script(seed);
  EventQueue q;
  uint64_t seq = 0;
  int64_t now = start_ns;
  auto push = [&](int64_t t, uint16_t priority, uint32_t kind, uint32_t a) {
    Event e;
    e.time = Time::FromNanos(t);
    e.order = (uint64_t{priority} << 48) | seq++;
    e.kind = kind;
    e.a = a;
    q.push(e);
  };
  for (uint32_t lane = 0; lane < 3; ++lane) push(now + int64_t{5} * lane, 3, kLaneKind, lane);
  for (uint32_t i = 0; i < 20; ++i)
    push(now + int64_t{3} * i, static_cast<uint16_t>(i % 5), kQueueKind, i);
  std::vector<Seen> seen;
  while (!q.empty()) {
    const Event e = q.pop();
    now = e.time.ns();
    seen.push_back({now, e});
    script.React(e, [&](int, int64_t delay, uint16_t priority, uint32_t kind, uint32_t a) {
      push(now + delay, priority, kind, a);
    });
  }
  return seen;
}

// The same schedule through Simulation with lanes 0–2, run in random slices; with `stops`, the
// handler also calls Stop() now and then (RunUntil returns after that event).
std::vector<Seen> RunWithLanes(uint64_t seed, int64_t start_ns, bool stops) {
  Script script(seed);
  RngStream slices(seed, 0, "test/lanes/slices");
  Simulation sim;
  sim.StartAt(Time::FromNanos(start_ns));
  for (uint32_t lane = 0; lane < 3; ++lane)
    sim.ScheduleLaneAt(lane, Time::FromNanos(start_ns + int64_t{5} * lane), 3, kLaneKind, lane);
  for (uint32_t i = 0; i < 20; ++i)
    sim.ScheduleAt(Time::FromNanos(start_ns + int64_t{3} * i), static_cast<uint16_t>(i % 5),
                   kQueueKind, i);
  std::vector<Seen> seen;
  auto handler = [&](const Event& e) {
    seen.push_back({sim.Now().ns(), e});
    script.React(e, [&](int lane, int64_t delay, uint16_t priority, uint32_t kind, uint32_t a) {
      const Time at = sim.Now() + Duration::Nanos(delay);
      if (lane >= 0)
        sim.ScheduleLaneAt(static_cast<uint32_t>(lane), at, priority, kind, a);
      else
        sim.ScheduleAt(at, priority, kind, a);
    });
    if (stops && slices.NextBelow(50) == 0) sim.Stop();
  };
  while (sim.pending() > 0) {
    const Time next = sim.NextEventTime();
    EXPECT_GE(next, sim.Now());
    const Time end = next + Duration::Nanos(static_cast<int64_t>(slices.NextBelow(1u << 16)));
    sim.RunUntil(end, handler);
  }
  return seen;
}

TEST(SimLane, HandlesEventsInTheOrderOfOneEventQueue) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const auto want = RunReference(seed, 0);
    ASSERT_GT(want.size(), 5000u);
    ExpectSame(RunWithLanes(seed, 0, /*stops=*/false), want);
  }
}

TEST(SimLane, KeepsTheOrderAcrossStopAndNegativeStartTimes) {
  for (uint64_t seed = 11; seed <= 13; ++seed) {
    const int64_t start = -(int64_t{1} << 35) - static_cast<int64_t>(seed);
    ExpectSame(RunWithLanes(seed, start, /*stops=*/true), RunReference(seed, start));
  }
}

TEST(SimLane, LaneEventCountsAsPendingAndRefusesASecondEvent) {
  Simulation sim;
  sim.ScheduleLaneAt(0, Time::FromNanos(10), 3, kLaneKind, 0);
  EXPECT_EQ(sim.pending(), 1u);
  EXPECT_EQ(sim.NextEventTime().ns(), 10);
  EXPECT_THROW(sim.ScheduleLaneAt(0, Time::FromNanos(20), 3, kLaneKind, 0), SchedulingError);
  EXPECT_THROW(sim.StartAt(Time::FromNanos(-5)), SchedulingError);
  sim.ScheduleAt(Time::FromNanos(10), 0, kQueueKind, 7);  // same instant, lower priority: first
  std::vector<uint32_t> kinds;
  sim.RunUntil(Time::FromNanos(100), [&](const Event& e) { kinds.push_back(e.kind); });
  EXPECT_EQ(kinds, (std::vector<uint32_t>{kQueueKind, kLaneKind}));
  EXPECT_EQ(sim.pending(), 0u);
  EXPECT_EQ(sim.Now().ns(), 100);
  EXPECT_THROW(sim.ScheduleLaneAt(0, Time::FromNanos(50), 3, kLaneKind, 0), SchedulingError);
}

}  // namespace
}  // namespace sim
