// sim/rng.h — reproducible random streams.
//
// Generator: xoshiro256** 1.0 (Blackman & Vigna), 256-bit state, period 2^256−1.
// Each stream is seeded from (seed, replication, name): the name is hashed with 64-bit
// FNV-1a, combined with seed and replication through SplitMix64, and SplitMix64 then fills
// the four state words. Streams are therefore independent of creation order and of each
// other: adding a stream never shifts another. Same inputs ⇒ same sequence on every
// platform (only integer arithmetic; doubles are built from the top 53 bits).
#pragma once

#include <cstdint>
#include <string_view>

namespace sim {

uint64_t SplitMix64(uint64_t& state);
uint64_t Fnv1a64(std::string_view text);

class RngStream {
 public:
  RngStream() : RngStream(0, 0, "") {}
  RngStream(uint64_t seed, uint64_t replication, std::string_view name);

  uint64_t NextU64() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform on [0, 1) with 53 random bits.
  double NextDouble() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1]: safe to take the logarithm of.
  double NextDoubleOpenZero() { return static_cast<double>((NextU64() >> 11) + 1) * 0x1.0p-53; }
  // Uniform integer on [0, n), n > 0 (Lemire's nearly-divisionless method, exact).
  uint64_t NextBelow(uint64_t n);

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace sim
