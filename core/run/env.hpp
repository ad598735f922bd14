// The environment a record was produced in.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace fcbench::run {

// Host kernel, CPU model and count, fcbench version; callers add the VMM
// version, guest kernel and rootfs hash.
nlohmann::json host_env();

}  // namespace fcbench::run
