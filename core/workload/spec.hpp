// Workload specs and generated workloads: plain data, no behaviour.
#pragma once

#include <fcbench/plugin.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/suite.hpp"

namespace fcbench::workload {

// The latest arrival a workload may have: 30 days, in ns (start + arrival
// stays far from int64 overflow).
inline constexpr int64_t kMaxArrivalNs = int64_t(30) * 86400 * 1000000000;
inline constexpr double kMaxArrivalS = 30.0 * 86400;

enum class Process { Poisson, Uniform, Burst, Trace };
const char* process_name(Process p);

struct Arrival {
  Process process = Process::Poisson;
  uint32_t burst_size = 1;              // burst
  double interval_s = 0;                // burst
  std::string trace_file;               // trace, as written in the spec
  std::vector<double> trace_offsets_s;  // trace, in file order
};

// How one parameter's value is drawn for each instance. Values are kept in
// the canonical text form of plugin::canonical_param.
struct ParamDist {
  enum class Kind { Fixed, Choice, UniformInt, Uniform };
  Kind kind = Kind::Fixed;
  fcb_param_type type = FCB_PARAM_STRING;
  std::vector<std::string> values;  // Fixed: one; Choice: the choices
  std::vector<double> weights;      // Choice: empty means equal weights
  int64_t lo_int = 0, hi_int = 0;   // UniformInt, inclusive
  double lo = 0, hi = 0;            // Uniform, [lo, hi)
  bool from_default = false;        // filled from the plugin's default
};

struct MixEntry {
  double weight = 1;
  std::string plugin;
  std::map<std::string, ParamDist> params;  // every parameter of the plugin
  config::Location where;
};

struct Spec {
  std::optional<uint64_t> seed;
  uint64_t instances = 0;
  double duration_s = 0;
  Arrival arrival;
  uint32_t vcpus = config::kDefaultVcpus, mem_mib = config::kDefaultMemMib;
  std::vector<MixEntry> mix;
};

// The spec in canonical JSON form, for the workload file's header.
nlohmann::ordered_json to_json(const Spec& spec);

inline constexpr uint32_t kNoShape = ~uint32_t(0);

struct Instance {
  std::string id;  // "w000001", unique, in arrival order
  int64_t arrival_ns = 0;
  std::string plugin;
  nlohmann::ordered_json params;  // typed values, keys sorted
  uint32_t vcpus = config::kDefaultVcpus, mem_mib = config::kDefaultMemMib;
  config::Location where;  // what it came from, for error messages
  // The reader's key for (plugin, params) when it has seen them before:
  // within one reading, equal shapes mean equal plugin and params.
  uint32_t shape = kNoShape;
};

struct Workload {
  nlohmann::ordered_json header;
  std::vector<Instance> instances;  // sorted by arrival_ns
};

// A canonical text value as a typed JSON value (numbers as numbers; text
// that does not parse as its type stays a string).
nlohmann::ordered_json typed_value(fcb_param_type type, const std::string& text);
// Back to the canonical text the plugin ABI takes.
std::string text_value(const nlohmann::ordered_json& v);

// "w000001" for 1.
std::string instance_id(uint64_t n);

}  // namespace fcbench::workload
