// The workload file: JSON Lines, a header object then one instance a line.
#pragma once

#include <cstdint>
#include <string>

#include "workload/spec.hpp"

namespace fcbench::workload {

inline constexpr const char* kWorkloadFormat = "fcbench-workload-1";

// {"format", "spec", "seed", "fcbench_version"}; seed may be null.
nlohmann::ordered_json make_header(const nlohmann::ordered_json& spec,
                                   const nlohmann::ordered_json& seed);

// {"id","arrival_ns","plugin","params","vcpus","mem_mib"}, compact.
std::string instance_line(const Instance& inst);
// The whole file, each line ending in '\n'.
std::string to_jsonl(const Workload& w);

}  // namespace fcbench::workload
