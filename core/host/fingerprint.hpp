// The host half of the environment fingerprint (DIR/env.json): CPU and
// topology, NUMA, kernel and its command line, KVM module parameters.
// Everything is read through Sysfs; nothing that varies between two runs
// on an unchanged host (time, pids, load) is included.
#pragma once

#include <nlohmann/json.hpp>

#include "host/sysfs.hpp"

namespace fcbench::host {

nlohmann::json host_fingerprint(const Sysfs& sys);

}  // namespace fcbench::host
