// SIGINT and SIGTERM belong to the thread that runs the scheduler: helper
// threads block them so the loop's blocking calls see EINTR.
#pragma once

#include <signal.h>

namespace fcbench {

// {SIGINT, SIGTERM}.
sigset_t stop_signals();
// Blocks them in the calling thread.
void block_stop_signals();

}  // namespace fcbench
