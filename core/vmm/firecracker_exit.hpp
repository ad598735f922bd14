// What Firecracker's exit status means (its FcExitCode values).
#pragma once

#include <string>

namespace fcbench::vmm {

// "bad configuration" for 152; empty for a status Firecracker does not define.
std::string fc_exit_meaning(int code);

// "152 (bad configuration)"; just "7" for an undefined status.
std::string fc_describe_exit(int code);

}  // namespace fcbench::vmm
