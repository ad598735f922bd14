// The environment a run's numbers were produced in: everything that decides
// whether two runs compare (host, host settings as applied, VMMs, guest
// kernels, rootfs, plugins, fcbench, suite). The host's part comes from
// host/fingerprint; each record carries a summary derived from it, so the
// two never disagree. run/env_file stores the document.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host/session.hpp"
#include "run/assets.hpp"
#include "run/instance.hpp"

namespace fcbench::run {

// The env.json document, from the host's fingerprint and one placed
// instance of each benchmark the run has (Placer::samples).
nlohmann::json run_env(const nlohmann::json& host_fingerprint, const host::Session& session,
                       const Assets& assets, const std::vector<Placed>& plan,
                       const std::string& source_sha256);

// What every record's `env` starts with: host kernel, arch, CPU model and
// count, per-instance cgroups (null in a dry run), and the fcbench version.
// Planning adds the VMM, guest kernel, rootfs and plugin.
nlohmann::json record_env(const nlohmann::json& host_fingerprint);

}  // namespace fcbench::run
