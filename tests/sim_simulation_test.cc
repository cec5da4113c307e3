// Unit tests for sim/simulation.h: scheduling, ordering through the kernel, and the
// RunUntil / Stop contract.
#include "sim/simulation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace sim {
namespace {

struct Recorder {
  std::vector<Event>* seen;
  std::vector<int64_t>* now_at_handle;
  const Simulation* sim;
  void operator()(const Event& e) const {
    seen->push_back(e);
    now_at_handle->push_back(sim->Now().ns());
  }
};

// A push deep into the current run goes to the queue's side heap; the kernel loop's fast path
// (RadixEventQueue::FastTop) must then give way to the full comparison, or the run's later
// events would overtake it.
TEST(SimSimulation, EventPushedDeepIntoTheRunKeepsItsPlace) {
  Simulation s;
  // 20 events 100 ns apart: one bucket, taken whole as the run (times 100..2000).
  for (int64_t k = 1; k <= 20; ++k) s.ScheduleAt(Time::FromNanos(100 * k), 0, 1);
  std::vector<int64_t> times;
  bool pushed = false;
  auto handler = [&](const Event& e) {
    times.push_back(e.time.ns());
    if (!pushed) {  // at 100 ns: 1950 ns lands behind 18 run events (deeper than the near end)
      pushed = true;
      s.ScheduleAt(Time::FromNanos(1950), 0, 2);
    }
  };
  s.RunUntil(Time::Max(), handler);
  ASSERT_EQ(times.size(), 21u);
  EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
  EXPECT_EQ(times[19], 1950);
  EXPECT_EQ(times[20], 2000);
}

TEST(SimSimulation, InitialState) {
  Simulation s;
  EXPECT_EQ(s.Now(), Time::Zero());
  EXPECT_EQ(s.events_processed(), 0u);
  EXPECT_EQ(s.pending(), 0u);
  EXPECT_EQ(s.NextEventTime(), Time::Max());
  EXPECT_FALSE(s.stopped());
  s.Reserve(1000);
  EXPECT_EQ(s.pending(), 0u);
}

TEST(SimSimulation, ProcessesInTimePrioritySequenceOrderAndSetsClock) {
  Simulation s;
  s.Schedule(Duration::Seconds(2), 0, 1);
  s.Schedule(Duration::Seconds(1), 5, 2);
  s.Schedule(Duration::Seconds(1), 0, 3);
  s.Schedule(Duration::Seconds(1), 5, 4);
  s.ScheduleAt(Time::FromNanos(1000000000), 0, 5, 11, 22);
  EXPECT_EQ(s.pending(), 5u);
  EXPECT_EQ(s.NextEventTime().ns(), 1000000000);
  std::vector<Event> seen;
  std::vector<int64_t> now;
  s.RunUntil(Time::FromNanos(10000000000), Recorder{&seen, &now, &s});
  ASSERT_EQ(seen.size(), 5u);
  const uint32_t expected_kinds[] = {3, 5, 2, 4, 1};
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(seen[i].kind, expected_kinds[i]) << i;
  EXPECT_EQ(seen[1].a, 11u);
  EXPECT_EQ(seen[1].b, 22u);
  EXPECT_EQ(seen[1].priority(), 0);
  EXPECT_EQ(seen[2].priority(), 5);
  // Now() during the handler is the event's time.
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(now[i], seen[i].time.ns());
  EXPECT_EQ(s.events_processed(), 5u);
  EXPECT_EQ(s.pending(), 0u);
}

TEST(SimSimulation, SequenceNumbersIncreaseAcrossSchedules) {
  Simulation s;
  for (int i = 0; i < 100; ++i) s.Schedule(Duration(), 0, static_cast<uint32_t>(i));
  std::vector<Event> seen;
  std::vector<int64_t> now;
  s.RunUntil(Time::Zero(), Recorder{&seen, &now, &s});
  ASSERT_EQ(seen.size(), 100u);
  for (uint32_t i = 0; i < 100; ++i) {
    EXPECT_EQ(seen[i].kind, i);  // FIFO among equal (time, priority)
    if (i > 0) {
      EXPECT_LT(seen[i - 1].sequence(), seen[i].sequence());
    }
  }
}

TEST(SimSimulation, RunUntilProcessesEventsAtExactlyEndAndLeavesLaterOnesPending) {
  Simulation s;
  const Time end = Time::FromNanos(1000);
  s.ScheduleAt(Time::FromNanos(999), 0, 1);
  s.ScheduleAt(end, 9, 2);                    // exactly at end, low priority: processed
  s.ScheduleAt(Time::FromNanos(1001), 0, 3);  // after end: pending
  s.ScheduleAt(Time::FromNanos(5000), 0, 4);
  std::vector<uint32_t> kinds;
  s.RunUntil(end, [&](const Event& e) { kinds.push_back(e.kind); });
  EXPECT_EQ(kinds, (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(s.Now(), end);
  EXPECT_EQ(s.pending(), 2u);
  EXPECT_EQ(s.events_processed(), 2u);
  EXPECT_EQ(s.NextEventTime().ns(), 1001);
  EXPECT_FALSE(s.stopped());

  // Resume with a later end.
  s.RunUntil(Time::FromNanos(2000), [&](const Event& e) { kinds.push_back(e.kind); });
  EXPECT_EQ(kinds, (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_EQ(s.Now().ns(), 2000);
  EXPECT_EQ(s.pending(), 1u);
  s.RunUntil(Time::FromNanos(5000), [&](const Event& e) { kinds.push_back(e.kind); });
  EXPECT_EQ(kinds, (std::vector<uint32_t>{1, 2, 3, 4}));
  EXPECT_EQ(s.Now().ns(), 5000);
  EXPECT_EQ(s.events_processed(), 4u);
}

TEST(SimSimulation, ClockAdvancesToEndWhenQueueDrainsEarlyOrIsEmpty) {
  Simulation s;
  s.RunUntil(Time::FromNanos(500), [](const Event&) {});
  EXPECT_EQ(s.Now().ns(), 500);
  s.Schedule(Duration::Nanos(10), 0, 1);
  s.RunUntil(Time::FromNanos(10000), [](const Event&) {});
  EXPECT_EQ(s.Now().ns(), 10000);
  EXPECT_EQ(s.events_processed(), 1u);
  // An earlier end never moves the clock back.
  s.RunUntil(Time::FromNanos(100), [](const Event&) {});
  EXPECT_EQ(s.Now().ns(), 10000);
}

TEST(SimSimulation, EventsScheduledWhileRunningAreProcessedIfDue) {
  Simulation s;
  std::vector<int64_t> times;
  s.Schedule(Duration::Nanos(10), 0, 0);
  // Each event schedules a successor 10 ns later, and a same-time follow-up of lower priority.
  s.RunUntil(Time::FromNanos(50), [&](const Event& e) {
    times.push_back(e.time.ns());
    if (e.kind == 0) {
      s.Schedule(Duration::Nanos(10), 0, 0);
      s.Schedule(Duration(), 1, 1);
    }
  });
  EXPECT_EQ(times, (std::vector<int64_t>{10, 10, 20, 20, 30, 30, 40, 40, 50, 50}));
  EXPECT_EQ(s.pending(), 1u);  // the one at 60
  EXPECT_EQ(s.NextEventTime().ns(), 60);
  EXPECT_EQ(s.Now().ns(), 50);
}

TEST(SimSimulation, StopReturnsRightAfterCurrentEvent) {
  Simulation s;
  for (int i = 1; i <= 5; ++i)
    s.ScheduleAt(Time::FromNanos(int64_t{i} * 100), 0, static_cast<uint32_t>(i));
  std::vector<uint32_t> kinds;
  s.RunUntil(Time::FromNanos(10000), [&](const Event& e) {
    kinds.push_back(e.kind);
    if (e.kind == 3) s.Stop();
  });
  EXPECT_EQ(kinds, (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_TRUE(s.stopped());
  EXPECT_EQ(s.Now().ns(), 300);  // time of the last processed event, not end
  EXPECT_EQ(s.events_processed(), 3u);
  EXPECT_EQ(s.pending(), 2u);

  // A further RunUntil clears the stop flag and resumes.
  s.RunUntil(Time::FromNanos(10000), [&](const Event& e) { kinds.push_back(e.kind); });
  EXPECT_FALSE(s.stopped());
  EXPECT_EQ(kinds, (std::vector<uint32_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(s.Now().ns(), 10000);
  EXPECT_EQ(s.events_processed(), 5u);
}

TEST(SimSimulation, StopWithSameTimeEventsLeavesTheRestPending) {
  Simulation s;
  for (uint32_t i = 0; i < 4; ++i) s.ScheduleAt(Time::FromNanos(7), 0, i);
  std::vector<uint32_t> kinds;
  s.RunUntil(Time::FromNanos(7), [&](const Event& e) {
    kinds.push_back(e.kind);
    if (e.kind == 1) s.Stop();
  });
  EXPECT_EQ(kinds, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(s.pending(), 2u);
  s.RunUntil(Time::FromNanos(7), [&](const Event& e) { kinds.push_back(e.kind); });
  EXPECT_EQ(kinds, (std::vector<uint32_t>{0, 1, 2, 3}));
}

TEST(SimSimulation, StopBeforeRunIsCleared) {
  Simulation s;
  s.Schedule(Duration::Nanos(1), 0, 0);
  s.Schedule(Duration::Nanos(2), 0, 0);
  s.Stop();
  int n = 0;
  s.RunUntil(Time::FromNanos(10), [&](const Event&) { ++n; });
  EXPECT_EQ(n, 2);
  EXPECT_EQ(s.Now().ns(), 10);
}

TEST(SimSimulation, ScheduleAtInThePastThrows) {
  Simulation s;
  s.RunUntil(Time::FromNanos(1000), [](const Event&) {});
  EXPECT_THROW(s.ScheduleAt(Time::FromNanos(999), 0, 0), SchedulingError);
  EXPECT_NO_THROW(s.ScheduleAt(Time::FromNanos(1000), 0, 0));  // Now() itself is allowed
  EXPECT_THROW(s.Schedule(Duration::Nanos(-1), 0, 0), SchedulingError);
  EXPECT_NO_THROW(s.Schedule(Duration(), 0, 0));
  EXPECT_EQ(s.pending(), 2u);  // failed schedules add nothing
  // SchedulingError is a logic_error.
  EXPECT_THROW(s.ScheduleAt(Time::Zero(), 0, 0), std::logic_error);
}

TEST(SimSimulation, ScheduleAtInThePastThrowsFromInsideHandler) {
  Simulation s;
  s.ScheduleAt(Time::FromNanos(100), 0, 0);
  bool threw = false;
  s.RunUntil(Time::FromNanos(200), [&](const Event&) {
    try {
      s.ScheduleAt(Time::FromNanos(50), 0, 1);
    } catch (const SchedulingError&) {
      threw = true;
    }
  });
  EXPECT_TRUE(threw);
  EXPECT_EQ(s.events_processed(), 1u);
}

TEST(SimSimulation, EventsProcessedCountsAcrossCalls) {
  Simulation s;
  uint64_t handled = 0;
  s.Schedule(Duration::Nanos(1), 0, 0);
  auto h = [&](const Event&) {
    ++handled;
    s.Schedule(Duration::Nanos(1), 0, 0);
  };
  s.RunUntil(Time::FromNanos(1000), h);
  EXPECT_EQ(s.events_processed(), 1000u);
  s.RunUntil(Time::FromNanos(1500), h);
  EXPECT_EQ(s.events_processed(), 1500u);
  EXPECT_EQ(handled, 1500u);
  EXPECT_EQ(s.pending(), 1u);
}

}  // namespace
}  // namespace sim
