// A top-level block list cut out of a YAML text, so its items can be loaded
// a chunk at a time: yaml-cpp keeps several KB per node, and a suite with a
// million benchmarks must not be one tree (issue 13, defect 7).
//
// The cut is textual and conservative: `KEY:` alone on a line at column 0,
// then lines that start a list item at one indentation. Whoever uses it must
// still check that the parsed rest agrees (the key where it was found, with
// no value) and load the whole text instead whenever a part does not parse.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fcbench::config {

struct ListSplit {
  // The text without the list: its lines are left empty, so every other
  // line and column stays where it was.
  std::string rest;
  int key_line = 0;  // 0-based line of `KEY:`
  // Whole lines of the text holding consecutive items: each is a YAML block
  // list by itself, its first line at `line` (0-based) of the text.
  struct Chunk {
    size_t begin = 0, end = 0;
    int line = 0;
  };
  std::vector<Chunk> chunks;
  size_t items = 0;  // in all chunks
};

// nullopt when the text has no such list, or its shape is in doubt (tabs,
// `KEY:` twice, a value on the key's line).
std::optional<ListSplit> split_top_list(std::string_view text, std::string_view key,
                                        size_t items_per_chunk);

}  // namespace fcbench::config
