// Unit tests for models/lambda/ring_deque.h: RingDeque (heap only, and with inline storage)
// against std::deque on random push/pop sequences, and copies of an inline ring.
#include "models/lambda/ring_deque.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>

#include "sim/rng.h"

namespace lambdasim {
namespace {

template <class Ring>
void CompareWithStdDeque(uint64_t seed) {
  sim::RngStream rng(seed, 0, "ring");
  Ring ring;
  std::deque<uint32_t> ref;
  for (int step = 0; step < 20000; ++step) {
    // Phases of growth and shrinkage so the ring wraps, grows past the inline part and empties.
    const bool grow_phase = (step / 500) % 2 == 0;
    const uint64_t op = rng.NextBelow(10);
    if (ref.empty() || op < (grow_phase ? 6u : 3u)) {
      const auto v = static_cast<uint32_t>(rng.NextU64());
      ring.push_back(v);
      ref.push_back(v);
    } else if (op < 7) {
      ring.pop_back();
      ref.pop_back();
    } else {
      ring.pop_front();
      ref.pop_front();
    }
    ASSERT_EQ(ring.size(), ref.size());
    if (!ref.empty()) {
      ASSERT_EQ(ring.front(), ref.front());
      ASSERT_EQ(ring.back(), ref.back());
      const size_t i = static_cast<size_t>(rng.NextBelow(ref.size()));
      ASSERT_EQ(ring[i], ref[i]);
    }
  }
}

TEST(RingDeque, HeapOnlyMatchesStdDeque) { CompareWithStdDeque<RingDeque<uint32_t>>(1); }
TEST(RingDeque, InlineStorageMatchesStdDeque) { CompareWithStdDeque<RingDeque<uint32_t, 6>>(2); }

// An inline ring that wrapped is copied by value: the copy holds the same sequence and the two
// evolve independently (nothing points into the other's storage).
TEST(RingDeque, InlineRingCopiesAreIndependent) {
  RingDeque<uint32_t, 4> a;
  for (uint32_t v : {1u, 2u, 3u, 4u}) a.push_back(v);
  a.pop_front();
  a.push_back(5);  // wrapped: [2 3 4 5] with head 1
  RingDeque<uint32_t, 4> b = a;
  a.pop_front();
  a.push_back(6);
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b[0], 2u);
  EXPECT_EQ(b[3], 5u);
  EXPECT_EQ(a[0], 3u);
  EXPECT_EQ(a[3], 6u);
  b.push_back(7);  // moves b to the heap; a stays inline
  EXPECT_EQ(b.size(), 5u);
  EXPECT_EQ(b[4], 7u);
  EXPECT_EQ(a.back(), 6u);
}

}  // namespace
}  // namespace lambdasim
