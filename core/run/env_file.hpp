// DIR/env.json: one document per run with everything that decides whether
// two runs' numbers compare (host, host settings as applied, VMMs, guest
// kernels, rootfs, fcbench, suite). Its hash, env_id, goes on every record.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/suite.hpp"
#include "host/session.hpp"
#include "host/sysfs.hpp"
#include "run/assets.hpp"
#include "run/instance.hpp"

namespace fcbench::run {

nlohmann::json run_env(const host::Sysfs& sys, const host::Session& session, const Assets& assets,
                       const std::vector<Instance>& plan, const std::string& source_sha256);

// sha256 of the compact dump with sorted keys (nlohmann::json::dump()).
std::string env_id(const nlohmann::json& env);

}  // namespace fcbench::run
