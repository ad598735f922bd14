// Where the guest agent, the init script and busybox come from.
#pragma once

#include <filesystem>
#include <string>
#include <utility>

#include "util/error.hpp"

namespace fcbench::image {

struct GuestFiles {
  std::filesystem::path agent;    // static fcbench-agent
  std::filesystem::path init;     // initramfs /init script
  std::filesystem::path busybox;  // static busybox
};

// $FCBENCH_GUEST_DIR, else the guest directory of fcbench's layout
// (util/layout.hpp); busybox from $FCBENCH_BUSYBOX or /bin/busybox. Throws
// UserError if one is missing, naming where it looked.
GuestFiles find_guest_files();

// The agent or init is missing: `where` says where fcbench looked, `fix` what
// the user can do; what() is both, on one line.
struct GuestFilesMissing : UserError {
  GuestFilesMissing(std::string where_, std::string fix_)
      : UserError(where_ + "; " + fix_), where(std::move(where_)), fix(std::move(fix_)) {}
  std::string where;
  std::string fix;
};

}  // namespace fcbench::image
