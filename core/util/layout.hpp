// Where fcbench's own files are, found from the running executable, so that
// both a build tree and an install prefix work and a prefix can be moved.
//
//   build tree:  <build>/fcbench, <build>/plugins/, <build>/guest/, <build>/sdk/
//   installed:   <P>/bin/fcbench, <P>/lib/fcbench/plugins/, <P>/lib/fcbench/guest/,
//                <P>/lib/cmake/fcbench-sdk/
#pragma once

#include <filesystem>

namespace fcbench {

struct Layout {
  bool installed = false;         // <exe_dir>/../lib/fcbench exists
  std::filesystem::path plugins;  // the built-in plugins and their payloads
  std::filesystem::path guest;    // init and fcbench-agent
  std::filesystem::path sdk;      // the SDK's CMake package (fcbench-sdkConfig.cmake)
};

// <exe_dir>/../lib/fcbench/ for an installed fcbench.
std::filesystem::path install_data_dir(const std::filesystem::path& exe_dir);
// The install layout when install_data_dir(exe_dir) is a directory, else the
// build tree's.
Layout layout_for(const std::filesystem::path& exe_dir);
// layout_for(self_dir()).
Layout self_layout();

}  // namespace fcbench
