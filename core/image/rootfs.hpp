// The shared read-only rootfs: busybox, the guest agent and the payload
// files of the plugins in use, as an ext4 image built with `mkfs.ext4 -d`
// (no root, no mount) and cached by a content hash of its inputs.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "image/guest_files.hpp"
#include "plugin/plugin.hpp"

namespace fcbench::image {

struct Rootfs {
  std::filesystem::path path;
  std::string hash;    // content hash of the inputs (cache key)
  bool built = false;  // false: taken from the cache
};

// A file to place in the image: host source → absolute guest path.
struct StagedFile {
  std::filesystem::path source;
  std::string guest_path;
  std::string owner;  // plugin name, for conflict messages
};

// The files each plugin needs, host binaries with their shared-library
// closure. Throws UserError naming a missing file.
std::vector<StagedFile> payload_files(
    const std::vector<std::shared_ptr<const plugin::Plugin>>& plugins);

Rootfs build_rootfs(const GuestFiles& guest, const std::vector<StagedFile>& files);

}  // namespace fcbench::image
