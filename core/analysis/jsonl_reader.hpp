// Streams a JSON Lines file in large chunks, handing out each line with the
// padding simdjson needs after it, so a file far bigger than memory is read
// at disk speed. A last line without its newline is "torn".
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string_view>

namespace fcbench::analysis {

struct JsonlLine {
  std::string_view text;  // without the newline; readable padding follows
  size_t capacity = 0;    // bytes readable from text.data() (>= size + padding)
  size_t number = 0;      // 1-based
  bool torn = false;      // the file's last line, with no newline after it
};

// Calls `fn` for each non-blank line, in order. Throws UserError if the file
// cannot be opened or read.
void read_jsonl(const std::filesystem::path& file, const std::function<void(const JsonlLine&)>& fn);

}  // namespace fcbench::analysis
