// Firecracker driver: API-socket mode (the default) or config-file mode,
// optionally through the jailer. Firecracker's stdout is the guest's serial
// console; its log file carries the boot timer's measurement.
#pragma once

#include <string>

#include "vmm/driver.hpp"
#include "vmm/firecracker_config.hpp"
#include "vmm/firecracker_version.hpp"

namespace fcbench::vmm {

// --firecracker PATH, else $FIRECRACKER, else `firecracker` on PATH, else
// <cache>/firecracker/firecracker (./setup.sh --with-firecracker). Throws
// UserError saying how to get one when there is none.
std::string find_firecracker(const std::string& explicit_path);

// $JAILER, else `jailer` beside the firecracker binary, else on PATH; "" if none.
std::string find_jailer(const std::string& firecracker_binary);

class FirecrackerDriver : public Driver {
 public:
  explicit FirecrackerDriver(std::string explicit_binary = "")
      : explicit_(std::move(explicit_binary)) {}
  std::string name() const override { return "firecracker"; }
  // First line of `firecracker --version`; throws UserError if the binary is
  // missing or its version is unsupported.
  std::string version() const override;
  std::string resolve_accel(const std::string& requested, const VmSpec& probe_spec) const override;
  std::vector<std::string> command(const VmSpec& spec) const override;
  void prepare(const VmSpec& spec) const override;
  Child start(const VmSpec& spec) const override;
  // API mode waits for the socket and configures the VM over it.
  bool slow_start(const VmSpec& spec) const override {
    return spec.firecracker_mode != "config-file";
  }
  bool needs_elf_kernel() const override { return true; }
  std::string boot_timer_addr() const override;
  std::string dry_run_note(const VmSpec& spec) const override;
  std::string describe_exit(int code) const override;
  std::map<std::string, std::string> env_facts(const VmSpec& spec) const override;
  VmFacts collect(const VmSpec& spec) const override;
  void cleanup(const VmSpec& spec) const override;

  const std::string& binary() const;
  FcVersion fc_version() const;

 private:
  // Paths Firecracker is given, and the same files as the host sees them.
  FcPaths fc_paths(const VmSpec& spec) const;
  FcPaths host_side(const VmSpec& spec) const;

  std::string explicit_;
  mutable std::string binary_, version_out_;
  mutable FcVersion version_;
};

}  // namespace fcbench::vmm
