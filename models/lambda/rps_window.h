// models/lambda/rps_window.h — a requests-per-second limit over a sliding one-second window.
//
// Admit(now) succeeds when fewer than `limit` requests were admitted in (now − 1 s, now];
// only admitted requests are remembered, so storage is bounded by the limit itself
// (at most `limit` timestamps), independent of the arrival rate. limit < 0 = unlimited.
#pragma once

#include <cstdint>

#include "models/lambda/ring_deque.h"
#include "sim/time.h"

namespace lambdasim {

class RpsWindow {
 public:
  RpsWindow() = default;
  explicit RpsWindow(int64_t limit) : limit_(limit) {}

  void set_limit(int64_t limit) { limit_ = limit; }
  int64_t limit() const { return limit_; }

  // True if a request at `now` fits under the limit (does not record it).
  bool HasRoom(sim::Time now) {
    if (limit_ < 0) return true;
    const sim::Time horizon = now - sim::Duration::Seconds(1);
    while (!times_.empty() && times_.front() <= horizon) times_.pop_front();
    return static_cast<int64_t>(times_.size()) < limit_;
  }
  void Record(sim::Time now) {
    if (limit_ >= 0) times_.push_back(now);
  }

 private:
  int64_t limit_ = -1;
  RingDeque<sim::Time> times_;
};

}  // namespace lambdasim
