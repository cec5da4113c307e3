// models/metrics/statistics.h — small statistics used to summarise replications.
//
// Our own code (no library quantile functions), so confidence intervals are the same on
// every machine.
#pragma once

namespace lambdasim::stats {

// Student t quantile t_{0.975, dof} for 95 % two-sided confidence intervals: exact table
// for dof <= 30, Cornish-Fisher expansion beyond (|error| < 1e-6); +infinity for dof < 1.
double StudentT975(int dof);

}  // namespace lambdasim::stats
