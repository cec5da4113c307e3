// models/lambda/rps_window.h — a requests-per-second limit over a sliding one-second window.
//
// HasRoom(now) is true when fewer than `limit` requests were recorded in (now − 1 s, now];
// only admitted requests are recorded. limit < 0 = unlimited (nothing is stored).
//
// Invariants: recorded times are non-decreasing (simulation time); the ring holds every
// recorded time still inside the window, possibly preceded by older ones not yet dropped.
// Dropping is lazy: while the ring holds fewer than `limit` times, the window holds fewer
// still, so HasRoom needs no trim; the ring is trimmed only when it holds `limit` or more, or
// when a Record finds it full. Each time is dropped once, in bulk, instead of one pop per
// request. The ring (ring_deque.h) grows only when a trimmed ring is still full, so its
// capacity stays within twice the peak number of times inside one window (at most 2 × limit).
#pragma once

#include <cstdint>

#include "models/lambda/ring_deque.h"
#include "sim/time.h"

namespace lambdasim {

class RpsWindow {
 public:
  RpsWindow() = default;
  explicit RpsWindow(int64_t limit) { set_limit(limit); }

  void set_limit(int64_t limit) {
    limit_ = limit;
    room_ = limit < 0 ? INT64_MAX : limit;
  }
  int64_t limit() const { return limit_; }

  // True if a request at `now` fits under the limit (does not record it).
  bool HasRoom(sim::Time now) {
    if (stored() < room_) return true;  // fewer stored than the limit: fewer in the window
    Trim(now);
    return stored() < room_;
  }
  void Record(sim::Time now) {
    if (limit_ < 0) return;
    if (ring_.full()) [[unlikely]]
      Trim(now);  // push_back grows the ring only if it is still full
    ring_.push_back(now.ns());
  }

 private:
  // Drops the times at or before now − 1 s (they can never count again: time only advances).
  void Trim(sim::Time now) {
    const int64_t horizon_ns = now.ns() - sim::Duration::Seconds(1).ns();
    while (!ring_.empty() && ring_.front() <= horizon_ns) ring_.pop_front();
  }
  // Times stored (in the window, or older and not yet dropped).
  int64_t stored() const { return static_cast<int64_t>(ring_.size()); }

  int64_t limit_ = -1;
  int64_t room_ = INT64_MAX;  // limit_, or INT64_MAX when unlimited
  RingDeque<int64_t> ring_;   // recorded times, oldest at the front
};

}  // namespace lambdasim
