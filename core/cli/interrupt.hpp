// Ctrl-C handling for the CLI: SIGINT/SIGTERM handlers that set a flag the
// runner polls (no SA_RESTART, so blocking calls see EINTR).
#pragma once

#include <atomic>

namespace fcbench::cli {

// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>* install_interrupt_handlers();

}  // namespace fcbench::cli
