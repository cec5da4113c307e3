// models/analysis/analytic.cc — see analytic.h.
#include "models/analysis/analytic.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <Eigen/Sparse>
#include <Eigen/SparseLU>

#include "models/spec/platform_profile.h"

namespace lambdasim::analytic {

double LittleConcurrency(double rps, double mean_duration_s) { return rps * mean_duration_s; }

double ErlangB(int64_t servers, double load) {
  if (servers < 0 || !(load >= 0)) return std::numeric_limits<double>::quiet_NaN();
  double b = 1.0;
  for (int64_t k = 1; k <= servers; ++k) b = load * b / (static_cast<double>(k) + load * b);
  return b;
}

int64_t ErlangBServersFor(double load, double target) {
  if (!(load > 0)) return 0;
  double b = 1.0;
  int64_t k = 0;
  while (b > target) {
    ++k;
    b = load * b / (static_cast<double>(k) + load * b);
  }
  return k;
}

double ErlangC(int64_t servers, double load) {
  const double c = static_cast<double>(servers);
  if (servers <= 0 || load >= c) return 1.0;
  const double b = ErlangB(servers, load);
  return c * b / (c - load * (1.0 - b));
}

double ErlangCMeanWait(int64_t servers, double arrival_rate, double mean_service_s) {
  const double a = arrival_rate * mean_service_s;
  const double c = static_cast<double>(servers);
  if (servers <= 0 || a >= c) return std::numeric_limits<double>::infinity();
  return ErlangC(servers, a) * mean_service_s / (c - a);
}

double ScalingRampSeconds(double target, double burst, double refill_per_s) {
  if (target <= burst) return 0;
  if (!(refill_per_s > 0)) return std::numeric_limits<double>::infinity();
  return (target - burst) / refill_per_s;
}

ScalingRule Aws2023Scaling() {
  const auto p = *LookupPlatform("aws-2023", "us-east-1");
  ScalingRule r;
  r.burst = static_cast<double>(p.scaling_burst);
  r.refill_per_s = static_cast<double>(p.scaling_refill_count) / p.scaling_refill_period.seconds();
  r.description = "aws-2023: " + std::to_string(p.scaling_burst) + " burst + " +
                  std::to_string(static_cast<int64_t>(std::llround(r.refill_per_s))) +
                  "/s per function";
  r.rps_burst = static_cast<double>(p.scaling_rps_burst);
  r.rps_refill_per_s =
      static_cast<double>(p.scaling_rps_refill_count) / p.scaling_rps_refill_period.seconds();
  return r;
}

double RpsRampThrottles(double rps, double burst, double refill_per_s) {
  if (!(burst > 0) || rps <= burst) return 0;
  if (!(refill_per_s > 0)) return std::numeric_limits<double>::infinity();
  return (rps - burst) * (rps - burst) / (2 * refill_per_s) - (rps - burst) / 2;
}

ScalingRule Aws2022Scaling(const std::string& region) {
  ScalingRule r;
  r.burst = static_cast<double>(Aws2022BurstForRegion(region));
  r.refill_per_s = 500.0 / 60.0;
  r.description = "aws-2022 (" + region + "): " + std::to_string(Aws2022BurstForRegion(region)) +
                  " burst + 500/min per account";
  return r;
}

double RpsLimit(double concurrency_quota, double per_concurrency) {
  return concurrency_quota * per_concurrency;
}

int64_t QuotaForRps(double rps, double per_concurrency) {
  if (!(rps > 0)) return 0;
  return static_cast<int64_t>(std::ceil(rps / per_concurrency - 1e-9));
}

namespace {

WarmPoolResult Solve2d(double lambda, double mean_s, double keep_alive_s, int64_t b_lo,
                       int64_t b_hi) {
  const double mu = 1.0 / mean_s;
  const double theta = 1.0 / keep_alive_s;
  // Index of (b, i): offset[b − b_lo] + i, i ∈ [0, b_hi − b].
  const int64_t nb = b_hi - b_lo + 1;
  std::vector<int64_t> offset(static_cast<size_t>(nb + 1), 0);
  for (int64_t b = b_lo; b <= b_hi; ++b)
    offset[static_cast<size_t>(b - b_lo + 1)] =
        offset[static_cast<size_t>(b - b_lo)] + (b_hi - b + 1);
  const int64_t n = offset.back();
  auto idx = [&](int64_t b, int64_t i) { return offset[static_cast<size_t>(b - b_lo)] + i; };

  // Build A = Qᵀ (so that A·π = 0), then replace the reference state's row by Σπ = 1. (Pinning
  // π_ref = 1 instead is unstable when π_ref is tiny: the solution then spans hundreds of
  // orders of magnitude and SparseLU loses it; the normalisation row keeps |π| ≤ 1.)
  auto build_and_solve = [&](int64_t ref) -> std::vector<double> {
    std::vector<Eigen::Triplet<double>> trip;
    trip.reserve(static_cast<size_t>(n) * 5);
    for (int64_t b = b_lo; b <= b_hi; ++b) {
      for (int64_t i = 0; i <= b_hi - b; ++i) {
        const int64_t s = idx(b, i);
        double out = 0;
        auto add = [&](int64_t to, double rate) {
          if (rate <= 0) return;
          if (to != ref) trip.emplace_back(static_cast<int>(to), static_cast<int>(s), rate);
          out += rate;
        };
        if (b < b_hi) add(i > 0 ? idx(b + 1, i - 1) : idx(b + 1, 0), lambda);
        if (b > b_lo) add(idx(b - 1, i + 1), static_cast<double>(b) * mu);
        if (i > 0) add(idx(b, i - 1), static_cast<double>(i) * theta);
        if (s != ref) trip.emplace_back(static_cast<int>(s), static_cast<int>(s), -out);
      }
    }
    for (int64_t k = 0; k < n; ++k)
      trip.emplace_back(static_cast<int>(ref), static_cast<int>(k), 1.0);
    Eigen::SparseMatrix<double> a(n, n);
    a.setFromTriplets(trip.begin(), trip.end());
    Eigen::SparseLU<Eigen::SparseMatrix<double>> lu;
    lu.compute(a);
    Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n);
    rhs[ref] = 1.0;
    if (lu.info() != Eigen::Success) return {};
    Eigen::VectorXd x = lu.solve(rhs);
    if (!((a * x - rhs).norm() < 1e-9))
      return {};  // not trusted: the caller falls back to the 1-D model
    std::vector<double> pi(static_cast<size_t>(n));
    double sum = 0;
    for (int64_t k = 0; k < n; ++k) sum += (pi[static_cast<size_t>(k)] = std::max(0.0, x[k]));
    for (auto& p : pi) p /= sum;
    return pi;
  };
  const double a = lambda * mean_s;
  const int64_t b_mid = std::clamp(static_cast<int64_t>(std::llround(a)), b_lo, b_hi);
  const std::vector<double> pi = build_and_solve(idx(b_mid, 0));
  WarmPoolResult r;
  if (pi.empty()) return r;  // method "" = failed
  r.method = "ctmc-2d";
  r.states = static_cast<size_t>(n);
  for (int64_t b = b_lo; b <= b_hi; ++b) {
    for (int64_t i = 0; i <= b_hi - b; ++i) {
      const double p = pi[static_cast<size_t>(idx(b, i))];
      r.mean_busy += p * static_cast<double>(b);
      r.mean_idle += p * static_cast<double>(i);
      if (i == 0) r.cold_start_probability += p;
      if (b == b_hi || (b == b_lo && b_lo > 0) || b + i == b_hi) r.truncation_mass += p;
    }
  }
  r.mean_environments = r.mean_busy + r.mean_idle;
  return r;
}

WarmPoolResult Solve1d(double lambda, double mean_s, double keep_alive_s, int64_t n_hi) {
  const double a = lambda * mean_s;
  // B(n, a) for n = 0..n_hi, then log π_n by the product form π_{n+1}/π_n = birth_n / death_{n+1}.
  std::vector<double> erlang(static_cast<size_t>(n_hi + 1));
  erlang[0] = 1.0;
  for (int64_t k = 1; k <= n_hi; ++k) {
    const double prev = erlang[static_cast<size_t>(k - 1)];
    erlang[static_cast<size_t>(k)] = a * prev / (static_cast<double>(k) + a * prev);
  }
  std::vector<double> logpi(static_cast<size_t>(n_hi + 1), 0.0);
  for (int64_t k = 0; k < n_hi; ++k) {
    const double birth = lambda * erlang[static_cast<size_t>(k)];
    const double idle_next =
        static_cast<double>(k + 1) - a * (1.0 - erlang[static_cast<size_t>(k + 1)]);
    const double death = std::max(idle_next, 1e-300) / keep_alive_s;
    logpi[static_cast<size_t>(k + 1)] =
        logpi[static_cast<size_t>(k)] + std::log(birth) - std::log(death);
  }
  const double mx = *std::max_element(logpi.begin(), logpi.end());
  double sum = 0;
  for (auto& l : logpi) sum += (l = std::exp(l - mx));
  WarmPoolResult r;
  r.method = "quasi-static-1d";
  r.states = static_cast<size_t>(n_hi + 1);
  for (int64_t k = 0; k <= n_hi; ++k) {
    const double p = logpi[static_cast<size_t>(k)] / sum;
    r.mean_environments += p * static_cast<double>(k);
    r.cold_start_probability += p * erlang[static_cast<size_t>(k)];
  }
  r.truncation_mass = logpi[static_cast<size_t>(n_hi)] / sum;
  r.mean_busy = a;
  r.mean_idle = std::max(0.0, r.mean_environments - a);
  return r;
}

}  // namespace

double WarmPoolStates(double arrival_rate, double mean_service_s) {
  const double a = arrival_rate * mean_service_s;
  if (!(a > 0)) return 1;
  return std::ceil(a + 8.0 * std::sqrt(a) + 10.0) + 1;
}

WarmPoolResult SolveWarmPool(double arrival_rate, double mean_service_s, double keep_alive_s,
                             size_t max_states) {
  WarmPoolResult r;
  const double a = arrival_rate * mean_service_s;
  if (!(arrival_rate > 0) || !(mean_service_s > 0)) {
    r.method = "limit";
    r.cold_start_probability = arrival_rate > 0 ? 1.0 : 0.0;
    return r;
  }
  if (!(keep_alive_s > 0)) {  // every environment is reclaimed the moment it goes idle
    r.method = "limit";
    r.mean_busy = r.mean_environments = a;
    r.cold_start_probability = 1.0;
    return r;
  }
  const double spread = 8.0 * std::sqrt(a) + 10.0;
  const int64_t b_hi = static_cast<int64_t>(std::ceil(a + spread));
  if (std::isinf(
          keep_alive_s)) {  // nothing is ever reclaimed: the pool grows to the peak, no cold starts
    r.method = "limit";
    r.mean_busy = a;
    r.cold_start_probability = 0.0;
    r.mean_environments =
        static_cast<double>(b_hi);  // an upper bound: the running maximum, unbounded in time
    r.mean_idle = r.mean_environments - a;
    return r;
  }
  const int64_t b_lo = std::max<int64_t>(0, static_cast<int64_t>(std::floor(a - spread)));
  const double w = static_cast<double>(b_hi - b_lo + 1);
  const double states_2d = w * (w + 1) / 2;
  if (states_2d <= static_cast<double>(max_states)) {
    r = Solve2d(arrival_rate, mean_service_s, keep_alive_s, b_lo, b_hi);
    if (!r.method.empty()) return r;
  }
  return Solve1d(arrival_rate, mean_service_s, keep_alive_s, b_hi);
}

}  // namespace lambdasim::analytic
