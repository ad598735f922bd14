// Asks each instance's plugin whether it accepts the drawn parameters and
// the VM size (describe_job), once per distinct (plugin, params).
#pragma once

#include <vector>

#include "plugin/registry.hpp"
#include "workload/spec.hpp"

namespace fcbench::workload {

// Throws ConfigError at the instance's `where` on the first rejection.
void check_instances(const std::vector<Instance>& instances, const plugin::Registry& plugins);
// The same for one instance's configuration.
void check_configuration(const Instance& inst, const plugin::Registry& plugins);

}  // namespace fcbench::workload
