// models/analysis/analytic.h — closed forms for sizing Lambda concurrency (pure functions).
//
// These are the "instant" answers `lambdasim size` prints next to simulated ones, and the
// yardsticks the validation tests hold the simulator to. None of them reads a scenario or
// touches the simulator; all are deterministic. Sources: shared/reference/lambda-semantics.md
// (section numbers in comments) and the seed deck's sizing slide.
#pragma once

#include <cstdint>
#include <string>

namespace lambdasim::analytic {

// §1.2 Little's law, AWS's sizing formula: concurrency = requests per second × mean
// duration in seconds. 10 000 RPS × 0.5 s = 5 000. Exact for the time-average number in an
// uncapped system (M/G/∞ or any stable system), whatever the duration distribution.
double LittleConcurrency(double rps, double mean_duration_s);

// Erlang B: probability that a Poisson arrival finds all `servers` busy in an M/G/c/c loss
// system with offered load `load` = λ·E[S] (insensitive to the service distribution). This
// is the throttle probability of a synchronous function capped at `servers` concurrency.
// Computed with the recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), which stays in
// [0, 1] at every step (no factorials, no overflow) and is accurate for c = 10 000 and for
// any real load ≥ 0. servers < 0 or load < 0 → NaN.
double ErlangB(int64_t servers, double load);

// Smallest c ≥ 0 with ErlangB(c, load) ≤ target (target in (0, 1]); the Erlang B sizing
// inverse. Returns 0 when load == 0.
int64_t ErlangBServersFor(double load, double target);

// Erlang C: probability that an arrival waits in an M/M/c queue (infinite buffer), offered
// load a = λ·E[S] < c: C = c·B / (c − a·(1 − B)). Returns 1 when a ≥ c (unstable queue).
double ErlangC(int64_t servers, double load);

// Mean wait in queue of M/M/c: W_q = C(c, a) · E[S] / (c − a); +inf when a ≥ c.
// c = 10, λ = 8/s, E[S] = 1 s: C = 0.409180, W_q = 0.2046 s.
double ErlangCMeanWait(int64_t servers, double arrival_rate, double mean_service_s);

// Time for a cold function to reach `target` concurrent environments when new environments
// are gated by a token bucket that starts full with `burst` tokens and refills continuously
// at `refill_per_s` (§2.1, §2.3): 0 if target ≤ burst, else (target − burst) / refill.
// Assumes demand is there the whole time and no environment is reclaimed meanwhile.
double ScalingRampSeconds(double target, double burst, double refill_per_s);

// The two platform rules as numbers. aws-2023: per function, 1000 burst + 100/s (§2.1).
// aws-2022: per account and region, 3000/1000/500 burst by region + 500/min (§2.3).
struct ScalingRule {
  double burst = 1000;
  double refill_per_s = 100;
  std::string description;  // e.g. "aws-2023: 1000 burst + 100/s per function"
  // RPS side (scaling-behavior.html: "or 10,000 requests per second every 10 seconds"):
  // additional requests per second at once and per second of ramp; rps_burst 0 = none.
  double rps_burst = 0;
  double rps_refill_per_s = 0;
};
// Requests throttled by the RPS side of the scaling rate when a function goes from cold to a
// steady `rps` at once. The allowance is A(t) = burst + refill·t and every one-second window
// ending at t holds A(t) admissions, so over the ramp T = (rps − burst)/refill seconds the
// admissions are Σ_{k=1..T} A(k) = burst·T + refill·T(T+1)/2, and the throttled requests are
// (rps − burst)² / (2·refill) − (rps − burst)/2 (the triangle less half a second of the
// increase). 0 when rps ≤ burst or there is no RPS side.
double RpsRampThrottles(double rps, double burst, double refill_per_s);
ScalingRule Aws2023Scaling();
ScalingRule Aws2022Scaling(const std::string& region);

// §1.3: Lambda caps requests per second at 10 × the concurrency quota (account, function
// reservation, or provisioned concurrency alike). `per_concurrency` is the profile's factor.
double RpsLimit(double concurrency_quota, double per_concurrency = 10);
// Smallest concurrency quota whose RPS limit admits `rps`: ceil(rps / per_concurrency).
int64_t QuotaForRps(double rps, double per_concurrency = 10);

// Steady-state warm pool of one function: Poisson arrivals at `arrival_rate`, exponential
// service with mean `mean_service_s`, no concurrency cap, and idle environments reclaimed
// after a keep-alive of mean `keep_alive_s`. Approximations, stated:
//  * Keep-alive is modelled as EXPONENTIAL (each idle environment expires at rate 1/T)
//    instead of AWS's (assumed) deterministic T; that makes the state Markov. For T ≫ E[S]
//    it changes P(cold) by a bounded factor; at the limits it is exact (T → ∞: P(cold) → 0;
//    T → 0: P(cold) → 1).
//  * Reuse picks any idle environment (which one does not matter under exponential expiry).
// Method ("ctmc-2d"): a CTMC over (b busy, i idle). Arrival at rate λ: i > 0 → (b+1, i−1)
// (warm), i = 0 → (b+1, 0) (cold start, a new environment). Completion at rate b/E[S]:
// (b−1, i+1). Expiry at rate i/T: (b, i−1). The environment count n = b + i can only grow
// by a cold start at n = b, so n ≤ max b ever seen; the state space is truncated to
// b ∈ [b_lo, b_hi], b + i ≤ b_hi with b_hi = a + 8√a + 10, b_lo = max(0, a − 8√a − 10)
// (a = λ·E[S]; the Poisson(a) busy count lies outside that with probability < 1e-12), and
// πQ = 0 is solved with Eigen's SparseLU. When that triangle exceeds `max_states`, the
// method is "quasi-static-1d": a birth–death chain over n alone in which the busy count
// given n is taken as in an Erlang loss system with n servers (truncated Poisson(a)):
// cold-start rate λ·B(n, a), expiry rate (n − a·(1 − B(n, a)))/T — exact as T/E[S] → ∞,
// which is Lambda's regime (minutes of keep-alive vs. milliseconds-to-seconds durations);
// solved in product form in log space.
// P(cold) is the probability an arrival finds no idle environment (PASTA). E[busy] is the
// chain's mean busy count (= λ·E[S] up to truncation in ctmc-2d; reported as λ·E[S] exactly
// in quasi-static-1d, by Little's law, since every arrival is served).
struct WarmPoolResult {
  double mean_environments = 0;  // E[busy + idle]
  double mean_busy = 0;
  double mean_idle = 0;
  double cold_start_probability = 0;
  size_t states = 0;
  double truncation_mass = 0;  // stationary mass on states at the truncation edge
  std::string method;          // "ctmc-2d", "quasi-static-1d", or "limit" (T = 0, T = ∞, λ = 0)
};
// The states SolveWarmPool's fallback (quasi-static-1d) walks and stores for this load: about
// a + 8√a + 10 with a = rate × mean service time; its memory is 16 bytes per state. A double,
// so an absurd load (1e308 rps) gives a number rather than overflowing; `size` checks it
// against its resource budget before solving.
double WarmPoolStates(double arrival_rate, double mean_service_s);
WarmPoolResult SolveWarmPool(double arrival_rate, double mean_service_s, double keep_alive_s,
                             size_t max_states = 20000);

}  // namespace lambdasim::analytic
