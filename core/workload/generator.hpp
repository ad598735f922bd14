// Spec + seed → instances. Pure: no I/O, no clock, no global state.
#pragma once

#include <cstdint>
#include <vector>

#include "workload/spec.hpp"

namespace fcbench::workload {

// Arrival offsets in ns, sorted, exactly spec.instances of them.
// - poisson: exponential gaps with rate instances / duration_s; the count is
//   exact, so the last arrival may fall a little before or after duration_s.
// - uniform: independent uniform offsets in [0, duration_s), sorted.
// - burst: `size` instances at 0, interval_s, 2 * interval_s, ...
// - trace: the trace's offsets, sorted.
std::vector<int64_t> arrivals(const Spec& spec, uint64_t seed);

// The instances of `spec` (ids w000001... in arrival order). Arrivals and
// the mix draw from separate streams of the seed, so editing the mix leaves
// the arrival times unchanged.
std::vector<Instance> generate(const Spec& spec, uint64_t seed);

}  // namespace fcbench::workload
