// Where the guest agent, the init script and busybox come from.
#pragma once

#include <filesystem>

namespace fcbench::image {

struct GuestFiles {
  std::filesystem::path agent;    // static fcbench-agent
  std::filesystem::path init;     // initramfs /init script
  std::filesystem::path busybox;  // static busybox
};

// $FCBENCH_GUEST_DIR, else <dir of fcbench>/guest; busybox from
// $FCBENCH_BUSYBOX or /bin/busybox. Throws UserError if one is missing.
GuestFiles find_guest_files();

}  // namespace fcbench::image
