// The host-setting flags of `fcbench run`: --smt, --governor, --turbo,
// --drop-caches, --strict-host, --pin, --cpuset.
#pragma once

#include <string>

#include "cli/options.hpp"
#include "host/settings.hpp"

namespace fcbench::cli {

struct HostFlags {
  std::string smt, governor, turbo, cpuset;
};

void add_host_options(po::options_description& o, HostFlags& flags);
// What the command line set; throws UserError (exit code 2) on a bad value.
host::Overrides host_overrides(const po::variables_map& vm, const HostFlags& flags);

}  // namespace fcbench::cli
