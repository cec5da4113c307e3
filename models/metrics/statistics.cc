// models/metrics/statistics.cc — see statistics.h.
#include "models/metrics/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace lambdasim::stats {

double StudentT975(int dof) {
  // t_{0.975, dof}, dof = 1..30.
  static constexpr double kTable[30] = {
      12.706204736174704, 4.302652729749464,  3.182446305284263,  2.7764451051977934,
      2.5705818356363146, 2.4469118511449692, 2.3646242515927844, 2.306004135204166,
      2.2621571628540993, 2.2281388519649385, 2.200985160082949,  2.1788128296634177,
      2.1603686564610127, 2.1447866879169273, 2.131449545559323,  2.1199052992210112,
      2.1098155778331806, 2.10092204024096,   2.093024054408263,  2.0859634472658364,
      2.0796138447276626, 2.0738730679040147, 2.0686576104190406, 2.0638985616280205,
      2.059538552753294,  2.055529438642871,  2.0518305164802833, 2.048407141795244,
      2.045229642132703,  2.0422724563012373};
  if (dof < 1) return std::numeric_limits<double>::infinity();
  if (dof <= 30) return kTable[dof - 1];
  // Cornish–Fisher expansion of the t quantile around the normal quantile z.
  const double z = 1.959963984540054;
  const double n = static_cast<double>(dof);
  const double z2 = z * z, z3 = z2 * z, z5 = z3 * z2, z7 = z5 * z2, z9 = z7 * z2;
  return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n) +
         (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * n * n * n * n);
}

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// Continued fraction of the incomplete beta (Lentz), valid for x < (a + 1) / (a + b + 2).
double BetaContinuedFraction(double x, double a, double b) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = 1e-15;
  const double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1, d = 1 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double md = m;
    const double m2 = 2 * md;
    double aa = md * (b - md) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + md) * (qab + md) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < kEps) break;
  }
  return h;
}

}  // namespace

double RegularizedIncompleteBeta(double x, double a, double b) {
  if (std::isnan(x) || std::isnan(a) || std::isnan(b) || a <= 0 || b <= 0) return kNan;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  if (x < (a + 1) / (a + b + 2)) return front * BetaContinuedFraction(x, a, b) / a;
  return 1 - front * BetaContinuedFraction(1 - x, b, a) / b;
}

double StudentTTwoSidedP(double t, double dof) {
  if (std::isnan(t) || std::isnan(dof) || dof <= 0) return kNan;
  if (std::isinf(t)) return 0;
  const double p = RegularizedIncompleteBeta(dof / (dof + t * t), dof / 2, 0.5);
  return std::clamp(p, 0.0, 1.0);
}

WelchResult WelchTest(double mean_a, double sd_a, uint64_t n_a, double mean_b, double sd_b,
                      uint64_t n_b) {
  WelchResult r;
  if (n_a < 2 || n_b < 2 || std::isnan(mean_a) || std::isnan(mean_b) || std::isnan(sd_a) ||
      std::isnan(sd_b))
    return WelchResult{kNan, kNan, kNan};
  const double na = static_cast<double>(n_a), nb = static_cast<double>(n_b);
  const double va = sd_a * sd_a / na, vb = sd_b * sd_b / nb;
  const double diff = mean_b - mean_a;
  if (va + vb == 0) {
    r.dof = na + nb - 2;
    if (diff == 0) return WelchResult{0, r.dof, 1};
    return WelchResult{diff > 0 ? HUGE_VAL : -HUGE_VAL, r.dof, 0};
  }
  r.t = diff / std::sqrt(va + vb);
  r.dof = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
  r.p = StudentTTwoSidedP(r.t, r.dof);
  return r;
}

Interval Wilson95(uint64_t successes, uint64_t trials) {
  if (trials == 0 || successes > trials) return Interval{kNan, kNan};
  constexpr double z = 1.959963984540054;
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2n = z * z / n;
  const double centre = (p + z2n / 2) / (1 + z2n);
  const double half = z * std::sqrt(p * (1 - p) / n + z2n / (4 * n)) / (1 + z2n);
  // Exact ends at 0 and n successes (the formula gives them up to rounding).
  const double lo = successes == 0 ? 0.0 : std::max(0.0, centre - half);
  const double hi = successes == trials ? 1.0 : std::min(1.0, centre + half);
  return Interval{lo, hi};
}

Interval ClampedT95(double mean, double sd, uint64_t n, double lower_bound, double upper_bound) {
  if (n < 2 || std::isnan(mean) || std::isnan(sd)) return Interval{kNan, kNan};
  const double half = StudentT975(static_cast<int>(std::min<uint64_t>(n - 1, uint64_t{1} << 30))) *
                      sd / std::sqrt(static_cast<double>(n));
  return Interval{std::clamp(mean - half, lower_bound, upper_bound),
                  std::clamp(mean + half, lower_bound, upper_bound)};
}

PooledRate PooledRateOf(std::string_view key) {
  if (key == "throttle_rate") return PooledRate{"throttles", "requests"};
  if (key == "cold_start_rate") return PooledRate{"cold_starts", "invocations"};
  if (key == "error_rate") return PooledRate{"errors", "invocations"};
  return PooledRate{};
}

namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

}  // namespace

Interval MetricInterval95(std::string_view key, const std::vector<double>& values,
                          const std::vector<double>& numerators,
                          const std::vector<double>& denominators, double cap) {
  const size_t n = values.size();
  if (n < 2) return Interval{kNan, kNan};
  double sum = 0;
  for (double x : values) sum += x;  // in order: deterministic
  const double mean = sum / static_cast<double>(n);
  if (std::isnan(mean)) return Interval{kNan, kNan};
  double ss = 0;
  for (double x : values) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / static_cast<double>(n - 1));
  const double inf = std::numeric_limits<double>::infinity();
  const PooledRate pooled = PooledRateOf(key);
  if (pooled.numerator) {
    if (numerators.size() == n && denominators.size() == n) {
      double s = 0, t = 0;
      for (size_t i = 0; i < n; ++i) {
        s += numerators[i];
        t += denominators[i];
      }
      if (s >= 0 && t >= s && t > 0 && t < 1.8e19)
        return Wilson95(static_cast<uint64_t>(std::llround(s)),
                        static_cast<uint64_t>(std::llround(t)));
    }
    return ClampedT95(mean, sd, n, 0, 1);
  }
  if (EndsWith(key, "_rate") || key == "headroom") return ClampedT95(mean, sd, n, 0, 1);
  if (key == "concurrency_max") return ClampedT95(mean, sd, n, 0, cap > 0 ? cap : inf);
  bool non_negative = true;
  for (double x : values) non_negative = non_negative && x >= 0;
  const bool bounded_below =
      StartsWith(key, "requests") || StartsWith(key, "invocations") || StartsWith(key, "errors") ||
      StartsWith(key, "throttles") || StartsWith(key, "cold_starts") ||
      StartsWith(key, "timeouts") || StartsWith(key, "latency_") || StartsWith(key, "duration_") ||
      StartsWith(key, "cost_") || StartsWith(key, "monthly_cost") ||
      StartsWith(key, "concurrency_") || StartsWith(key, "environments_") ||
      EndsWith(key, "_max") || EndsWith(key, "_ms") || EndsWith(key, "_s") || EndsWith(key, "_usd");
  return ClampedT95(mean, sd, n, bounded_below && non_negative ? 0 : -inf, inf);
}

}  // namespace lambdasim::stats
