// Simulation's 48-bit sequence numbers (simulation.h): an event's order word is
// (priority << 48) | sequence, so a sequence of 2^48 or more would spill into the priority and
// reorder events. MakeEvent does not mask it (an instruction per event); instead RunUntil
// refuses to start once 2^48 sequence numbers have been handed out. These tests reach the
// limit through a test peer (scheduling 2^48 events would take months).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "sim/simulation.h"

namespace sim {

class SimulationTestPeer {
 public:
  static void SetNextSequence(Simulation& s, uint64_t seq) { s.next_seq_ = seq; }
};

namespace {

constexpr uint64_t kLimit = uint64_t{1} << 48;

struct Record {
  std::vector<uint32_t> seen;
  std::vector<uint16_t> priorities;
  void operator()(const Event& e) {
    seen.push_back(e.a);
    priorities.push_back(e.priority());
  }
};

TEST(SimSequenceLimit, TheLastSequenceNumbersKeepTheirOrderAndPriority) {
  Simulation s;
  SimulationTestPeer::SetNextSequence(s, kLimit - 4);
  // Same time and priority: sequence decides. A lower priority scheduled last still goes first.
  s.Schedule(Duration::Nanos(5), 2, 0, 1);
  s.Schedule(Duration::Nanos(5), 2, 0, 2);
  s.Schedule(Duration::Nanos(5), 1, 0, 3);  // sequence 2^48 − 2: the last RunUntil accepts
  Record r;
  s.RunUntil(Time::Zero() + Duration::Nanos(10), r);
  EXPECT_EQ(r.seen, (std::vector<uint32_t>{3, 1, 2}));
  EXPECT_EQ(r.priorities, (std::vector<uint16_t>{1, 2, 2}));
}

TEST(SimSequenceLimit, RunUntilRefusesToStartPastTheLimit) {
  Simulation s;
  SimulationTestPeer::SetNextSequence(s, kLimit - 1);
  s.Schedule(Duration::Nanos(5), 0, 0, 1);  // takes 2^48 − 1: next_seq_ reaches 2^48
  Record r;
  EXPECT_THROW(s.RunUntil(Time::Zero() + Duration::Nanos(10), r), SchedulingError);
  EXPECT_TRUE(r.seen.empty()) << "nothing is handled once the limit is reached";
}

TEST(SimSequenceLimit, BelowTheLimitRunUntilStarts) {
  Simulation s;
  SimulationTestPeer::SetNextSequence(s, kLimit - 2);
  s.Schedule(Duration::Nanos(5), 0, 0, 1);  // takes 2^48 − 2: next_seq_ = 2^48 − 1, allowed
  Record r;
  EXPECT_NO_THROW(s.RunUntil(Time::Zero() + Duration::Nanos(10), r));
  EXPECT_EQ(r.seen, (std::vector<uint32_t>{1}));
}

}  // namespace
}  // namespace sim
