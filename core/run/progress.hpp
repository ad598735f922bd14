// Progress on stderr: a line per instance for small runs; for large ones a
// status line at most once a second, plus each failure (the first 20).
#pragma once

#include <cstddef>
#include <cstdint>

#include "results/record.hpp"

namespace fcbench::run {

class Progress {
 public:
  // `done` records already exist (a resumed run); `compact` for large runs.
  Progress(size_t total, size_t done, bool compact);
  void record(const results::Record& r);
  // One planned instance will not run (adaptive repetitions skipped it).
  void skipped() {
    if (total_ > done_) --total_;
  }

 private:
  size_t total_, done_, resumed_, not_ok_ = 0;
  bool compact_;
  int64_t start_, last_line_ = 0;
};

}  // namespace fcbench::run
