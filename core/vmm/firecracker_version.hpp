// Firecracker's `--version` output and what the version decides: the
// boot-timer address, the machine-config SMT field, and whether fcbench
// supports it at all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fcbench::vmm {

struct FcVersion {
  int major = 0, minor = 0, patch = 0;
  auto operator<=>(const FcVersion&) const = default;
  std::string str() const;  // "1.10.1"
};

// The oldest release fcbench drives (see unsupported_reason()).
inline constexpr FcVersion kMinFirecracker{1, 8, 0};

// "Firecracker v1.10.1" (first line of `firecracker --version`; a suffix
// such as "-dev" is ignored) → {1, 10, 1}; nullopt if no version is found.
std::optional<FcVersion> parse_fc_version(std::string_view version_output);

// Empty if supported; else why not. Below 1.8 Firecracker announces its
// virtio-mmio devices only on the kernel command line, which the Debian
// cloud kernel cannot read (no CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES): the guest
// would find no disks. 1.8 added the ACPI tables that list them.
std::string unsupported_reason(const FcVersion& v);

// Guest physical address of the boot-timer device: 0xC0000000 from 1.13,
// 0xD0000000 before (the MMIO gap moved).
uint64_t boot_timer_address(const FcVersion& v);

// Name of the SMT flag in PUT /machine-config: "smt" from 1.0, "ht_enabled"
// before (versions that old are refused anyway).
std::string smt_field(const FcVersion& v);

// An accelerator the binary declares in its `--version` output (stdout and
// stderr): a line "accelerator: <name>", else "tcg" for a line that calls
// the binary a test double and names TCG (fcbench's double does). Empty if
// none: real Firecracker prints neither, and always uses KVM.
std::string declared_accel(std::string_view version_output);

}  // namespace fcbench::vmm
