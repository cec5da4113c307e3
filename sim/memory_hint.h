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

inline void AdviseHugePages(void* p, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr size_t kPage = 4096;
  constexpr size_t kHuge = size_t{2} << 20;
  if (p == nullptr || bytes < kHuge) return;
  // The first whole page inside the region, and whole pages from there.
  const size_t skip = (kPage - reinterpret_cast<uintptr_t>(p) % kPage) % kPage;
  if (bytes <= skip) return;
  const size_t length = (bytes - skip) & ~(kPage - 1);
  if (length > 0) (void)madvise(static_cast<char*>(p) + skip, length, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

}  // namespace sim
