// The initramfs: busybox, /init and the virtio modules, as a gzip'd newc
// cpio built with libarchive (no root, no external cpio).
#pragma once

#include <filesystem>

#include "image/guest_files.hpp"
#include "image/kernel.hpp"

namespace fcbench::image {

// Returns the cached initramfs for these inputs, building it if needed.
std::filesystem::path build_initramfs(const Kernel& kernel, const GuestFiles& guest);

}  // namespace fcbench::image
