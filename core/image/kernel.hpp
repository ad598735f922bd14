// The guest kernel and the modules the initramfs loads.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace fcbench::image {

struct Kernel {
  std::filesystem::path image;                 // bzImage (QEMU) as found
  std::string release;                         // e.g. 6.1.0-56-cloud-amd64
  std::vector<std::filesystem::path> modules;  // in load order; may be empty
  std::filesystem::path vmlinux;               // ELF (Firecracker); set when a VMM needs it
};

// Modules the initramfs loads, in the only order that resolves symbols.
inline const std::vector<std::string> kVirtioModules = {"virtio_ring", "virtio", "virtio_mmio",
                                                        "virtio_blk"};

// `override_path` empty: the kernel ./setup.sh put in <cache>/kernel.
// Otherwise that file, with modules from a "modules/" directory beside it
// if there is one (else the kernel must have virtio-blk built in).
// Throws UserError naming what is missing and how to get it.
Kernel find_kernel(const std::string& override_path = "");

}  // namespace fcbench::image
