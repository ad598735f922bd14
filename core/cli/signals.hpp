// SIGINT/SIGTERM set a flag the runner polls; blocking calls see EINTR.
#pragma once

#include <atomic>

namespace fcbench::cli {

// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>* install_interrupt_handlers();

}  // namespace fcbench::cli
