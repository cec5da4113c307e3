// models/spec/did_you_mean.h — "did you mean 'x'?" suggestions for misspelt names.
//
// One implementation for every loader and command (scenario keys, sweep keys, metric names,
// trace function names). Invariants: EditDistance is the Levenshtein distance, computed only
// within a band — any result above `limit` is reported as limit + 1 — so a long garbage key
// costs O(length × limit), not O(length²); ClosestName returns a candidate only when it is
// within the limit and closer than "replace every character".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lambdasim {

// Levenshtein distance between a and b if it is ≤ limit, otherwise limit + 1.
int EditDistance(std::string_view a, std::string_view b, int limit);

// The candidate nearest to `got` (ties: the first), or "" when none is within
// max(2, got.size() / divisor) edits. ignore_case compares ASCII letters case-insensitively.
std::string ClosestName(const std::string& got, const std::vector<std::string>& candidates,
                        int divisor, bool ignore_case);

// " (did you mean 'x'?)" for the closest candidate (divisor 3, case-sensitive), or "".
std::string SuggestName(const std::string& got, const std::vector<std::string>& candidates);

}  // namespace lambdasim
