// Firecracker's VM configuration as plain data, and its two encodings: the
// ordered pre-boot API requests and the --config-file document. Pure
// functions, no I/O (the driver in firecracker.cpp does that).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "vmm/driver.hpp"
#include "vmm/firecracker_version.hpp"

namespace fcbench::vmm {

struct FcMachine {
  uint32_t vcpu_count = 1;
  uint32_t mem_size_mib = 256;
  bool smt = false;
};

struct FcBootSource {
  std::string kernel_image_path, initrd_path, boot_args;
};

struct FcDrive {
  std::string drive_id, path_on_host;
  bool is_root_device = false, is_read_only = false;
};

struct FcLogger {
  std::string log_path, level = "Info";
};

struct FcVmConfig {
  FcMachine machine;
  FcBootSource boot;
  std::vector<FcDrive> drives;  // attach order: the guest sees vda, vdb, ...
  FcLogger logger;
  std::string metrics_path;
};

// Where the files of one instance are, as Firecracker must be told: host
// paths, or paths inside the jailer's chroot.
struct FcPaths {
  std::string kernel, initrd, rootfs, work_disk, channel, log, metrics, api_sock, config_file;
};

// The host-side paths of an instance, absolute (all but the shared kernel,
// initrd and rootfs in its private instance directory).
FcPaths host_paths(const VmSpec& spec);

// Firecracker's recommended boot arguments without `nomodule` (the initramfs
// loads the virtio modules) and `8250.nr_uarts=0` (the guest's console is
// ttyS0), plus fcbench's own: console, panic, disks in attach order. The
// guest leaves by rebooting (reboot=k), which makes Firecracker exit 0.
std::string fc_boot_args(const VmSpec& spec);

// The configuration of one instance: rootfs read-only as root device, then
// the instance's write disk and channel, read-write.
FcVmConfig make_fc_config(const VmSpec& spec, const FcPaths& paths);

struct FcRequest {
  std::string method = "PUT";
  std::string path;  // e.g. "/drives/rootfs"
  nlohmann::json body;
};

// The pre-boot requests in the order the driver sends them: logger,
// metrics, machine-config, boot-source, drives, then InstanceStart.
std::vector<FcRequest> fc_api_requests(const FcVmConfig& c, const FcVersion& v);

// The single --config-file document with the same content.
nlohmann::json fc_config_file(const FcVmConfig& c, const FcVersion& v);

// Firecracker's own arguments (without argv[0]): API mode
// `--api-sock S [--id ID] --boot-timer`; config-file mode
// `--no-api --config-file F [--id ID] --boot-timer`. Logger and metrics are
// configured by request or in the file (Firecracker allows only one way).
// `with_id` is false under the jailer, which passes --id itself.
std::vector<std::string> fc_args(const std::string& mode, const FcPaths& paths,
                                 const std::string& id, bool with_id);

// Firecracker (and its jailer) accept instance ids of at most 64 characters
// from [A-Za-z0-9-]: anything else becomes '-'.
std::string fc_instance_id(const std::string& id);

}  // namespace fcbench::vmm
