// tests/sim_prefetch_hint_test.cc — Simulation::RunUntil's optional Prefetch hook (simulation.h):
// a handler with Prefetch(const Event&) is shown the next pending event before each event is
// handled, and the events handled are exactly those of a handler without the hook.
#include <gtest/gtest.h>

#include <vector>

#include "sim/simulation.h"

namespace {

struct Plain {
  sim::Simulation* sim = nullptr;
  std::vector<uint32_t> seen;
  void operator()(const sim::Event& e) {
    seen.push_back(e.a);
    // Each of the first events schedules one more, sometimes at the same instant: the hint
    // is shown before these pushes, so it may be overtaken.
    if (e.a < 40) sim->Schedule(sim::Duration::Nanos((e.a * 7) % 3), 0, 0, e.a + 100);
  }
};

struct WithHint : Plain {
  std::vector<uint32_t> hinted;  // the event shown by Prefetch before handled event i
  std::vector<size_t> hinted_at;
  void Prefetch(const sim::Event& next) {
    hinted.push_back(next.a);
    hinted_at.push_back(seen.size());
  }
};

template <class H>
void Fill(sim::Simulation& s, H& h) {
  h.sim = &s;
  for (uint32_t i = 0; i < 40; ++i)
    s.Schedule(sim::Duration::Nanos((i * 37) % 11), static_cast<uint16_t>(i % 3), 0, i);
}

TEST(SimPrefetchHint, HandlesTheSameEventsAndShowsTheNextPendingOne) {
  sim::Simulation a, b;
  Plain plain;
  WithHint hint;
  Fill(a, plain);
  Fill(b, hint);
  a.RunUntil(sim::Time::Zero() + sim::Duration::Nanos(100), plain);
  b.RunUntil(sim::Time::Zero() + sim::Duration::Nanos(100), hint);
  ASSERT_EQ(plain.seen, hint.seen);
  ASSERT_EQ(hint.seen.size(), 80u);
  // One hint per handled event that had a successor pending when it was popped; the events
  // after index 40 schedule nothing, so from there the hint is exactly the next handled event.
  ASSERT_FALSE(hint.hinted.empty());
  for (size_t k = 0; k < hint.hinted.size(); ++k) {
    const size_t i = hint.hinted_at[k];
    if (hint.seen[i] >= 40) {
      ASSERT_LT(i + 1, hint.seen.size());
      EXPECT_EQ(hint.hinted[k], hint.seen[i + 1]) << "hint before event " << i;
    }
  }
  EXPECT_EQ(hint.hinted.size(), 79u);  // every event but the last had a successor
}

}  // namespace
