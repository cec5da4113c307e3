// models/metrics/statistics.cc — see statistics.h.
#include "models/metrics/statistics.h"

#include <limits>

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

}  // namespace lambdasim::stats
