// The `native` backend: no VM. The plugin's payload runs directly on the host
// in a private working directory that stands in for the guest's /work disk,
// giving the baseline for virtualization-overhead comparisons.
#pragma once

#include <string>
#include <vector>

#include "vmm/driver.hpp"

namespace fcbench::vmm {

class NativeDriver : public Driver {
 public:
  std::string name() const override { return "native"; }
  std::string version() const override;  // "native (Linux <release>)"
  // Always "none": nothing is virtualized. kvm or tcg is refused.
  std::string resolve_accel(const std::string& requested, const VmSpec&) const override;
  // The payload argv with guest paths mapped to the host: payload files to
  // their host source, /work[/...] to the instance's private directory.
  std::vector<std::string> command(const VmSpec& spec) const override;
  // Runs the payload in work_disk (a private directory) with only PATH and
  // HOME (= that directory) set, as the guest agent does; its stdout and
  // stderr come back on the child's out_fd and err_fd pipes.
  Child start(const VmSpec& spec) const override;
  bool is_vm() const override { return false; }
  std::string dry_run_note(const VmSpec&) const override;
};

}  // namespace fcbench::vmm
