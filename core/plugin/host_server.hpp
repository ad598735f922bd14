// The plugin host's side (fcbench-plugin-host LIBRARY): loads one library
// and answers fcbench's requests on one socket (see plugin/wire.hpp).
#pragma once

#include <filesystem>

namespace fcbench::plugin {

// Serves `library` on `fd` until fcbench closes it or dies; returns the
// exit status. A library that does not load answers every request with the
// reason. Plugin output on stdout goes to stderr: fd 1 is not fcbench's.
int serve_plugin(const std::filesystem::path& library, int fd);

}  // namespace fcbench::plugin
