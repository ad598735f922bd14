// One interface for every VMM. A driver turns a VmSpec into a process whose
// combined stdout/stderr is the guest's serial console.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/suite.hpp"
#include "util/process.hpp"

namespace fcbench::vmm {

struct VmSpec {
  std::string id;
  std::filesystem::path instance_dir;  // private (0700)
  std::filesystem::path kernel, initrd, rootfs, work_disk, channel;
  uint32_t vcpus = config::kDefaultVcpus;
  uint32_t mem_mib = config::kDefaultMemMib;
  std::string accel;   // resolved: kvm | tcg
  bool probe = false;  // boot only to the probe marker, no drives
  // Firecracker only (other drivers ignore them).
  std::string firecracker_mode = "api";  // api | config-file
  std::optional<config::Jailer> jailer;
  // Native only: the payload's argv as the guest would run it, and the host
  // file behind each guest path of the plugin's payload.
  std::vector<std::string> payload_argv;
  std::map<std::string, std::string> payload_paths;
  // Set per launch: the instance's cgroup.procs files, which the process
  // joins before exec (SpawnOptions::cgroup_procs_fds); empty: none.
  std::vector<int> cgroup_procs_fds;
  // Set per launch: where the process says when it is in its cgroups, and
  // the gate it then waits on (SpawnOptions::ready_ns, gate_fd).
  std::atomic<int64_t>* ready_ns = nullptr;
  int gate_fd = -1;
};

// What every driver spawns its process with: the spec's cgroups and gate.
SpawnOptions spawn_options(const VmSpec& spec);

// What a VMM left behind once its process ended.
struct VmFacts {
  std::optional<int64_t> boot_time_us;  // the VMM's own boot-time measurement
  std::string log;                      // its log file, kept as logs/<id>.vmm.log
};

// Per-driver choices made on the command line.
struct DriverOptions {
  std::string firecracker;  // --firecracker PATH
};

class Driver {
 public:
  virtual ~Driver() = default;
  virtual std::string name() const = 0;
  // e.g. "QEMU emulator version 7.2.19"; throws UserError if not installed
  // (or, for Firecracker, too old).
  virtual std::string version() const = 0;
  // auto | kvm | tcg → kvm | tcg (auto may boot a probe guest).
  virtual std::string resolve_accel(const std::string& requested,
                                    const VmSpec& probe_spec) const = 0;
  // The exact command that runs this VM (what --dry-run prints).
  virtual std::vector<std::string> command(const VmSpec& spec) const = 0;
  // Writes the per-instance files command(spec) refers to (config files,
  // a jailer's chroot). Runs before --dry-run prints and before start().
  virtual void prepare(const VmSpec&) const {}
  // Starts the VM (after prepare); the child's out_fd carries the serial
  // console. A driver with an API configures the VM here; if that fails it
  // stops the process and throws, naming the VMM's reason.
  virtual Child start(const VmSpec& spec) const {
    return spawn(command(spec), spawn_options(spec));
  }
  // True if start() waits on the VMM (e.g. configures it over an API): the
  // scheduler then calls it on a helper thread, so other instances are not
  // held up. start() must then be safe to call from several threads.
  virtual bool slow_start(const VmSpec&) const { return false; }
  // False for a backend that runs the payload on the host (no guest, no
  // console, no disks): its work_disk is a private directory.
  virtual bool is_vm() const { return true; }
  // True if this VMM boots an ELF vmlinux rather than the bzImage.
  virtual bool needs_elf_kernel() const { return false; }
  // Hex guest-physical address the agent writes 123 to once booted (the
  // VMM's boot timer), or "" for none.
  virtual std::string boot_timer_addr() const { return ""; }
  // Printed once to stderr by --dry-run, after the commands.
  virtual std::string dry_run_note(const VmSpec&) const { return ""; }
  // An exit status with its meaning for this VMM, e.g. "152 (bad configuration)".
  virtual std::string describe_exit(int code) const { return std::to_string(code); }
  // Extra environment facts for the record's env (e.g. the driver mode).
  virtual std::map<std::string, std::string> env_facts(const VmSpec&) const { return {}; }
  // Reads what the VMM left behind, once its process has ended.
  virtual VmFacts collect(const VmSpec&) const { return {}; }
  // Removes per-instance state outside instance_dir (e.g. a chroot).
  virtual void cleanup(const VmSpec&) const {}
};

std::unique_ptr<Driver> make_driver(const std::string& name,
                                    const DriverOptions& opt = {});  // throws UserError
std::set<std::string> driver_names();
// What Driver::is_vm() says, from the name alone: false for native, true for
// the VMMs (qemu, firecracker).
bool is_vm(std::string_view driver_name);

// Kernel command line shared by all drivers: serial console, panic reboots,
// the block devices in the order drivers attach them, plus the driver's
// `extra` (how the guest reboots, clock hints).
std::string guest_cmdline(const VmSpec& spec, const std::string& extra);

}  // namespace fcbench::vmm
