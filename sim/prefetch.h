// sim/prefetch.h — cache hints: start loading memory an upcoming event will touch.
//
// A prefetch changes no value and no result; it only lets the memory system fetch several
// cache lines at once instead of one after another when the handler reads them. Invariants:
// the pointed-to object exists (its address is computed, never dereferenced here); a wrong or
// stale hint costs at most a wasted line fetch. The empty volatile asm keeps GCC from treating a
// helper that only prefetches as a pure function and deleting calls to it (it did: GCC 12 -O3).
#pragma once

#include <cstddef>
#include <cstdint>

namespace sim {

inline constexpr size_t kCacheLineBytes = 64;

// Hints every cache line of [p, p + bytes) for reading and writing: one hint per 64 bytes from
// p, and one for the last byte (the line the steps may have skipped at the end).
[[gnu::always_inline]] inline void PrefetchRange(const void* p, size_t bytes) {
  if (bytes == 0) return;
  const auto* c = static_cast<const char*>(p);
  for (size_t i = 0; i < bytes; i += kCacheLineBytes) __builtin_prefetch(c + i, 1, 3);
  __builtin_prefetch(c + (bytes - 1), 1, 3);
  __asm__ volatile("" : : "r"(c));
}

// Hints every cache line of [from, to): a member range of one object, given by two addresses
// (their distance is taken as integers, so no pointer subtraction across members).
[[gnu::always_inline]] inline void PrefetchSpan(const void* from, const void* to) {
  const auto a = reinterpret_cast<std::uintptr_t>(from);
  const auto b = reinterpret_cast<std::uintptr_t>(to);
  if (b > a) PrefetchRange(from, static_cast<size_t>(b - a));
}
// Hints the cache line holding `p`.
[[gnu::always_inline]] inline void PrefetchLine(const void* p) {
  __builtin_prefetch(p, 1, 3);
  __asm__ volatile("" : : "r"(p));
}

// Hints the line of element `index` of the array at `base` (elements of `stride` bytes), for a
// hot path whose index is valid by construction (a pending completion's environment): no bounds
// check, which cost five instructions a hint (the index must be within the array; the element is
// never read here).
[[gnu::always_inline]] inline void PrefetchElement(const void* base, size_t index, size_t stride) {
  const char* p = static_cast<const char*>(base) + index * stride;
  __builtin_prefetch(p, 1, 3);
  __asm__ volatile("" : : "r"(p));
}

}  // namespace sim
