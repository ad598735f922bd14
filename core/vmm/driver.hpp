// One interface for every VMM. A driver turns a VmSpec into a process whose
// combined stdout/stderr is the guest's serial console.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "util/process.hpp"

namespace fcbench::vmm {

struct VmSpec {
  std::string id;
  std::filesystem::path instance_dir;  // private (0700)
  std::filesystem::path kernel, initrd, rootfs, work_disk, channel;
  uint32_t vcpus = 1;
  uint32_t mem_mib = 256;
  std::string accel;   // resolved: kvm | tcg
  bool probe = false;  // boot only to the probe marker, no drives
};

class Driver {
 public:
  virtual ~Driver() = default;
  virtual std::string name() const = 0;
  // e.g. "QEMU emulator version 7.2.19"; throws UserError if not installed.
  virtual std::string version() const = 0;
  // auto | kvm | tcg → kvm | tcg (auto may boot a probe guest).
  virtual std::string resolve_accel(const std::string& requested,
                                    const VmSpec& probe_spec) const = 0;
  // The exact command that runs this VM (what --dry-run prints).
  virtual std::vector<std::string> command(const VmSpec& spec) const = 0;
  // Starts the VM; the child's out_fd carries the serial console.
  virtual Child start(const VmSpec& spec) const { return spawn(command(spec)); }
};

std::unique_ptr<Driver> make_driver(const std::string& name);  // throws UserError
std::set<std::string> driver_names();

// Kernel command line shared by all drivers: serial console, panic reboots,
// the block devices in the order drivers attach them, plus the driver's
// `extra` (how the guest reboots, clock hints).
std::string guest_cmdline(const VmSpec& spec, const std::string& extra);

}  // namespace fcbench::vmm
