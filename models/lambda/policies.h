// models/lambda/policies.h — the choices AWS does not document, as value types picked by the
// scenario: which idle environment a warm request takes (IdlePool, FunctionSpec::
// environment_reuse), how long a released environment is kept (KeepAlivePolicy,
// FunctionSpec::keep_alive_policy) and when a throttled synchronous client tries again
// (ClientRetry, TrafficSpec::client).
//
// No virtual call per event: each type switches on its spec enum. Per choice: O(1) for
// most_recently_used / least_recently_used / random, O(log n) for newest_created and for the
// hybrid policy's per-environment expiry (n = idle environments of the function). Nothing
// allocates per event once the structures have reached their peak size (index arrays grow
// with the environment slab, never shrink).
//
// Reuse rules (IdlePool::TakeForReuse):
//   most_recently_used    the environment that became idle last (default; today's rule)
//   least_recently_used   the environment idle the longest (spreads work: keeps more alive)
//   newest_created        the most recently *created* idle environment (SimFaaS's rule);
//                         ties (same creation instant) go to the higher slab index
//   random                uniform among the idle ones, drawn from the function's own stream
//                         "reuse/<function>" (no other stream moves)
// Shapes: most/least_recently_used with the fixed keep-alive keep today's ring deque ordered
// by idle_since (expiry = front, because every environment gets the same keep-alive). The
// other combinations use an intrusive doubly-linked list by idle_since (O(1) removal of any
// member), plus an indexed max-heap by creation time (newest_created), a dense array
// (random) and an indexed min-heap by expiry (hybrid keep-alive, where expiries are not in
// idle_since order).
//
// Keep-alive (KeepAlivePolicy):
//   fixed             an environment released at t is destroyed at t + keep_alive unless a
//                     request takes it first (default; today's behaviour, bit-identical).
//   hybrid_histogram  Shahrad et al., "Serverless in the Wild: Characterizing and Optimizing
//                     the Serverless Workload at a Large Cloud Provider", USENIX ATC 2020,
//                     §4.2 — a research option (AWS's own policy is undocumented).
//     Idle time (IT): per function, the time from the moment the function's last busy
//       environment finished (its concurrency fell to 0) to the next request for it (an
//       admission attempt of any caller: sync, async queue, SQS, stream). One sample per idle
//       period. (The paper's applications run one instance at a time; with concurrency, the
//       function-level idle period is the natural reading.)
//     Histogram: bins of bin_width covering [0, histogram_range); ITs at or beyond the range
//       are counted as out of bounds (OOB). Kept for the whole run (the paper keeps it for
//       the application's lifetime; it does not age samples out).
//     Representative when: samples in range >= min_samples, the coefficient of variation of
//       the bin counts (sample standard deviation / mean over all bins, empty ones included)
//       >= cv_threshold, and OOB samples are at most kMaxOutOfBoundsShare of all samples.
//     Windows when representative: head = the bin holding the head_percentile-th IT (the
//       smallest bin whose cumulative count reaches ceil(p/100 · n)), tail likewise for
//       tail_percentile; pre-warm = lower edge of the head bin · (1 − margin); keep-alive =
//       upper edge of the tail bin · (1 + margin).
//     After an invocation ends at t on an on-demand environment: if pre-warm > 0 the
//       environment is unloaded at t (not alive, not idle) and re-loaded at t + pre-warm,
//       then kept idle until t + pre-warm + keep-alive; if pre-warm = 0 it stays idle until
//       t + keep-alive. Otherwise (histogram not representative) the fixed keep_alive applies.
//     Simplifications, stated: (1) the paper forecasts ITs with ARIMA when too many are out
//       of bounds; here that case falls back to the fixed keep_alive, as does the
//       not-yet-representative case (the paper keeps the application loaded for the
//       histogram range there; set keep_alive to histogram_range to match it). (2) A
//       pre-warm re-loads the same environment slot instantly, without an init phase, a new
//       lifetime draw, an environments_created count or a charge (the paper's pre-warm loads
//       the image ahead of the predicted arrival; its cost is memory time, which
//       environments_mean reports). An environment past its maximum lifetime at the pre-warm
//       instant is destroyed instead. (3) Requests arriving while the environment is
//       unloaded start cold on a new environment; the pending pre-warm still happens.
//       (4) Windows are decided per released environment from the histogram at that
//       instant (the paper's per-application decision, applied to each instance).
//
// Client retry (ClientRetry): see models/workload/client.h — full-jitter exponential
// backoff, max_attempts attempts; draws from the traffic entry's stream "client/<label>".
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "models/lambda/environment.h"
#include "models/lambda/ring_deque.h"
#include "models/spec/scenario_spec.h"
#include "models/workload/client.h"
#include "sim/prefetch.h"
#include "sim/rng.h"
#include "sim/time.h"

namespace lambdasim {

// A binary min-heap of (key, environment) with each member's position, so any member can be
// removed in O(log n). Keys compare first, then the environment index (a total order, so the
// result never depends on insertion history). Positions are indexed by environment id.
class IndexedHeap {
 public:
  static constexpr uint32_t kAbsent = 0xFFFFFFFFu;
  bool empty() const { return heap_.empty(); }
  uint32_t top() const { return heap_.front().second; }
  void Push(uint32_t env, int64_t key) {
    if (env >= pos_.size()) pos_.resize(static_cast<size_t>(env) + 1 + pos_.size(), kAbsent);
    heap_.emplace_back(key, env);
    pos_[env] = static_cast<uint32_t>(heap_.size() - 1);
    Up(heap_.size() - 1);
  }
  void Remove(uint32_t env) {
    const size_t i = pos_[env];
    pos_[env] = kAbsent;
    const size_t last = heap_.size() - 1;
    if (i != last) {
      heap_[i] = heap_[last];
      pos_[heap_[i].second] = static_cast<uint32_t>(i);
      heap_.pop_back();
      Down(Up(i));
    } else {
      heap_.pop_back();
    }
  }

 private:
  using Entry = std::pair<int64_t, uint32_t>;
  void Swap(size_t a, size_t b) {
    std::swap(heap_[a], heap_[b]);
    pos_[heap_[a].second] = static_cast<uint32_t>(a);
    pos_[heap_[b].second] = static_cast<uint32_t>(b);
  }
  size_t Up(size_t i) {
    while (i > 0) {
      const size_t parent = (i - 1) / 2;
      if (!(heap_[i] < heap_[parent])) break;
      Swap(i, parent);
      i = parent;
    }
    return i;
  }
  void Down(size_t i) {
    for (;;) {
      const size_t l = 2 * i + 1, r = l + 1;
      size_t m = i;
      if (l < heap_.size() && heap_[l] < heap_[m]) m = l;
      if (r < heap_.size() && heap_[r] < heap_[m]) m = r;
      if (m == i) return;
      Swap(i, m);
      i = m;
    }
  }
  std::vector<Entry> heap_;
  std::vector<uint32_t> pos_;
};

// One function's idle on-demand environments, in the shape its reuse and keep-alive rules
// need. Invariant: every member is idle, on-demand, and has Environment::expire_at set; the
// pool never reads an environment that is not a member.
class IdlePool {
 public:
  IdlePool() = default;
  // `random_rng` is used only by EnvironmentReuse::kRandom.
  IdlePool(EnvironmentReuse reuse, bool per_environment_expiry, const sim::RngStream& random_rng)
      : reuse_(reuse),
        linked_(per_environment_expiry || (reuse != EnvironmentReuse::kMostRecentlyUsed &&
                                           reuse != EnvironmentReuse::kLeastRecentlyUsed)),
        expiry_heap_(per_environment_expiry),
        rng_(random_rng) {}

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }

  // Cache hint: the members a request and a release read (up to the ring with its inline ids;
  // the linked structures after it are for the other reuse rules). Changes nothing.
  [[gnu::always_inline]] void PrefetchHead() const { sim::PrefetchSpan(this, &deque_ + 1); }

  // Adds an environment that has just become idle (idle_since = now, non-decreasing).
  // (The ring case inline; the linked structures out of line.)
  void Push(uint32_t env, const Environment& e) {
    ++size_;
    if (!linked_) {
      deque_.push_back(env);
      return;
    }
    PushLinked(env, e);
  }

  // The environment TakeForReuse would return, for a cache hint; kNone when the pool is empty
  // or keeps its members in the linked structures (no cheap answer there).
  uint32_t PeekForReuse() const {
    if (size_ == 0 || linked_) return kNone;
    return reuse_ == EnvironmentReuse::kMostRecentlyUsed ? deque_.back() : deque_.front();
  }

  // Removes and returns the environment a warm request takes. Requires !empty().
  uint32_t TakeForReuse() {
    uint32_t env;
    if (!linked_) {
      --size_;
      if (reuse_ == EnvironmentReuse::kMostRecentlyUsed) {
        env = deque_.back();
        deque_.pop_back();
      } else {
        env = deque_.front();
        deque_.pop_front();
      }
      return env;
    }
    return TakeLinked();
  }

  // The member whose expiry comes first. Requires !empty().
  uint32_t NextExpiring() const {
    if (!linked_) return deque_.front();
    return expiry_heap_ ? expiry_.top() : head_;
  }
  // Removes NextExpiring().
  void PopNextExpiring() {
    if (!linked_) {
      --size_;
      deque_.pop_front();
      return;
    }
    Remove(NextExpiring());
  }

 private:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  [[gnu::noinline]] void PushLinked(uint32_t env, const Environment& e) {
    if (env >= prev_.size()) {
      const size_t n = static_cast<size_t>(env) + 1 + prev_.size();
      prev_.resize(n, kNone);
      next_.resize(n, kNone);
      dense_pos_.resize(n, kNone);
    }
    prev_[env] = tail_;
    next_[env] = kNone;
    if (tail_ != kNone) {
      next_[tail_] = env;
    } else {
      head_ = env;
    }
    tail_ = env;
    if (reuse_ == EnvironmentReuse::kNewestCreated) newest_.Push(env, -e.created.ns());
    if (reuse_ == EnvironmentReuse::kRandom) {
      dense_pos_[env] = static_cast<uint32_t>(dense_.size());
      dense_.push_back(env);
    }
    if (expiry_heap_) expiry_.Push(env, e.expire_at.ns());
  }

  [[gnu::noinline]] uint32_t TakeLinked() {
    uint32_t env;
    switch (reuse_) {
      case EnvironmentReuse::kMostRecentlyUsed: env = tail_; break;
      case EnvironmentReuse::kLeastRecentlyUsed: env = head_; break;
      case EnvironmentReuse::kNewestCreated: env = newest_.top(); break;
      case EnvironmentReuse::kRandom:
      default: env = dense_[static_cast<size_t>(rng_.NextBelow(dense_.size()))]; break;
    }
    Remove(env);
    return env;
  }

  void Remove(uint32_t env) {
    --size_;
    const uint32_t p = prev_[env], n = next_[env];
    if (p != kNone) {
      next_[p] = n;
    } else {
      head_ = n;
    }
    if (n != kNone) {
      prev_[n] = p;
    } else {
      tail_ = p;
    }
    if (reuse_ == EnvironmentReuse::kNewestCreated) newest_.Remove(env);
    if (reuse_ == EnvironmentReuse::kRandom) {
      const uint32_t i = dense_pos_[env];
      const uint32_t moved = dense_.back();
      dense_[i] = moved;
      dense_pos_[moved] = i;
      dense_.pop_back();
      dense_pos_[env] = kNone;
    }
    if (expiry_heap_) expiry_.Remove(env);
  }

  EnvironmentReuse reuse_ = EnvironmentReuse::kMostRecentlyUsed;
  bool linked_ = false;       // false: the ring deque below
  bool expiry_heap_ = false;  // per-environment expiry (hybrid keep-alive)
  size_t size_ = 0;
  RingDeque<uint32_t, 6> deque_;  // by idle_since, oldest at front; six ids inline
  std::vector<uint32_t> prev_, next_;
  uint32_t head_ = kNone, tail_ = kNone;  // oldest idle, newest idle
  IndexedHeap newest_;                    // key −created: top = newest
  std::vector<uint32_t> dense_, dense_pos_;
  IndexedHeap expiry_;  // key expire_at
  sim::RngStream rng_;
};

// Keep-alive windows for one function. Fixed: no state. Hybrid histogram: the idle-time
// histogram (a Fenwick tree over the bins, so percentiles cost O(log bins)), its sum of
// squared bin counts (for the coefficient of variation) and the start of the current idle
// period.
class KeepAlivePolicy {
 public:
  // Above this share of out-of-bounds idle times the paper switches to an ARIMA forecast;
  // lambdasim falls back to the fixed keep_alive instead (see the header comment).
  static constexpr double kMaxOutOfBoundsShare = 0.5;

  struct Windows {
    sim::Duration pre_warm;    // 0: stay loaded from the release on
    sim::Duration keep_alive;  // loaded for this long after the release (or the pre-warm)
  };

  KeepAlivePolicy() = default;
  KeepAlivePolicy(const KeepAlivePolicySpec& spec, sim::Duration fixed_keep_alive)
      : hybrid_(spec.kind == KeepAliveKind::kHybridHistogram),
        spec_(spec.hybrid),
        fixed_(fixed_keep_alive) {
    if (hybrid_) {
      const int64_t width = std::max<int64_t>(1, spec_.bin_width.ns());
      bins_ = static_cast<size_t>(
          std::max<int64_t>(1, (spec_.histogram_range.ns() + width - 1) / width));
      tree_.assign(bins_ + 1, 0);
      counts_.assign(bins_, 0);
    }
  }

  bool fixed() const { return !hybrid_; }
  sim::Duration fixed_keep_alive() const { return fixed_; }

  // The function's concurrency fell to 0 at `now`: an idle period starts.
  void OnFunctionIdle(sim::Time now) {
    idle_since_ = now;
    in_idle_period_ = true;
  }
  // A request for the function arrives while none of its environments is busy.
  void OnRequestWhileIdle(sim::Time now) {
    if (!in_idle_period_) return;
    in_idle_period_ = false;
    Observe(now - idle_since_);
  }

  // The windows for an environment released now (the fixed keep_alive unless hybrid and
  // representative).
  Windows Decide() const {
    if (!hybrid_ || !Representative()) return Windows{sim::Duration(), fixed_};
    const int64_t width = spec_.bin_width.ns();
    const size_t head = BinOfPercentile(spec_.head_percentile);
    const size_t tail = BinOfPercentile(spec_.tail_percentile);
    const auto pre = static_cast<int64_t>(static_cast<double>(head) * static_cast<double>(width) *
                                          (1.0 - spec_.margin));
    const auto keep = static_cast<int64_t>(static_cast<double>(tail + 1) *
                                           static_cast<double>(width) * (1.0 + spec_.margin));
    return Windows{sim::Duration::Nanos(std::max<int64_t>(0, pre)),
                   sim::Duration::Nanos(std::max<int64_t>(0, keep))};
  }

  bool Representative() const {
    if (in_range_ < static_cast<uint64_t>(spec_.min_samples) || in_range_ == 0) return false;
    if (static_cast<double>(out_of_bounds_) >
        kMaxOutOfBoundsShare * static_cast<double>(in_range_ + out_of_bounds_))
      return false;
    return CoefficientOfVariation() >= spec_.cv_threshold;
  }

  // Sample standard deviation over mean of the bin counts (empty bins included).
  double CoefficientOfVariation() const {
    if (bins_ < 2 || in_range_ == 0) return 0;
    const double n = static_cast<double>(in_range_);
    const double b = static_cast<double>(bins_);
    const double mean = n / b;
    const double var = std::max(0.0, (sum_sq_ - n * n / b) / (b - 1));
    return std::sqrt(var) / mean;
  }
  uint64_t samples_in_range() const { return in_range_; }
  uint64_t samples_out_of_bounds() const { return out_of_bounds_; }

  void Observe(sim::Duration idle) {
    const int64_t width = std::max<int64_t>(1, spec_.bin_width.ns());
    const int64_t ns = std::max<int64_t>(0, idle.ns());
    if (ns >= spec_.histogram_range.ns()) {
      ++out_of_bounds_;
      return;
    }
    const auto bin = std::min(static_cast<size_t>(ns / width), bins_ - 1);
    sum_sq_ += 2.0 * static_cast<double>(counts_[bin]) + 1.0;
    ++counts_[bin];
    ++in_range_;
    for (size_t i = bin + 1; i <= bins_; i += i & (~i + 1)) ++tree_[i];
  }

 private:
  // The smallest bin whose cumulative count reaches ceil(p/100 · n) (Fenwick descent).
  size_t BinOfPercentile(double percentile) const {
    const double want = std::ceil(percentile / 100.0 * static_cast<double>(in_range_));
    uint64_t k = std::max<uint64_t>(1, static_cast<uint64_t>(want));
    size_t pos = 0;
    size_t step = 1;
    while (step * 2 <= bins_) step *= 2;
    for (; step > 0; step /= 2) {
      if (pos + step <= bins_ && tree_[pos + step] < k) {
        pos += step;
        k -= tree_[pos];
      }
    }
    return std::min(pos, bins_ - 1);  // pos = number of bins strictly before the answer
  }

  bool hybrid_ = false;
  HybridKeepAliveSpec spec_;
  sim::Duration fixed_;
  size_t bins_ = 0;
  std::vector<uint64_t> tree_;    // Fenwick tree, 1-based
  std::vector<uint64_t> counts_;  // per bin
  double sum_sq_ = 0;             // Σ counts²
  uint64_t in_range_ = 0, out_of_bounds_ = 0;
  sim::Time idle_since_;
  bool in_idle_period_ = false;
};

// A synchronous client's retry rule (one per traffic entry).
class ClientRetry {
 public:
  ClientRetry() = default;
  explicit ClientRetry(const ClientSpec* spec) : spec_(spec) {}
  // Whether attempt `attempt` (1-based) may be followed by another.
  bool MayRetryAfter(int64_t attempt) const { return attempt < spec_->max_attempts; }
  // Whether giving up counts as a client failure (no policy: the caller never retried).
  bool CountsFailure() const { return spec_->policy != RetryPolicy::kNone; }
  sim::Duration Backoff(int64_t attempts_made, sim::RngStream& rng) const {
    return ClientBackoff(*spec_, attempts_made, rng);
  }

 private:
  const ClientSpec* spec_ = nullptr;
};

}  // namespace lambdasim
