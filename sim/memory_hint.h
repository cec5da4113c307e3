// sim/memory_hint.h — ask the kernel to back a large array with transparent huge pages.
//
// Randomly accessed arrays of 10^4–10^5 entries (execution environments, per-function state)
// spend much of each cache miss walking page tables when they sit on 4 KiB pages; with Linux's
// transparent huge pages in "madvise" mode (the Debian default), MADV_HUGEPAGE lets the kernel
// fault them in as 2 MiB pages. Advise memory before it is first touched (reserve, advise, then
// fill), or the pages already faulted stay small. A hint only: results never depend on it,
// failures are ignored, regions under 2 MiB and other systems are left alone.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace sim {

inline void AdviseHugePages(const void* p, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t kPage = 4096;
  constexpr size_t kHuge = size_t{2} << 20;
  if (p == nullptr || bytes < kHuge) return;
  const uintptr_t begin = reinterpret_cast<uintptr_t>(p);
  const uintptr_t start = (begin + kPage - 1) & ~(kPage - 1);
  const uintptr_t end = (begin + bytes) & ~(kPage - 1);
  if (end > start) (void)madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

}  // namespace sim
