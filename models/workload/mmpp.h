// models/workload/mmpp.h — the stationary law of a Markov-modulated Poisson process.
//
// An MMPP is a continuous-time Markov chain over states i = 0..n−1 with per-state Poisson
// rates λ_i and transition rates q_ij (i ≠ j, per second). Its generator Q has the q_ij off
// the diagonal and −Σ_j q_ij on it; the stationary distribution π solves πQ = 0, Σπ = 1,
// and the long-run arrival rate is Σ π_i λ_i. Solved with Eigen (dense; n is small).
#pragma once

#include <string>
#include <vector>

namespace lambdasim {

struct MmppStationary {
  bool ok = false;
  std::string error;               // when !ok: why (reducible chain, absorbing state, …)
  std::vector<double> stationary;  // π
  double long_run_rate_per_s = 0;  // Σ π_i λ_i
};

// `transitions[i][j]` (i ≠ j) are per-second rates ≥ 0; the diagonal is ignored. The chain
// must be irreducible (every state reachable from every other), else π is not unique and
// `error` names the problem; a single state is trivially irreducible.
MmppStationary SolveMmppStationary(const std::vector<double>& rates_per_s,
                                   const std::vector<std::vector<double>>& transitions,
                                   const std::vector<std::string>& state_names);

}  // namespace lambdasim
