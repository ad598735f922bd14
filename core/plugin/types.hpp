// What fcbench and a plugin exchange, in C++ terms: the values behind the C
// ABI of <fcbench/plugin.h>, shared by the in-process library and its host.
#pragma once

#include <fcbench/plugin.h>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace fcbench::plugin {

struct PluginError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using ParamMap = std::map<std::string, std::string>;

struct ParamDef {
  std::string name;
  fcb_param_type type;
  std::string default_value;
  std::string doc;
};

struct PayloadFile {
  fcb_file_kind kind;
  std::string source;  // resolved: absolute host path for FCB_FILE_PLUGIN
  std::string guest_path;
};

struct Job {
  std::vector<std::string> argv;
  std::vector<std::string> result_files;
  fcb_requirements requirements{};
};

struct Metric {
  std::string name;
  double value = 0;
  std::string unit;
  bool higher_is_better = true;
};

struct GuestOutput {
  ParamMap params;
  std::string out, err;
  int exit_status = 0;
  int term_signal = 0;
  std::vector<std::pair<std::string, std::string>> files;
  int64_t guest_payload_ns = 0;
  int64_t time_to_payload_ns = 0;
};

// What a library says about itself when it is loaded.
struct Info {
  std::string name, version, description;
  uint32_t abi_major = 0, abi_minor = 0;
  std::vector<ParamDef> params;
  std::vector<PayloadFile> files;
};

const char* type_name(fcb_param_type t);

}  // namespace fcbench::plugin
