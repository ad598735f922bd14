// A loaded plugin library, seen through the C ABI of <fcbench/plugin.h>.
#pragma once

#include <fcbench/plugin.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace boost::dll {
class shared_library;
}

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

const char* type_name(fcb_param_type t);

// Where a plugin's bytes came from, so a number can be traced to them: the
// pack it was installed with (empty for none) and the library's SHA-256.
struct Source {
  std::string pack, pack_version;
  std::string sha256;
};

class Plugin {
 public:
  // Loads and checks a plugin library; throws PluginError with the reason.
  // `origin` names its pack, if any; the SHA-256 is computed here.
  static std::shared_ptr<const Plugin> load(const std::filesystem::path& library,
                                            const Source& origin = {});
  ~Plugin();

  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  const std::string& description() const { return description_; }
  const std::vector<ParamDef>& params() const { return params_; }
  const std::vector<PayloadFile>& payload_files() const { return files_; }
  const std::filesystem::path& library_path() const { return path_; }
  const Source& source() const { return source_; }
  std::pair<uint32_t, uint32_t> abi() const { return {api_->abi_major, api_->abi_minor}; }
  const ParamDef* find_param(const std::string& name) const;

  // Defaults filled in for any parameter not given.
  ParamMap with_defaults(const ParamMap& given) const;
  // Throws PluginError carrying the plugin's message.
  Job describe_job(const ParamMap& params) const;
  // Throws PluginError "plugin '<name>': parse failed: <the plugin's message>".
  std::vector<Metric> parse(const GuestOutput& output) const;

 private:
  Plugin() = default;
  void read_params(const std::string& where);         // from the table; throws PluginError
  void read_payload_files(const std::string& where);  // likewise; relative sources resolved
  std::shared_ptr<boost::dll::shared_library> lib_;
  const fcb_plugin_api* api_ = nullptr;
  std::filesystem::path path_;
  std::string name_, version_, description_;
  std::vector<ParamDef> params_;
  std::vector<PayloadFile> files_;
  Source source_;
};

}  // namespace fcbench::plugin
