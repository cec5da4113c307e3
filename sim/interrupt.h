// sim/interrupt.h — the process-wide "stop soon" flag (SIGINT/SIGTERM).
//
// One atomic flag, set from a signal handler (RequestInterrupt is async-signal-safe: a
// lock-free atomic store) and polled by every loop that can run long: the event loop's
// slices, arrival generation (MMPP state walks), the writers, sweeps and sizing searches.
// Invariants: the flag only goes false → true during a process's work (ClearInterrupt is for
// tests); reading it is a relaxed atomic load, cheap enough for an inner loop, but loops
// that run millions of times per second poll it every kInterruptPollEvery iterations.
// Loops that produce a value end early (a source ends, a reader reports end of file) and let
// their caller see the flag; loops whose partial result means nothing (a trace validation, a
// sizing search) throw Interrupted, which the command line turns into exit 130.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>

namespace sim {

inline std::atomic<bool> g_interrupt_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free);

inline void RequestInterrupt() { g_interrupt_requested.store(true, std::memory_order_relaxed); }
inline void ClearInterrupt() { g_interrupt_requested.store(false, std::memory_order_relaxed); }
inline bool InterruptRequested() { return g_interrupt_requested.load(std::memory_order_relaxed); }

// Inner loops check InterruptRequested() once per this many iterations.
inline constexpr uint64_t kInterruptPollEvery = 4096;

// Thrown by work that cannot return a meaningful partial result once interrupted; main()
// maps it to exit 130 ("interrupted").
struct Interrupted : std::exception {
  const char* what() const noexcept override { return "interrupted (SIGINT/SIGTERM)"; }
};
inline void ThrowIfInterrupted() {
  if (InterruptRequested()) throw Interrupted{};
}

}  // namespace sim
