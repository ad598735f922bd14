// A plugin library loaded into this process, seen through its C ABI. Only
// the plugin host (fcbench-plugin-host) and the fuzz targets load one so:
// fcbench itself talks to plugins through plugin/host_process.
#pragma once

#include <filesystem>
#include <memory>

#include "plugin/types.hpp"

namespace boost::dll {
class shared_library;
}

namespace fcbench::plugin {

class Library {
 public:
  // Loads and checks a library (ABI, entry points, tables); throws
  // PluginError "<path>: <reason>".
  static std::unique_ptr<Library> open(const std::filesystem::path& library);
  ~Library();

  const Info& info() const { return info_; }
  // Throws PluginError carrying the plugin's message.
  Job describe_job(const ParamMap& params) const;
  // Throws PluginError "plugin '<name>': parse failed: <the plugin's message>".
  std::vector<Metric> parse(const GuestOutput& output) const;

 private:
  Library() = default;
  std::shared_ptr<boost::dll::shared_library> lib_;
  const fcb_plugin_api* api_ = nullptr;
  Info info_;
};

}  // namespace fcbench::plugin
