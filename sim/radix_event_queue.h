// sim/radix_event_queue.h — the pending-event set of sim::Simulation: a radix heap over integer
// nanosecond times, with kDigitBits-bit digits, and the exact (time, priority, sequence) order;
// its lowest part is a short sorted run (so the next few events are known in order: Ahead()).
//
// Same interface and same total order as EventQueue (event_queue.h): events pop in ascending
// EventKey — time, then (priority << 48 | sequence) — so a schedule pops in exactly the order
// EventQueue pops it (tests/sim_radix_event_queue_test.cc compares the two on random schedules
// with ties, for several digit widths and run sizes). It relies on one property of a
// discrete-event clock: no event is pushed with a time before the last popped one (monotone
// times; Simulation::ScheduleAt guarantees it).
//
// Layout. `last_` is a (sign-flipped) time bound: every event with time <= last_ is in the run
// or the side heap, every other one in a bucket. The run is a vector sorted DESCENDING by
// EventKey, so the minimum is its back (pop is pop_back) and a push into the near future — the
// common case — is inserted near the back, moving few entries; a push that would land deeper
// than kShallow entries goes to side_ (a 4-ary heap, normally empty), so a run that spans a long
// time never makes pushes expensive. The minimum is the lesser of the run's back and side_'s top.
//
// Buckets. Time bits are read as digits of kDigitBits bits (one level may be wider, below). An
// event with time t > last_ sits in bucket (level, digit): level = the highest digit in which t
// differs from last_, digit = t's value of that digit (greater than last_'s). Bucket index (level's
// first bucket) + digit orders buckets by time: every event of a lower index comes before every
// event of a higher one. When run and side heap are empty, Refill takes the lowest non-empty
// bucket: if it holds at most kRunMax events they all become the run (sorted) and last_ moves to
// their latest time; otherwise last_ moves to the bucket's floor (its time bits below level l
// cleared: no least time is kept per bucket, which cost 4 instructions a push), the events at
// that time become the run and the rest is redistributed into lower buckets (a lower level: each
// event only ever moves down, at most kLevels times, sequentially in memory); when none was at the
// floor, Refill takes the next lowest bucket. Moving last_ to the floor or any time of bucket
// (l, d) keeps every other non-empty bucket's events in their bucket:
// they differ from last_ in a digit above l, or in digit l with a greater value, and last_ changes
// only below l. Wider digits mean fewer moves per event (an event pushed ~n events ahead moves
// about log_radix(n / kRunMax) times, not log2) at the cost of more (mostly empty) buckets. One
// level may be wider than the others (kWideLow, kWideBits): the kernel's queue reads time
// bits 20..29 (1 ms .. 1 s) as one 10-bit digit (at first: kAdaptive, below), so a completion
// pushed ~100 ms ahead lands in a ~1 ms bucket (a run) at once instead of moving down two 4-bit
// levels (bench/README.md, session 7). Levels are read from a 64-entry table (highest differing bit
// -> shift, mask, first bucket), built at run time (Layout), so the layout may change while events
// are pending.
//
// Adaptive layout (kAdaptive). Where the wide levels pay depends on how dense the events are:
// 10^4 events/s (1e3's completions) fill a 1 ms bucket with ~10, 10^5 fill it with ~100, which
// must be split again. With kAdaptive the layout has two wide levels, [s, s + kWideBits) and
// [s + kWideBits, s + 2·kWideBits), and the queue moves s (its "run shift", first kWideLow) to
// where a bucket of the lower wide level holds about kTargetRunEvents = kRunMax / 2 events (so
// few buckets overflow a run and need one more split): every
// kAdaptEvents events taken into runs it measures their rate over the simulated time they
// spanned and, when log2(kTargetRunEvents / rate) is more than ¾ away from s, re-places every
// bucketed event under the new layout (Relayout: O(pending), rare; a steady rate settles after
// two windows). A completion ~1 s ahead at 10^5 events/s then moves twice (s = 17: a ~134 ms
// bucket, a ~131 µs run) instead of three times (bench/README.md, session 10). The layout never
// changes the order of pops — only where events wait — and depends only on the events pushed, so it
// is as deterministic as they are.
//
// Invariants: run and side events have time <= last_ (and >= the last popped time), bucket
// events time > last_, each in the bucket its (level, digit) names; the run is sorted descending;
// bit i of words_ is set iff bucket i is non-empty, bit w of summary_ iff words_[w] != 0 (kept
// only when kSummary). Storage: kBuckets vectors; one
// emptied by a split gives its memory back when it holds room for more than kKeepEvents, and
// one of a level above the lowest wide level (Layout::keep_below) whenever it empties, so the
// buckets together hold at most about twice the pending events plus kKeepEvents for each bucket
// up to the lowest wide level (with 16 buckets a level, keeping every bucket's peak held ~12×
// the pending events at 10^5); an allocation is amortized over the more than kKeepEvents / 2
// events that filled it.
// Ahead(k) shows the run's k-th event only while side_ is empty (then it is exact).
// At most 4 096 buckets (the summary word covers 64 bitmap words).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/event_queue.h"

namespace sim {

template <unsigned kDigitBitsT, size_t kRunMaxT, unsigned kWideLowT = 0, unsigned kWideBitsT = 0,
          bool kAdaptiveT = false>
class BasicRadixEventQueue {
 public:
  static constexpr unsigned kDigitBits = kDigitBitsT;
  // A bucket of at most this many events becomes the run whole (sorted); larger ones are split.
  static constexpr size_t kRunMax = kRunMaxT;
  static constexpr unsigned kRadix = 1u << kDigitBits;
  // One wide level (kWideBits > 0): time bits [kWideLow, kWideLow + kWideBits) form one digit of
  // kWideBits bits; digits below and above it are kDigitBits wide (the top one may be narrower).
  static constexpr unsigned kWideLow = kWideLowT;
  static constexpr unsigned kWideBits = kWideBitsT;
  // Two wide levels whose place follows the events' rate (the header comment).
  static constexpr bool kAdaptive = kAdaptiveT;
  static_assert(kWideBits == 0 || (kWideBits <= 11 && kWideLow + kWideBits <= 64),
                "a wide level is at most 11 bits, within 64 bits");
  static_assert(!kAdaptive || kWideBits > 0, "an adaptive layout moves its wide levels");
  // The adaptive layout's range of run shifts (lower wide level from 2^10 ns ≈ 1 µs to 2^40 ns
  // ≈ 18 min), the events per measuring window and the events a bucket of the lower wide level
  // should hold.
  static constexpr unsigned kMinRunShift = 10;
  static constexpr unsigned kMaxRunShift = 64 - 2 * kWideBits < 40 ? 64 - 2 * kWideBits : 40;
  static_assert(!kAdaptive || (kWideLow >= kMinRunShift && kWideLow <= kMaxRunShift));
  static constexpr uint64_t kAdaptEvents = uint64_t{1} << 16;
  static constexpr double kTargetRunEvents = static_cast<double>(kRunMax) / 2;
  // A split bucket keeps at most this room (32 KiB): at 10^3 pending events nothing is freed
  // (freeing above 4 × kRunMax cost 0.9 % of 1e3's instructions in malloc/free), and the
  // buckets up to the lowest wide level (about 1 100 in the kernel's queue) keep at most 32 KiB
  // each beyond what they hold.
  static constexpr size_t kKeepEvents = 1024;
  static_assert(kDigitBits >= 1 && kDigitBits <= 8, "digits of 1..8 bits");
  static_assert(kRunMax >= 1);

 private:
  // Per highest differing bit h: the digit's shift and mask and its level's first bucket.
  struct LevelOfBit {
    uint32_t base;
    uint16_t mask;
    uint8_t shift;
  };
  struct Layout {
    std::array<LevelOfBit, 64> of_bit{};
    size_t buckets = 0;
    // Buckets from this one up (the levels above the lowest wide one) give their room back
    // whenever they empty: each is reused only after its digit comes round again (at 1e3, a
    // 1 s bucket of the second wide level once in 1 024 s), so kept room would only add up.
    size_t keep_below = 0;
  };
  // Digits of kDigitBits bits, except `wide` levels of kWideBits bits from bit wide_low up (a
  // digit below them ends where they start); the top digit may be narrower.
  static constexpr Layout MakeLayout(unsigned wide_low, unsigned wide) {
    Layout l;
    unsigned low = 0;
    const unsigned wide_high = wide_low + wide * kWideBits;
    while (low < 64) {
      unsigned width = low >= wide_low && low < wide_high ? kWideBits : kDigitBits;
      if (low < wide_low && low + width > wide_low) width = wide_low - low;
      if (low + width > 64) width = 64 - low;
      for (unsigned h = low; h < low + width; ++h) {
        l.of_bit[h] =
            LevelOfBit{static_cast<uint32_t>(l.buckets), static_cast<uint16_t>((1u << width) - 1),
                       static_cast<uint8_t>(low)};
      }
      l.buckets += size_t{1} << width;
      low += width;
      if (wide > 0 && low == wide_low + kWideBits) l.keep_below = l.buckets;
    }
    if (wide == 0) l.keep_below = l.buckets;
    return l;
  }
  static constexpr unsigned kWideLevels = kAdaptive ? 2 : (kWideBits > 0 ? 1 : 0);
  static constexpr size_t MaxBuckets() {
    if constexpr (!kAdaptive) {
      return MakeLayout(kWideLow, kWideLevels).buckets;
    } else {
      size_t most = 0;
      for (unsigned s = kMinRunShift; s <= kMaxRunShift; ++s)
        most = std::max(most, MakeLayout(s, kWideLevels).buckets);
      return most;
    }
  }

 public:
  static constexpr size_t kBuckets = MaxBuckets();

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  // Events the buckets and the run have room for (tests: memory stays proportional to size()).
  size_t capacity_events() const {
    size_t n = run_.capacity();
    for (const auto& b : buckets_) n += b.capacity();
    return n;
  }
  void reserve(size_t /*n*/) { run_.reserve(4 * kRunMax); }

  // The lower wide level's first bit (kWideLow unless kAdaptive moved it).
  unsigned run_shift() const { return run_shift_; }
  // Re-places the pending events under the layout with run shift s (kAdaptive; the queue does
  // this itself — public for tests, which move it at random to check pops stay exact).
  void SetRunShift(unsigned s) requires kAdaptive {
    Relayout(std::clamp(s, kMinRunShift, kMaxRunShift));
  }

  // The minimum; requires !empty(). Valid until the next push or pop. (Not const: it may sort
  // the next run, which changes no event and no order.)
  const Event& top() {
    Prepare();
    if (SideFirst()) return side_.top();
    return run_.back();
  }

  // Time of the minimum without reorganizing anything; requires !empty().
  Time MinTime() const {
    if (!side_.empty() && (run_.empty() || EventBefore(side_.top(), run_.back())))
      return side_.top().time;
    if (!run_.empty()) return run_.back().time;
    uint64_t least = ~uint64_t{0};  // the lowest bucket's least time (a scan: tests and tools only)
    for (const Event& e : buckets_[LowestBucket()]) least = std::min(least, TimeBits(e));
    return Time::FromNanos(static_cast<int64_t>(least ^ (uint64_t{1} << 63)));
  }

  // The event k places after the minimum (k = 0: the minimum) when it is already in the run,
  // else nullptr. For cache hints: a later push may still come before it.
  const Event* Ahead(size_t k) const {
    return k < run_.size() && !side_used_ ? &run_[run_.size() - 1 - k] : nullptr;
  }
  // Events in the run (those Ahead can show).
  size_t run_size() const { return run_.size(); }
  // How many events Ahead shows (the run's size while side_ is empty, else 0), and Ahead(k)
  // without the checks for k < visible() (the kernel loop's hints test visible() once).
  size_t visible() const { return side_used_ ? 0 : run_.size(); }
  const Event& AheadVisible(size_t k) const { return run_[run_.size() - 1 - k]; }

  // Requires e.time >= the time of the last popped event.
  void push(const Event& e) {
    ++size_;
    const uint64_t t = TimeBits(e);
    if (t <= last_) {
      InsertIntoRun(e);
      return;
    }
    Place(e, t);
  }

  Event pop() {
    Prepare();
    --size_;
    if (SideFirst()) return SidePop();
    const Event out = run_.back();
    run_.pop_back();
    return out;
  }

  // Makes the minimum available (requires !empty()); returns true when that took a new run.
  bool Prepare() {
    if (!run_.empty() || side_used_) return false;
    Refill();
    return true;
  }
  // The minimum when no check is needed — the run is non-empty and the side heap empty (nearly
  // always) — else nullptr (then Prepare() and PreparedTop()). The kernel loop's fast path.
  const Event* FastTop() const { return run_.empty() || side_used_ ? nullptr : &run_.back(); }
  // top() and pop() after Prepare() (no push in between): the kernel loop's path, which skips
  // Prepare's checks and, while side_ is empty (nearly always), the side heap comparison.
  const Event& PreparedTop() const {
    if (!side_used_ || !SideFirst()) return run_.back();
    return side_.top();
  }
  void PreparedPop() {
    --size_;
    if (!side_used_ || !SideFirst())
      run_.pop_back();
    else
      SidePop();
  }

 private:
  static constexpr size_t kWords = (kBuckets + 63) / 64;
  static_assert(kWords <= 64, "the summary word covers at most 64 bitmap words");

  static uint64_t TimeBits(const Event& e) {
    return static_cast<uint64_t>(e.time.ns()) ^ (uint64_t{1} << 63);
  }
  // x comes before y: time first (signed, one 64-bit compare: times rarely tie), then order.
  // The same order as EventKey's, in fewer instructions than its 128-bit compare.
  static bool TimeOrderBefore(const Event& x, const Event& y) {
    return x.time.ns() < y.time.ns() || (x.time.ns() == y.time.ns() && x.order < y.order);
  }
  // Sorts the run descending by key. Runs of up to kInsertionMax events (nearly all: ~7 events
  // a run at 1e3) by a plain insertion sort, longer ones (a burst at one instant) by std::sort
  // (an inlined comparator: a function pointer was 4 % of 1e3).
  static constexpr size_t kInsertionMax = 32;
  void SortRun() {
    Event* const a = run_.data();
    const size_t n = run_.size();
    if (n > kInsertionMax) {
      std::sort(a, a + n, [](const Event& x, const Event& y) { return TimeOrderBefore(y, x); });
      return;
    }
    for (size_t i = 1; i < n; ++i) {
      const Event x = a[i];
      size_t j = i;
      while (j > 0 && TimeOrderBefore(a[j - 1], x)) {
        a[j] = a[j - 1];
        --j;
      }
      a[j] = x;
    }
  }
  // Bucket of time bits t > last_. (The shift is masked to 0..63 — free on x86, whose shifts
  // mask the count anyway — so that it is defined even for t == last_, which never happens.)
  size_t BucketOf(uint64_t t) const {
    const unsigned high = 63u - static_cast<unsigned>(std::countl_zero(t ^ last_));
    const LevelOfBit& l = layout_.of_bit[high & 63u];
    const unsigned digit = static_cast<unsigned>(t >> (l.shift & 63u)) & l.mask;
    return size_t{l.base} + digit;
  }
  // With few bitmap words (4 for 4-bit digits) a scan at each refill is cheaper than keeping
  // summary_ on every push; with more, summary_ finds the word.
  static constexpr bool kSummary = kWords > 4;
  size_t LowestBucket() const {
    if constexpr (kSummary) {
      const auto w = static_cast<size_t>(std::countr_zero(summary_));
      return w * 64 + static_cast<size_t>(std::countr_zero(words_[w]));
    } else {
      size_t w = 0;
      while (words_[w] == 0) ++w;
      return w * 64 + static_cast<size_t>(std::countr_zero(words_[w]));
    }
  }
  void MarkNonEmpty(size_t b) {
    words_[b / 64] |= uint64_t{1} << (b % 64);
    if constexpr (kSummary) summary_ |= uint64_t{1} << ((b / 64) & 63);
  }
  void MarkEmpty(size_t b) {
    uint64_t& w = words_[b / 64];
    w &= ~(uint64_t{1} << (b % 64));
    if constexpr (kSummary) {
      if (w == 0) summary_ &= ~(uint64_t{1} << ((b / 64) & 63));
    }
  }

  // Puts e (time bits t > last_) in its bucket.
  // (Branch-free: a branch on "new least" or "first event" saved instructions at 1e3 but
  // mispredicted at 1e5; bench/README.md, session 4.)
  void Place(const Event& e, uint64_t t) {
    const size_t b = BucketOf(t);
    buckets_[b].push_back(e);
    MarkNonEmpty(b);
  }

  Event SidePop() {
    const Event out = side_.pop();
    side_used_ = !side_.empty();
    return out;
  }
  // The side heap's minimum comes before the run's (or the run is empty).
  bool SideFirst() const {
    return side_used_ && (run_.empty() || EventBefore(side_.top(), run_.back()));
  }

  // Insertion from the back (the near end) of the descending run, when e belongs among its last
  // kShallow events; deeper (a push far into a run that spans a long time) it goes to side_, so a
  // push never moves more than kShallow events.
  void InsertIntoRun(const Event& e) {
    const __uint128_t key = EventKey(e);
    const size_t n = run_.size();
    size_t depth = 0;  // run events that come before e
    while (depth < n && EventKey(run_[n - 1 - depth]) < key) {
      if (++depth > kShallow) {
        side_.push(e);
        side_used_ = true;
        return;
      }
    }
    run_.insert(run_.end() - static_cast<std::ptrdiff_t>(depth), e);
  }

  // The run is empty and size_ > 0: refill it from the lowest non-empty bucket.
  void Refill() {
    for (;;) {
      const size_t from = LowestBucket();
      std::vector<Event>& v = buckets_[from];
      MarkEmpty(from);
      if (v.size() <= kRunMax) {
        run_.swap(v);  // v (now the old, empty run) keeps its capacity for the bucket
        if (from >= layout_.keep_below) std::vector<Event>().swap(v);
        SortRun();
        last_ = TimeBits(run_.front());
        NoteRun();
        return;
      }
      // Split at the bucket's floor: its time bits below the level cleared (> last_, since the
      // bucket's digit is greater than last_'s). Events at the floor become the run, the others
      // differ from it only below the level and move down; if none is at the floor, the lowest
      // of those buckets is next.
      const uint64_t t0 = TimeBits(v.front());
      const unsigned high = 63u - static_cast<unsigned>(std::countl_zero(t0 ^ last_));
      const unsigned shift = layout_.of_bit[high & 63u].shift;
      last_ = t0 & ~((uint64_t{1} << shift) - 1);
      for (const Event& e : v) {
        const uint64_t t = TimeBits(e);
        if (t == last_)
          run_.push_back(e);
        else
          Place(e, t);  // a bucket below `from`
      }
      v.clear();
      GiveRoomBack(v, from);
      if (!run_.empty()) {
        SortRun();
        NoteRun();
        return;
      }
    }
  }

  // Bucket b was emptied by a split or a relayout (not by becoming the run: that keeps its room
  // unless b >= keep_below): its memory goes back when it holds room for more than kKeepEvents
  // or lies in a level above the lowest wide one (the storage bound in the header comment).
  void GiveRoomBack(std::vector<Event>& v, size_t b) {
    if (v.capacity() > kKeepEvents || b >= layout_.keep_below) std::vector<Event>().swap(v);
  }

  // A new run was taken (kAdaptive: count its events towards the rate).
  void NoteRun() {
    if constexpr (kAdaptive) {
      window_events_ += run_.size();
      if (window_events_ >= kAdaptEvents) [[unlikely]]
        Adapt();
    }
  }
  // The events' rate over the last window → the run shift (header comment).
  [[gnu::noinline]] void Adapt() {
    const uint64_t n = window_events_;
    const uint64_t span_ns = last_ - window_start_;
    window_events_ = 0;
    window_start_ = last_;
    if (!window_started_) {  // the first window starts at the first full count
      window_started_ = true;
      return;
    }
    const double want = std::log2(
        std::max(1.0, kTargetRunEvents * static_cast<double>(span_ns) / static_cast<double>(n)));
    if (std::abs(want - static_cast<double>(run_shift_)) <= 0.75) return;
    const auto s = static_cast<unsigned>(std::clamp(static_cast<int64_t>(std::lround(want)),
                                                    int64_t{kMinRunShift}, int64_t{kMaxRunShift}));
    if (s != run_shift_) Relayout(s);
  }
  // Every bucketed event, re-placed under the layout of run shift s.
  [[gnu::noinline]] void Relayout(unsigned s) {
    std::vector<Event> pending;
    pending.reserve(size_ - run_.size() - side_.size());
    for (size_t w = 0; w < kWords; ++w) {
      for (uint64_t bits = words_[w]; bits != 0; bits &= bits - 1) {
        const size_t b = w * 64 + static_cast<size_t>(std::countr_zero(bits));
        std::vector<Event>& v = buckets_[b];
        pending.insert(pending.end(), v.begin(), v.end());
        v.clear();
        GiveRoomBack(v, b);
      }
      words_[w] = 0;
    }
    summary_ = 0;
    run_shift_ = s;
    layout_ = MakeLayout(s, kWideLevels);
    for (const Event& e : pending) Place(e, TimeBits(e));
  }

  static constexpr size_t kShallow = 8;
  std::vector<Event> run_;  // time <= last_, sorted descending by key
  EventQueue side_;         // time <= last_, pushed deep into the run
  bool side_used_ = false;  // !side_.empty() (one load on the hot path)
  Layout layout_ = MakeLayout(kWideLow, kWideLevels);
  std::array<std::vector<Event>, kBuckets> buckets_;  // by (level, digit): Layout
  std::array<uint64_t, kWords> words_{};              // non-empty buckets
  uint64_t summary_ = 0;                              // non-zero words_
  uint64_t last_ = 0;
  size_t size_ = 0;
  unsigned run_shift_ = kWideLow;
  // kAdaptive: events taken into runs since window_start_ (time bits), the window's start.
  bool window_started_ = false;
  uint64_t window_events_ = 0;
  uint64_t window_start_ = 0;
};

// The kernel's queue: 4-bit digits and two adaptive 10-bit levels, first at time bits 20..29 and
// 30..39 (1 ms .. 1 s .. 18 min; at most 2 224 buckets), runs of up to 32 events. Measured against
// 1..8-bit digits and runs of 8..64 (bench/issue17-sessions-4-6.md, session 4 of issue 17),
// against other single wide levels (bench/README.md, session 7) and against fixed run shifts 15..21
// at 1e3, 1e5 and 1e4fn (session 10: 1e5 settles at 17, −22 % CPU; 1e3 and 1e4fn stay at 20).
using RadixEventQueue = BasicRadixEventQueue<4, 32, 20, 10, true>;

}  // namespace sim
