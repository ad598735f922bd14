// Streams a JSON Lines file in large chunks, handing out each line with the
// padding simdjson needs after it, so a file far bigger than memory is read
// at disk speed. A last line without its newline is "torn".
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>
#include <vector>

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

// The same for the lines starting in bytes [begin, end) of the file (begin
// at a line start); numbers count from 1 within the range, and only a range
// reaching the end of the file can have a torn line. Returns the number of
// lines in the range, blank ones included.
size_t read_jsonl_range(const std::filesystem::path& file, uint64_t begin, uint64_t end,
                        const std::function<void(const JsonlLine&)>& fn);

// Splits the file into at most `parts` ranges of whole lines, each about the
// same size: the offsets where each range begins, then the file size.
std::vector<uint64_t> split_lines(const std::filesystem::path& file, size_t parts);

}  // namespace fcbench::analysis
