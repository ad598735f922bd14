// The files of fc-microbenchmark, the prior tool (Bash + Python driving
// Firecracker v0.21), converted to a Workload.
//
// PROGRAMS: one program name per line; a program's ID is its line number,
// counted from 0 (blank lines keep their number but name nothing). Each
// program name must be an fcbench plugin name.
// RUNFILE: one launch per line, "ID, arg" or "ID, arg, gap_s". `arg` becomes
// one plugin parameter (param_name, or else the plugin's first parameter);
// gap_s (default 0) is the sleep after that launch, so instance k arrives at
// the sum of the gaps of the lines before it. Blank lines and lines starting
// with '#' are skipped.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "config/suite.hpp"
#include "plugin/registry.hpp"
#include "workload/spec.hpp"

namespace fcbench::workload {

struct FcMicrobenchmarkOptions {
  std::string param_name;  // empty: each plugin's first parameter
  uint32_t vcpus = config::kDefaultVcpus, mem_mib = config::kDefaultMemMib;
};

Workload convert_fc_microbenchmark(const std::filesystem::path& run_file,
                                   const std::filesystem::path& programs_file,
                                   const plugin::Registry& plugins,
                                   const FcMicrobenchmarkOptions& opt);
// Same, from text; the paths only name the files in messages and the header.
Workload parse_fc_microbenchmark(const std::string& run_text, const std::filesystem::path& run_file,
                                 const std::string& programs_text,
                                 const std::filesystem::path& programs_file,
                                 const plugin::Registry& plugins,
                                 const FcMicrobenchmarkOptions& opt);

}  // namespace fcbench::workload
