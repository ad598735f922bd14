// The environment a record was produced in.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace fcbench::run {

// Host kernel, CPU model and count, fcbench version; callers add the VMM
// version, guest kernel and rootfs hash.
nlohmann::json host_env();

}  // namespace fcbench::run
