// The "check limits" stage of a run: before anything is built, the open
// files and processes the run needs at its peak must fit the process's
// limits (soft limits are raised when the hard ones allow; else UserError,
// exit 2), and guest memory at the peak is held against what is free.
#pragma once

#include "run/plan.hpp"

namespace fcbench::run {

// The peak the plan can reach (run/limits' peak_instances).
size_t plan_peak(const Plan& plan);
// Checks the limits for plan_peak(); prints notes and the memory warning.
void check_resources(const Plan& plan);

}  // namespace fcbench::run
