// sim/radix_event_queue.h — the pending-event set of sim::Simulation: a radix heap over integer
// nanosecond times with the exact (time, priority, sequence) order.
//
// Same interface and same total order as EventQueue (event_queue.h): events pop in ascending
// EventKey — time, then (priority << 48 | sequence) — so a schedule pops in exactly the order
// EventQueue pops it (tests/radix_event_queue_test.cc compares the two on random schedules
// with ties). It relies on one property of a discrete-event clock: no event is pushed with a
// time before the last popped one (monotone times; Simulation::ScheduleAt guarantees it).
//
// Layout. `last_` is the (sign-flipped) time of the last popped event (0 before any pop). An
// event with time t sits in bucket 0 when t == last_, else in bucket msb(t XOR last_) + 1 —
// buckets 1..64 hold ever wider ranges above last_. Bucket 0 (all at one time) is a binary
// min-heap on the order word, so equal-time events leave by priority then sequence. Pop takes
// from bucket 0; when it is empty, the lowest non-empty bucket is scanned for its minimum
// time, last_ moves there and that bucket is redistributed into lower ones (each event only
// ever moves to a lower bucket: O(log range) moves, amortized, sequential in memory).
// Invariants: every event's time >= last_; an event is in exactly the bucket above; bit b of
// nonempty_ is set iff bucket b + 1 is non-empty. Storage: 65 vectors that keep their peak
// capacity (no allocation per event once warmed up).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "sim/event_queue.h"

namespace sim {

class RadixEventQueue {
 public:
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  void reserve(size_t n) { now_bucket_.reserve(std::min<size_t>(n, 1024)); }

  // The minimum. Valid until the next push or pop.
  const Event& top() const {
    if (!now_bucket_.empty()) return now_bucket_.front();
    if (!min_valid_) FindMin();
    return buckets_[min_bucket_][min_index_];
  }

  // Requires e.time >= the time of the last popped event.
  void push(const Event& e) {
    ++size_;
    const uint64_t t = TimeBits(e);
    if (t == last_) {
      now_bucket_.push_back(e);
      std::push_heap(now_bucket_.begin(), now_bucket_.end(), OrderAfter);
      return;
    }
    const unsigned b = BucketOf(t);
    buckets_[b].push_back(e);
    nonempty_ |= BucketBit(b);
    if (min_valid_ && b <= min_bucket_) {
      // A lower bucket, or the cached one with an earlier event: recompute on demand.
      if (b < min_bucket_ || EventBefore(e, buckets_[min_bucket_][min_index_])) min_valid_ = false;
    }
  }

  Event pop() {
    if (now_bucket_.empty()) Refill();
    std::pop_heap(now_bucket_.begin(), now_bucket_.end(), OrderAfter);
    const Event out = now_bucket_.back();
    now_bucket_.pop_back();
    --size_;
    return out;
  }

 private:
  static uint64_t TimeBits(const Event& e) {
    return static_cast<uint64_t>(e.time.ns()) ^ (uint64_t{1} << 63);
  }
  // Heap comparator for bucket 0 (one time): a max-heap on "comes later" is a min-heap on order.
  static bool OrderAfter(const Event& x, const Event& y) { return x.order > y.order; }
  // Bit of bucket b (1..64) in nonempty_ (the mask keeps the shift defined for any b).
  static uint64_t BucketBit(unsigned b) { return uint64_t{1} << ((b - 1) & 63u); }
  unsigned BucketOf(uint64_t t) const {
    return 64u - static_cast<unsigned>(std::countl_zero(t ^ last_));
  }

  // The lowest non-empty bucket and the position of its first event in the full order.
  void FindMin() const {
    min_bucket_ = static_cast<unsigned>(std::countr_zero(nonempty_)) + 1;
    const std::vector<Event>& v = buckets_[min_bucket_];
    __uint128_t best = EventKey(v[0]);
    size_t at = 0;
    for (size_t i = 1; i < v.size(); ++i) {
      const __uint128_t t = EventKey(v[i]);
      if (t < best) {
        best = t;
        at = i;
      }
    }
    min_index_ = at;
    min_valid_ = true;
  }

  // Bucket 0 is empty and size_ > 0: move last_ to the minimum time and redistribute its bucket.
  void Refill() {
    if (!min_valid_) FindMin();
    const unsigned from = min_bucket_;
    last_ = TimeBits(buckets_[from][min_index_]);
    min_valid_ = false;
    std::vector<Event>& v = buckets_[from];
    nonempty_ &= ~(BucketBit(from));
    for (const Event& e : v) {
      const uint64_t t = TimeBits(e);
      if (t == last_) {
        now_bucket_.push_back(e);
        continue;
      }
      const unsigned b = BucketOf(t);  // < from
      buckets_[b].push_back(e);
      nonempty_ |= BucketBit(b);
    }
    v.clear();
    std::make_heap(now_bucket_.begin(), now_bucket_.end(), OrderAfter);
  }

  std::vector<Event> now_bucket_;               // bucket 0: time == last_, a heap on order
  std::array<std::vector<Event>, 65> buckets_;  // [1..64] used
  uint64_t last_ = 0;
  uint64_t nonempty_ = 0;
  size_t size_ = 0;
  mutable unsigned min_bucket_ = 0;
  mutable size_t min_index_ = 0;
  mutable bool min_valid_ = false;
};

}  // namespace sim
