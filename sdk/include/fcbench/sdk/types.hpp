// fcbench plugin SDK: the types a plugin declares, receives and returns.
#ifndef FCBENCH_SDK_TYPES_HPP
#define FCBENCH_SDK_TYPES_HPP

#include <fcbench/plugin.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fcbench::sdk {

// Bad parameters or bad output; the message reaches the user.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class ParamType {
  Int = FCB_PARAM_INT,
  Float = FCB_PARAM_FLOAT,
  String = FCB_PARAM_STRING,
  Bool = FCB_PARAM_BOOL
};
enum class Better { Higher = FCB_HIGHER_IS_BETTER, Lower = FCB_LOWER_IS_BETTER };

struct ParamDef {
  std::string name;
  ParamType type;
  std::string default_value;
  std::string doc;
};

struct PayloadFile {
  fcb_file_kind kind;
  std::string source;
  std::string guest_path;
  // A file shipped with the plugin, relative to the plugin library's directory.
  static PayloadFile bundled(std::string src, std::string guest) {
    return {FCB_FILE_PLUGIN, std::move(src), std::move(guest)};
  }
  // A host executable, installed with its shared-library closure.
  static PayloadFile host_binary(std::string src, std::string guest) {
    return {FCB_FILE_HOST_BINARY, std::move(src), std::move(guest)};
  }
};

struct Info {
  std::string name, version, description;
  std::vector<ParamDef> params;
  std::vector<PayloadFile> files;
};

struct Requirements {
  uint32_t min_vcpus = 1;
  uint32_t min_mem_mib = 64;
  uint32_t write_disk_mib = 32;
};

struct Job {
  std::vector<std::string> argv;
  std::vector<std::string> result_files;
  Requirements requirements;
};

struct Metric {
  std::string name;
  double value;
  std::string unit;
  Better better;
};

// Parameter values, all present and in canonical text form.
class Params {
 public:
  Params() = default;
  Params(const fcb_kv* kv, size_t n) {
    for (size_t i = 0; i < n; ++i) values_[kv[i].name] = kv[i].value;
  }
  const std::string& str(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw Error("missing parameter '" + name + "'");
    return it->second;
  }
  int64_t integer(const std::string& name) const {
    const std::string& s = str(name);
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || errno != 0)
      throw Error("parameter '" + name + "' is not an integer: '" + s + "'");
    return v;
  }
  double number(const std::string& name) const {
    const std::string& s = str(name);
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0')
      throw Error("parameter '" + name + "' is not a number: '" + s + "'");
    return v;
  }
  bool boolean(const std::string& name) const { return str(name) == "true"; }
  const std::map<std::string, std::string>& all() const { return values_; }

 private:
  std::map<std::string, std::string> values_;
};

// What the guest returned; the views are valid only during parse().
struct Output {
  Params params;
  std::string_view out, err;
  int exit_status = 0;
  int term_signal = 0;
  std::map<std::string, std::string_view> files;
  int64_t guest_payload_ns = 0;
  int64_t time_to_payload_ns = 0;

  std::optional<std::string_view> file(const std::string& path) const {
    auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return it->second;
  }
};

}  // namespace fcbench::sdk

#endif  // FCBENCH_SDK_TYPES_HPP
