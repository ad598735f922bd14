// `fcbench pack build`: builds a pack's plugins with CMake against this
// fcbench's SDK, then writes one reproducible archive (NAME-VERSION.fcpack)
// holding pack.yaml, plugins/ (.so files and payloads), suites, docs and a
// SHA256SUMS of every other file.
#pragma once

#include <filesystem>
#include <string>

#include "pack/manifest.hpp"

namespace fcbench::pack {

struct BuildOptions {
  std::filesystem::path out;      // the archive; empty: ./NAME-VERSION.fcpack
  std::filesystem::path sdk_dir;  // fcbench-sdkConfig.cmake's directory
  unsigned jobs = 2;              // parallel compile jobs
  std::string sign_key;           // gpg key id: also write OUT.sig
};

struct Built {
  Manifest manifest;
  std::filesystem::path archive;
  size_t files = 0;
};

// Throws UserError: exit 2 for a bad pack.yaml or an SDK range that excludes
// this fcbench, 1 when CMake or gpg fails (with their output).
Built build_pack(const std::filesystem::path& src, const BuildOptions& opt);

// This fcbench's plugin ABI version (FCB_ABI_MAJOR.FCB_ABI_MINOR.0).
Version sdk_version();

}  // namespace fcbench::pack
