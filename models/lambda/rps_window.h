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
// request. Capacity doubles only when a trimmed ring is still full, so it stays within twice
// the peak number of times inside one window (at most 2 × limit), as before.
#pragma once

#include <cstdint>
#include <vector>

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
    if (size_ < room_) return true;  // fewer stored than the limit: fewer in the window
    Trim(now);
    return size_ < room_;
  }
  void Record(sim::Time now) {
    if (limit_ < 0) return;
    if (size_ == static_cast<int64_t>(ring_.size())) [[unlikely]] {
      Trim(now);
      if (size_ == static_cast<int64_t>(ring_.size())) Grow();
    }
    ring_[(head_ + static_cast<size_t>(size_)) & mask_] = now.ns();
    ++size_;
  }

 private:
  // Drops the times at or before now − 1 s (they can never count again: time only advances).
  void Trim(sim::Time now) {
    const int64_t horizon_ns = now.ns() - sim::Duration::Seconds(1).ns();
    while (size_ > 0 && ring_[head_] <= horizon_ns) {
      head_ = (head_ + 1) & mask_;
      --size_;
    }
  }
  void Grow() {
    const size_t cap = ring_.empty() ? 16 : ring_.size() * 2;
    std::vector<int64_t> next(cap);
    for (int64_t i = 0; i < size_; ++i) {
      next[static_cast<size_t>(i)] = ring_[(head_ + static_cast<size_t>(i)) & mask_];
    }
    ring_.swap(next);
    head_ = 0;
    mask_ = cap - 1;
  }

  int64_t limit_ = -1;
  int64_t room_ = INT64_MAX;  // limit_, or INT64_MAX when unlimited
  int64_t size_ = 0;          // times stored (in the window, or older and not yet dropped)
  size_t head_ = 0;
  size_t mask_ = 0;
  std::vector<int64_t> ring_;  // capacity a power of two (or empty)
};

}  // namespace lambdasim
