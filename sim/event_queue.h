// sim/event_queue.h — the pending-event set, with a total order.
//
// Events are ordered by (time, priority, insertion sequence): two events at the same
// instant run in priority order (lower first), and events of equal time and priority run
// in the order they were scheduled. Nothing depends on heap luck, so the same schedule
// always pops in the same order. An Event is a small POD (kind + two payload words); the
// queue never allocates per event once its backing vector has grown to the peak size.
// Implementation: an implicit 4-ary min-heap over 32-byte entries, compared as one 128-bit
// key, with bottom-up sift-down (see SiftDown).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/time.h"

namespace sim {

struct Event {
  Time time;
  // (priority << 48) | sequence: compared as one integer after time. Sequence numbers
  // are 48 bits (2.8e14 events per run), priorities 16 bits.
  uint64_t order = 0;
  uint32_t kind = 0;  // what happened; meaning is the owner's
  uint32_t a = 0;     // payload word (e.g. an entity index)
  uint64_t b = 0;     // payload word (e.g. a timestamp or a generation)

  uint16_t priority() const { return static_cast<uint16_t>(order >> 48); }
  uint64_t sequence() const { return order & ((uint64_t{1} << 48) - 1); }
};

// The (time, order) pair as one unsigned 128-bit key: the sign bit of time is flipped so
// that unsigned order equals signed order. One cmp/sbb pair instead of two data-dependent
// branches — heap comparisons on random keys are unpredictable, so this matters.
inline __uint128_t EventKey(const Event& e) {
  const uint64_t t = static_cast<uint64_t>(e.time.ns()) ^ (uint64_t{1} << 63);
  return (static_cast<__uint128_t>(t) << 64) | e.order;
}

inline bool EventBefore(const Event& x, const Event& y) { return EventKey(x) < EventKey(y); }

class EventQueue {
 public:
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  const Event& top() const { return heap_.front(); }
  void reserve(size_t n) { heap_.reserve(n); }

  void push(const Event& e) {
    heap_.push_back(e);
    SiftUp(heap_.size() - 1);
  }

  Event pop() {
    Event out = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) SiftDown(last);
    return out;
  }

  // Pops the top and pushes e in one sift (the "hold" operation).
  Event replace_top(const Event& e) {
    Event out = heap_.front();
    SiftDown(e);
    return out;
  }

 private:
  static constexpr size_t kArity = 4;
  static constexpr size_t kBranchFreeMax = 16384;  // 512 KiB of entries ≈ L2; see SiftDown

  void SiftUp(size_t i) {
    Event* const h = heap_.data();
    const Event e = h[i];
    const __uint128_t key = EventKey(e);
    while (i > 0) {
      const size_t parent = (i - 1) / kArity;
      if (!(key < EventKey(h[parent]))) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = e;
  }

  // Places e at the root's hole and sifts it down, bottom-up: walk the hole down along the
  // smallest children to a leaf without comparing against e, then sift e up from there.
  // A hold's new event usually belongs near the leaves, so this saves a compare per level.
  // Child selection is branch-free (conditional moves) while the heap fits in cache, where
  // mispredicted branches dominate; above kBranchFreeMax it is a plain loop, because there
  // memory latency dominates and speculation past the branches overlaps the loads
  // (measured: bench/event_queue_bench.cc, bench/README.md).
  void SiftDown(const Event& e) {
    Event* const h = heap_.data();
    const size_t n = heap_.size();
    size_t i = 0;
    for (;;) {
      const size_t first = i * kArity + 1;
      size_t best;
      if (first + kArity <= n && n <= kBranchFreeMax) {
        const size_t a = first + (EventKey(h[first + 1]) < EventKey(h[first]) ? 1 : 0);
        const size_t b = first + 2 + (EventKey(h[first + 3]) < EventKey(h[first + 2]) ? 1 : 0);
        best = EventKey(h[b]) < EventKey(h[a]) ? b : a;
      } else if (first < n) {
        const size_t last = first + kArity < n ? first + kArity : n;
        best = first;
        for (size_t c = first + 1; c < last; ++c) {
          if (EventKey(h[c]) < EventKey(h[best])) best = c;
        }
      } else {
        break;
      }
      h[i] = h[best];
      i = best;
    }
    const __uint128_t key = EventKey(e);
    while (i > 0) {
      const size_t parent = (i - 1) / kArity;
      if (!(key < EventKey(h[parent]))) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = e;
  }

  std::vector<Event> heap_;
};

}  // namespace sim
