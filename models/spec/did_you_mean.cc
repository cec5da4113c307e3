// models/spec/did_you_mean.cc — banded Levenshtein distance and nearest-name lookup.
#include "models/spec/did_you_mean.h"

#include <algorithm>
#include <cstdlib>

namespace lambdasim {
namespace {

// Names longer than this never get a suggestion (no key or function name is this long).
constexpr size_t kMaxSuggestLength = 128;

char Fold(char c, bool ignore_case) {
  return ignore_case && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

int Distance(std::string_view a, std::string_view b, int limit, bool ignore_case) {
  const int la = static_cast<int>(a.size());
  const int lb = static_cast<int>(b.size());
  if (std::abs(la - lb) > limit) return limit + 1;
  const int kInf = limit + 1;
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (int j = 0; j <= lb; ++j) prev[static_cast<size_t>(j)] = std::min(j, kInf);
  for (int i = 1; i <= la; ++i) {
    // Only cells with |i - j| ≤ limit can hold a distance ≤ limit.
    const int lo = std::max(1, i - limit);
    const int hi = std::min(lb, i + limit);
    std::fill(cur.begin(), cur.end(), kInf);
    if (i <= limit) cur[0] = i;
    int row_min = cur[0];
    for (int j = lo; j <= hi; ++j) {
      const auto uj = static_cast<size_t>(j);
      const bool same =
          Fold(a[static_cast<size_t>(i - 1)], ignore_case) == Fold(b[uj - 1], ignore_case);
      const int v = std::min({prev[uj] + 1, cur[uj - 1] + 1, prev[uj - 1] + (same ? 0 : 1)});
      cur[uj] = std::min(v, kInf);
      row_min = std::min(row_min, cur[uj]);
    }
    if (row_min > limit) return kInf;
    std::swap(prev, cur);
  }
  return std::min(prev[b.size()], kInf);
}

}  // namespace

int EditDistance(std::string_view a, std::string_view b, int limit) {
  return Distance(a, b, limit, false);
}

std::string ClosestName(const std::string& got, const std::vector<std::string>& candidates,
                        int divisor, bool ignore_case) {
  if (got.size() > kMaxSuggestLength) return "";
  const int limit = std::max(2, static_cast<int>(got.size()) / divisor);
  std::string best;
  int best_d = limit + 1;
  for (const auto& c : candidates) {
    const int d = Distance(got, c, limit, ignore_case);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  if (best.empty() || best_d >= static_cast<int>(std::max(got.size(), best.size()))) return "";
  return best;
}

std::string SuggestName(const std::string& got, const std::vector<std::string>& candidates) {
  const std::string best = ClosestName(got, candidates, 3, /*ignore_case=*/false);
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

}  // namespace lambdasim
