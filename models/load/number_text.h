// models/load/number_text.h — the scenario loader's number rules for any text, so the
// command line parses `--seed`, `--rps`, `--reserved`, ... exactly as strictly as a scenario.
//
// Plain decimal only: no hex/octal/binary (0x10), no leading zeros, no exponent in integers
// (1e3), no separators, no NaN/infinity, nothing that wraps (-1 or 2^64 into an unsigned, 1e23
// into an integer). Every refusal comes with a reason naming the text. No yaml-cpp here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lambdasim {

// An integer in [lo, hi]; nullopt with *why ("'0x10' is not a decimal integer (...)").
std::optional<int64_t> ParseIntegerText(const std::string& s, int64_t lo, int64_t hi,
                                        std::string* why);
// An unsigned 64-bit integer (a seed): the full range, no sign.
std::optional<uint64_t> ParseUInt64Text(const std::string& s, std::string* why);
// A finite decimal number in [lo, hi]; nullopt with *why.
std::optional<double> ParseNumberText(const std::string& s, double lo, double hi, std::string* why);

}  // namespace lambdasim
