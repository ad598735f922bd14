// Suite configuration: plain data, no behaviour.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "host/settings.hpp"

namespace fcbench::config {

using ParamMap = std::map<std::string, std::string>;

// Where something was written: "file:line:col".
struct Location {
  std::string file;
  int line = 0, col = 0;
  std::string str() const;
};

struct VmSettings {
  std::string vmm = "qemu";
  std::string accel = "auto";  // auto | kvm | tcg
  uint32_t vcpus = 1;
  uint32_t mem_mib = 256;
  uint32_t repetitions = 1;
  double timeout_s = 120;
  std::string kernel;  // empty: the cached Debian cloud kernel
};

struct Benchmark {
  std::string name;  // unique within the suite
  std::string plugin;
  ParamMap params;  // complete (defaults filled), canonical text form
  VmSettings vm;
  Location where;
};

struct Suite {
  std::string name;
  std::filesystem::path file;
  std::string sha256;  // of the suite file's bytes
  VmSettings defaults;
  std::vector<Benchmark> benchmarks;
  host::Settings host;  // the `host:` block; command-line flags override it
};

}  // namespace fcbench::config
