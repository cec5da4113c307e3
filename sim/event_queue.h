// sim/event_queue.h — the pending-event set, with a total order.
//
// Events are ordered by (time, priority, insertion sequence): two events at the same
// instant run in priority order (lower first), and events of equal time and priority run
// in the order they were scheduled. Nothing depends on heap luck, so the same schedule
// always pops in the same order. An Event is a small POD (kind + two payload words); the
// queue never allocates per event once its backing vector has grown to the peak size.
// Implementation: an implicit 4-ary min-heap over 32-byte entries.
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
  uint32_t kind = 0;   // what happened; meaning is the owner's
  uint32_t a = 0;      // payload word (e.g. an entity index)
  uint64_t b = 0;      // payload word (e.g. a timestamp or a generation)

  uint16_t priority() const { return static_cast<uint16_t>(order >> 48); }
  uint64_t sequence() const { return order & ((uint64_t{1} << 48) - 1); }
};

inline bool EventBefore(const Event& x, const Event& y) {
  return x.time < y.time || (x.time == y.time && x.order < y.order);
}

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

  void SiftUp(size_t i) {
    const Event e = heap_[i];
    while (i > 0) {
      const size_t parent = (i - 1) / kArity;
      if (!EventBefore(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }

  // Places e at the root's hole and sifts it down.
  void SiftDown(const Event& e) {
    const size_t n = heap_.size();
    size_t i = 0;
    for (;;) {
      const size_t first = i * kArity + 1;
      if (first >= n) break;
      size_t best = first;
      const size_t last = first + kArity < n ? first + kArity : n;
      for (size_t c = first + 1; c < last; ++c) {
        if (EventBefore(heap_[c], heap_[best])) best = c;
      }
      if (!EventBefore(heap_[best], e)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = e;
  }

  std::vector<Event> heap_;
};

}  // namespace sim
