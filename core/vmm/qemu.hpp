// QEMU `microvm` driver: virtio-mmio disks, serial console on stdio.
#pragma once

#include "vmm/driver.hpp"

namespace fcbench::vmm {

class QemuDriver : public Driver {
 public:
  // $FCBENCH_QEMU, else qemu-system-x86_64 from PATH.
  QemuDriver();
  std::string name() const override { return "qemu"; }
  std::string version() const override;
  std::string resolve_accel(const std::string& requested, const VmSpec& probe_spec) const override;
  std::vector<std::string> command(const VmSpec& spec) const override;

 private:
  std::string binary_;
  mutable std::string version_;
};

}  // namespace fcbench::vmm
