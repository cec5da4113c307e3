// Unit tests for sim/event_queue.h: total order (time, priority, sequence), push/pop/
// replace_top, and a randomized comparison against std::stable_sort.
#include "sim/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/rng.h"

namespace sim {
namespace {

uint64_t Order(uint16_t priority, uint64_t seq) { return (uint64_t{priority} << 48) | seq; }

Event MakeEvent(int64_t t_ns, uint16_t priority, uint64_t seq, uint32_t kind = 0) {
  Event e;
  e.time = Time::FromNanos(t_ns);
  e.order = Order(priority, seq);
  e.kind = kind;
  e.a = static_cast<uint32_t>(seq);
  e.b = seq * 7;
  return e;
}

std::vector<Event> Drain(EventQueue& q) {
  std::vector<Event> out;
  while (!q.empty()) out.push_back(q.pop());
  return out;
}

TEST(SimEvent, LayoutAndAccessors) {
  static_assert(sizeof(Event) == 32, "Event should stay a 32-byte POD");
  const Event e = MakeEvent(5, 0xBEEF, (uint64_t{1} << 48) - 1);
  EXPECT_EQ(e.priority(), 0xBEEF);
  EXPECT_EQ(e.sequence(), (uint64_t{1} << 48) - 1);
  const Event f = MakeEvent(5, 3, 12345);
  EXPECT_EQ(f.priority(), 3);
  EXPECT_EQ(f.sequence(), 12345u);
}

TEST(SimEvent, EventBeforeIsTimeThenPriorityThenSequence) {
  EXPECT_TRUE(EventBefore(MakeEvent(1, 9, 9), MakeEvent(2, 0, 0)));  // time first
  EXPECT_FALSE(EventBefore(MakeEvent(2, 0, 0), MakeEvent(1, 9, 9)));
  EXPECT_TRUE(EventBefore(MakeEvent(1, 0, 9), MakeEvent(1, 1, 0)));  // then priority
  EXPECT_FALSE(EventBefore(MakeEvent(1, 1, 0), MakeEvent(1, 0, 9)));
  EXPECT_TRUE(EventBefore(MakeEvent(1, 1, 3), MakeEvent(1, 1, 4)));  // then sequence
  EXPECT_FALSE(EventBefore(MakeEvent(1, 1, 4), MakeEvent(1, 1, 3)));
  EXPECT_FALSE(EventBefore(MakeEvent(1, 1, 4), MakeEvent(1, 1, 4)));  // irreflexive
  // Priority dominates any sequence number.
  EXPECT_TRUE(EventBefore(MakeEvent(1, 0, (uint64_t{1} << 48) - 1), MakeEvent(1, 1, 0)));
}

TEST(SimEventQueue, EmptyAndSize) {
  EventQueue q;
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size(), 0u);
  q.reserve(100);
  EXPECT_TRUE(q.empty());
  q.push(MakeEvent(3, 0, 0));
  q.push(MakeEvent(1, 0, 1));
  EXPECT_FALSE(q.empty());
  EXPECT_EQ(q.size(), 2u);
  EXPECT_EQ(q.top().time.ns(), 1);
  EXPECT_EQ(q.pop().time.ns(), 1);
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.pop().time.ns(), 3);
  EXPECT_TRUE(q.empty());
}

TEST(SimEventQueue, PayloadSurvives) {
  EventQueue q;
  Event e = MakeEvent(10, 2, 5, 77);
  e.a = 0xDEADBEEF;
  e.b = 0x0123456789ABCDEFULL;
  q.push(MakeEvent(20, 0, 0));
  q.push(e);
  q.push(MakeEvent(30, 0, 1));
  const Event out = q.pop();
  EXPECT_EQ(out.time.ns(), 10);
  EXPECT_EQ(out.kind, 77u);
  EXPECT_EQ(out.a, 0xDEADBEEFu);
  EXPECT_EQ(out.b, 0x0123456789ABCDEFULL);
  EXPECT_EQ(out.priority(), 2);
  EXPECT_EQ(out.sequence(), 5u);
}

TEST(SimEventQueue, ManySameTimeEventsPopInPriorityThenInsertionOrder) {
  // 1000 events at the same instant, priorities 0..3 interleaved, pushed in sequence order.
  EventQueue q;
  constexpr int kN = 1000;
  for (int i = 0; i < kN; ++i)
    q.push(MakeEvent(42, static_cast<uint16_t>((i * 7) % 4), static_cast<uint64_t>(i)));
  const auto out = Drain(q);
  ASSERT_EQ(out.size(), static_cast<size_t>(kN));
  for (size_t i = 1; i < out.size(); ++i) {
    const bool ordered =
        out[i - 1].priority() < out[i].priority() ||
        (out[i - 1].priority() == out[i].priority() && out[i - 1].sequence() < out[i].sequence());
    ASSERT_TRUE(ordered) << "at " << i;
  }
  EXPECT_EQ(out.front().priority(), 0);
  EXPECT_EQ(out.front().sequence(), 0u);
  EXPECT_EQ(out.back().priority(), 3);
}

TEST(SimEventQueue, SameTimeSamePriorityIsFifoEvenWhenPushedInReverseHeapOrder) {
  // Pushing events with decreasing time but tied (time, priority) groups must still be FIFO
  // inside each group, whatever the heap shape.
  EventQueue q;
  uint64_t seq = 0;
  for (int t = 50; t >= 1; --t)
    for (int k = 0; k < 20; ++k) q.push(MakeEvent(t, 0, seq++));
  const auto out = Drain(q);
  for (size_t i = 1; i < out.size(); ++i) ASSERT_TRUE(EventBefore(out[i - 1], out[i])) << i;
}

// Reference: std::stable_sort by (time, priority) of the events in insertion order gives
// exactly the order the queue must produce (sequence = insertion index breaks ties).
void CompareWithStableSort(uint64_t seed, int n, int64_t time_range, uint16_t priorities,
                           bool use_replace_top) {
  RngStream rng(seed, 0, "event_queue_test");
  std::vector<Event> inserted;
  EventQueue q;
  std::vector<Event> popped;
  uint64_t seq = 0;
  // Interleave pushes and pops so the heap is exercised in many shapes; pops only take
  // events, and the reference is rebuilt from what remains, so compare incrementally.
  std::vector<Event> pending;  // reference multiset, kept in insertion order
  for (int step = 0; step < n; ++step) {
    const Event e =
        MakeEvent(static_cast<int64_t>(rng.NextBelow(static_cast<uint64_t>(time_range))),
                  static_cast<uint16_t>(rng.NextBelow(priorities)), seq++);
    const uint64_t action = rng.NextBelow(4);
    if (action == 0 && !pending.empty()) {
      // Pop (or replace_top) and check against the reference minimum.
      std::vector<Event> ref = pending;
      std::stable_sort(ref.begin(), ref.end(), [](const Event& x, const Event& y) {
        return x.time < y.time || (x.time == y.time && x.priority() < y.priority());
      });
      const Event expected = ref.front();
      Event got;
      if (use_replace_top) {
        got = q.replace_top(e);
        pending.push_back(e);
      } else {
        got = q.pop();
        q.push(e);
        pending.push_back(e);
      }
      ASSERT_EQ(got.time, expected.time) << "step " << step;
      ASSERT_EQ(got.order, expected.order) << "step " << step;
      ASSERT_EQ(got.a, expected.a);
      const auto it = std::find_if(pending.begin(), pending.end(),
                                   [&](const Event& x) { return x.order == expected.order; });
      ASSERT_NE(it, pending.end());
      pending.erase(it);
    } else {
      q.push(e);
      pending.push_back(e);
    }
    ASSERT_EQ(q.size(), pending.size());
  }
  // Drain and compare with the stable sort of the rest.
  std::stable_sort(pending.begin(), pending.end(), [](const Event& x, const Event& y) {
    return x.time < y.time || (x.time == y.time && x.priority() < y.priority());
  });
  const auto out = Drain(q);
  ASSERT_EQ(out.size(), pending.size());
  for (size_t i = 0; i < out.size(); ++i) {
    ASSERT_EQ(out[i].time, pending[i].time) << i;
    ASSERT_EQ(out[i].order, pending[i].order) << i;
    ASSERT_EQ(out[i].b, pending[i].b) << i;
  }
}

TEST(SimEventQueue, RandomizedAgainstStableSortFewDistinctTimes) {
  // Few distinct times and priorities: lots of ties, so the sequence tie-break matters.
  for (uint64_t seed = 1; seed <= 5; ++seed) CompareWithStableSort(seed, 3000, 8, 3, false);
}

TEST(SimEventQueue, RandomizedAgainstStableSortWideTimes) {
  for (uint64_t seed = 1; seed <= 3; ++seed) CompareWithStableSort(seed, 3000, 1000000, 2, false);
}

TEST(SimEventQueue, RandomizedReplaceTopAgainstStableSort) {
  for (uint64_t seed = 11; seed <= 15; ++seed) CompareWithStableSort(seed, 3000, 16, 4, true);
}

TEST(SimEventQueue, BulkPushThenDrainMatchesStableSort) {
  RngStream rng(99, 0, "bulk");
  std::vector<Event> ref;
  EventQueue q;
  for (uint64_t i = 0; i < 20000; ++i) {
    const Event e = MakeEvent(static_cast<int64_t>(rng.NextBelow(50)),
                              static_cast<uint16_t>(rng.NextBelow(5)), i);
    ref.push_back(e);
    q.push(e);
  }
  std::stable_sort(ref.begin(), ref.end(), [](const Event& x, const Event& y) {
    return x.time < y.time || (x.time == y.time && x.priority() < y.priority());
  });
  const auto out = Drain(q);
  ASSERT_EQ(out.size(), ref.size());
  for (size_t i = 0; i < out.size(); ++i) ASSERT_EQ(out[i].order, ref[i].order) << i;
}

TEST(SimEventQueue, ReplaceTopReturnsOldTopAndKeepsSize) {
  EventQueue q;
  q.push(MakeEvent(5, 0, 0));
  q.push(MakeEvent(10, 0, 1));
  q.push(MakeEvent(15, 0, 2));
  Event got = q.replace_top(MakeEvent(12, 0, 3));
  EXPECT_EQ(got.time.ns(), 5);
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.top().time.ns(), 10);
  // A replacement that is the new minimum stays on top.
  got = q.replace_top(MakeEvent(1, 0, 4));
  EXPECT_EQ(got.time.ns(), 10);
  EXPECT_EQ(q.top().time.ns(), 1);
  const auto out = Drain(q);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].time.ns(), 1);
  EXPECT_EQ(out[1].time.ns(), 12);
  EXPECT_EQ(out[2].time.ns(), 15);
}

TEST(SimEventQueue, ReplaceTopOnSingleElement) {
  EventQueue q;
  q.push(MakeEvent(5, 0, 0));
  const Event got = q.replace_top(MakeEvent(7, 1, 1));
  EXPECT_EQ(got.time.ns(), 5);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q.top().time.ns(), 7);
  EXPECT_EQ(q.top().priority(), 1);
}

TEST(SimEventQueue, ExtremeTimes) {
  EventQueue q;
  q.push(MakeEvent(std::numeric_limits<int64_t>::max(), 0, 0));
  q.push(MakeEvent(0, 0, 1));
  q.push(MakeEvent(-5, 0, 2));  // Time is signed; the queue does not care
  EXPECT_EQ(q.pop().time.ns(), -5);
  EXPECT_EQ(q.pop().time.ns(), 0);
  EXPECT_EQ(q.pop().time, Time::Max());
}

}  // namespace
}  // namespace sim
