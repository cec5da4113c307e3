// tests/sim_prefetch_hint_test.cc — Simulation::RunUntil's optional Prefetch hook (simulation.h):
// a handler with Prefetch(const Event&) is shown pending events at most kLookahead places ahead
// (one before each event: kLookahead − 1 places ahead, or the next when fewer are known in
// order; and the first of a run as the queue learns their order), and
// the events handled are exactly those of a handler without the hook; HintsWanted() turns both
// stages off and on.
#include <gtest/gtest.h>

#include <algorithm>
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

// Runs Fill's schedule with `h` and with a handler without hooks; the events handled must be the
// same.
template <class H>
void RunBesidePlain(H& h) {
  sim::Simulation a, b;
  Plain plain;
  Fill(a, plain);
  Fill(b, h);
  a.RunUntil(sim::Time::Zero() + sim::Duration::Nanos(100), plain);
  b.RunUntil(sim::Time::Zero() + sim::Duration::Nanos(100), h);
  ASSERT_EQ(plain.seen, h.seen);
}

TEST(SimPrefetchHint, HandlesTheSameEventsAndShowsEventsAtMostLookaheadAhead) {
  WithHint hint;
  ASSERT_NO_FATAL_FAILURE(RunBesidePlain(hint));
  ASSERT_EQ(hint.seen.size(), 80u);
  // Events with a >= 40 schedule nothing: a hint shown before event i, when none of the events
  // handled from i on through the next kLookahead schedules anything, is one of those events.
  ASSERT_FALSE(hint.hinted.empty());
  size_t checked = 0;
  for (size_t k = 0; k < hint.hinted.size(); ++k) {
    const size_t i = hint.hinted_at[k];
    bool quiet = true;
    for (size_t j = i; j < hint.seen.size() && j <= i + sim::Simulation::kLookahead; ++j)
      quiet = quiet && hint.seen[j] >= 40;
    if (!quiet) continue;
    bool ahead = false;
    for (size_t j = i + 1; j < hint.seen.size() && j <= i + sim::Simulation::kLookahead; ++j)
      ahead = ahead || hint.seen[j] == hint.hinted[k];
    EXPECT_TRUE(ahead) << "hint " << hint.hinted[k] << " before event " << i;
    ++checked;
  }
  EXPECT_GE(checked, 4u);
}

TEST(SimPrefetchHint, ShowsEachEventOfARunBeforeItIsHandled) {
  // 16 events at distinct times, all pending from the start: one run. Every event but the
  // first is shown before it is handled, at most kLookahead events earlier.
  sim::Simulation s;
  WithHint hint;
  hint.sim = &s;
  for (uint32_t i = 0; i < 16; ++i) s.Schedule(sim::Duration::Nanos(10 * i + 1), 0, 0, 50 + i);
  s.RunUntil(sim::Time::Zero() + sim::Duration::Nanos(1000), hint);
  ASSERT_EQ(hint.seen.size(), 16u);
  for (size_t i = 1; i < hint.seen.size(); ++i) {
    size_t first_shown = hint.seen.size();
    for (size_t k = 0; k < hint.hinted.size(); ++k)
      if (hint.hinted[k] == hint.seen[i]) first_shown = std::min(first_shown, hint.hinted_at[k]);
    ASSERT_LT(first_shown, hint.seen.size()) << "event " << i << " never shown";
    EXPECT_LT(first_shown, i);
    EXPECT_GE(first_shown + sim::Simulation::kLookahead, i) << "event " << i;
  }
}

// The second stage (PrefetchNext): before each event is handled, the handler is shown the queued
// event after it — here nothing is scheduled while running, so that is the one handled next.
struct WithTwoStages : WithHint {
  std::vector<uint32_t> next_hinted;
  std::vector<size_t> next_hinted_at;
  void PrefetchNext(const sim::Event& next) {
    next_hinted.push_back(next.a);
    next_hinted_at.push_back(seen.size());
  }
};

TEST(SimPrefetchHint, ShowsTheNextEventToPrefetchNextBeforeEachEvent) {
  sim::Simulation s;
  WithTwoStages h;
  h.sim = &s;
  for (uint32_t i = 0; i < 30; ++i) s.Schedule(sim::Duration::Nanos(10 * i + 1), 0, 0, 50 + i);
  s.RunUntil(sim::Time::Zero() + sim::Duration::Nanos(1000), h);
  ASSERT_EQ(h.seen.size(), 30u);
  ASSERT_EQ(h.next_hinted.size(), 29u);  // before every event but the last
  for (size_t k = 0; k < h.next_hinted.size(); ++k) {
    EXPECT_EQ(h.next_hinted_at[k], k) << "shown before event " << k;
    EXPECT_EQ(h.next_hinted[k], h.seen[k + 1]) << "shown before event " << k;
  }
  // The first stage still shows every event but the first ahead of time, and each at most
  // twice (once ahead, and once as the next event only near the end of the run).
  for (size_t i = 1; i < h.seen.size(); ++i) {
    const auto shown = std::count(h.hinted.begin(), h.hinted.end(), h.seen[i]);
    EXPECT_GE(shown, 1) << "event " << i;
    EXPECT_LE(shown, 2) << "event " << i;
  }
}

// The switch (HintsWanted): while it answers false neither stage is called, and the events
// handled are the same; turned on mid-run (as the platform does when its environment slab
// outgrows the caches), the hints resume from the next event.
struct Switched : WithTwoStages {
  bool wanted = false;
  bool HintsWanted() const { return wanted; }
  void operator()(const sim::Event& e) {
    WithTwoStages::operator()(e);
    if (seen.size() == 12) wanted = true;
  }
};

TEST(SimPrefetchHint, HintsWantedFalseCallsNeitherStage) {
  Switched h;
  ASSERT_NO_FATAL_FAILURE(RunBesidePlain(h));
  ASSERT_FALSE(h.hinted.empty());
  ASSERT_FALSE(h.next_hinted.empty());
  for (const size_t at : h.hinted_at) EXPECT_GE(at, 12u);
  for (const size_t at : h.next_hinted_at) EXPECT_GE(at, 12u);
}

}  // namespace
