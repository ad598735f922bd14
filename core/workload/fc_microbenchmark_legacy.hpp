// The files of fc-microbenchmark, the prior tool (Bash + Python driving
// Firecracker v0.21), converted to a Workload.
//
// PROGRAMS: the program list (fc_microbenchmark_legacy_programs): a
// program's ID is its line number, counted from 0. A name is one of the
// prior tool's programs (primenumber, dd-workload, stream: the argument sets
// the parameter it meant there) or an fcbench plugin name.
// RUNFILE: one launch per line, "ID, arg" or "ID, arg, gap_s". For a plugin
// name, `arg` sets param_name, or else the plugin's first parameter; gap_s
// (default 0) is the sleep after that launch, so instance k arrives at the
// sum of the gaps of the lines before it. Blank lines and lines starting
// with '#' are skipped.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "config/suite.hpp"
#include "plugin/registry.hpp"
#include "workload/fc_microbenchmark_legacy_programs.hpp"
#include "workload/spec.hpp"

namespace fcbench::workload {

struct FcMicrobenchmarkOptions {
  std::string param_name;  // for plugin names; empty: each plugin's first parameter
  uint32_t vcpus = kLegacyVcpus, mem_mib = kLegacyMemMib;  // as the prior tool ran them
};

// Throws UserError (exit 2) if RUNFILE is missing, ConfigError
// "RUNFILE:LINE:COL: ..." for a malformed line.
Workload convert_fc_microbenchmark(const std::filesystem::path& run_file,
                                   const ProgramList& programs, const plugin::Registry& plugins,
                                   const FcMicrobenchmarkOptions& opt);
// Same, from text; the path only names the file in messages and the header.
Workload parse_fc_microbenchmark(const std::string& run_text, const std::filesystem::path& run_file,
                                 const ProgramList& programs, const plugin::Registry& plugins,
                                 const FcMicrobenchmarkOptions& opt);

}  // namespace fcbench::workload
