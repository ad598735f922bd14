// The chunks of a split list (config/list_split) parsed ahead on a thread
// of their own, while the caller reads the one before: the two halves of a
// large suite's load run side by side, and yaml-cpp's short-lived nodes stay
// out of the heap that holds the benchmarks.
#pragma once

#include <yaml-cpp/yaml.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "config/list_split.hpp"

namespace fcbench::config {

class ChunkReader {
 public:
  // `text` and `chunks` must outlive the reader.
  ChunkReader(std::string_view text, const std::vector<ListSplit::Chunk>& chunks);
  ~ChunkReader();  // stops parsing ahead
  ChunkReader(const ChunkReader&) = delete;
  ChunkReader& operator=(const ChunkReader&) = delete;

  // The next chunk's tree, in order (once per chunk); nullopt if it is not
  // valid YAML by itself.
  std::optional<YAML::Node> next();
  // A tree the caller is done with: freed on the reader's thread too, where
  // it was made (freeing it here would contend for its allocator's lock).
  void give_back(std::optional<YAML::Node>& tree);  // leaves it empty

 private:
  void parse_all();

  static constexpr size_t kAhead = 4;
  std::string_view text_;
  const std::vector<ListSplit::Chunk>& chunks_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::optional<YAML::Node>> ready_;
  std::vector<YAML::Node> spent_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the rest is set
};

}  // namespace fcbench::config
