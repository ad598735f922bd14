// Everything a set of benchmarks needs before the first VM starts: rootfs,
// kernels, initramfs, VMM drivers and the resolved accelerators.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/suite.hpp"
#include "image/guest_files.hpp"
#include "image/kernel.hpp"
#include "image/rootfs.hpp"
#include "plugin/registry.hpp"
#include "vmm/driver.hpp"

namespace fcbench::run {

struct Assets {
  image::GuestFiles guest;
  image::Rootfs rootfs;
  std::map<std::string, image::Kernel> kernels;          // by 'kernel:' value ("" = default)
  std::map<std::string, std::filesystem::path> initrds;  // same keys
  std::map<std::string, std::unique_ptr<vmm::Driver>> drivers;
  std::map<std::string, std::string> accels;  // accel_key() → kvm | tcg

  static std::string accel_key(const config::VmSettings& vm) {
    return vm.vmm + "|" + vm.kernel + "|" + vm.accel;
  }
  const vmm::Driver& driver(const config::VmSettings& vm) const { return *drivers.at(vm.vmm); }
};

// Builds or finds every asset (an ELF vmlinux too, for VMMs that need
// one); progress goes to stderr. Throws UserError.
Assets prepare_assets(const std::vector<config::Benchmark>& benches,
                      const plugin::Registry& plugins, const vmm::DriverOptions& dopt = {});

// The kernel file `drv` boots for this kernel entry.
inline const std::filesystem::path& kernel_for(const image::Kernel& k, const vmm::Driver& drv) {
  return drv.needs_elf_kernel() ? k.vmlinux : k.image;
}

}  // namespace fcbench::run
