// Running Firecracker through its jailer: the argv, the chroot layout, and
// staging an instance's files into the chroot.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/suite.hpp"
#include "vmm/driver.hpp"
#include "vmm/firecracker_config.hpp"

namespace fcbench::vmm {

// <chroot_base>/<exec file name>/<id>/root: the directory the jailer
// chroots Firecracker into. `id` is the Firecracker instance id.
std::filesystem::path jail_root(const config::Jailer& j, const std::string& firecracker_binary,
                                const std::string& id);

// Where an instance's files are as Firecracker sees them inside the chroot.
FcPaths jailed_paths();

// The host path of a path inside the chroot.
std::filesystem::path host_path_in(const std::filesystem::path& root, const std::string& jailed);

// jailer --id ID --exec-file FC --uid U --gid G --chroot-base-dir D
//        [--cgroup-version N --cgroup cpuset.cpus=C] -- <firecracker args>
std::vector<std::string> jailer_argv(const std::string& jailer_binary,
                                     const std::string& firecracker_binary, const config::Jailer& j,
                                     const std::string& id,
                                     const std::vector<std::string>& firecracker_args);

// Hard-links (or, across file systems, copies) the kernel, initramfs and
// drives into `root`, creates the log and metrics files, and hands the
// instance's own read-write files to uid:gid. Needs root. Throws UserError.
void stage_jail(const std::filesystem::path& root, const config::Jailer& j, const FcPaths& host);

// Hands a file Firecracker must read or write inside the chroot to uid:gid.
void give_to_jail(const std::filesystem::path& p, const config::Jailer& j);

// After the run: if the channel in the chroot is a copy (not a hard link of
// the instance's channel), copies it back so the results can be read.
void unstage_channel(const std::filesystem::path& root, const FcPaths& host);

}  // namespace fcbench::vmm
