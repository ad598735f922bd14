// The accelerator probe's verdict, cached per host boot and VMM version.
#pragma once

#include <optional>
#include <string>

namespace fcbench::vmm {

struct AccelVerdict {
  bool kvm_ok = false;
  std::string reason;
};

// Key: /proc/sys/kernel/random/boot_id + vmm version string.
std::optional<AccelVerdict> cached_verdict(const std::string& vmm_version);
void store_verdict(const std::string& vmm_version, const AccelVerdict& v);

}  // namespace fcbench::vmm
