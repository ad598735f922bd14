#include "config/chunk_reader.hpp"

#include <string>

#include "config/yaml_reader.hpp"

namespace fcbench::config {

ChunkReader::ChunkReader(std::string_view text, const std::vector<ListSplit::Chunk>& chunks)
    : text_(text), chunks_(chunks), thread_([this] { parse_all(); }) {}

ChunkReader::~ChunkReader() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void ChunkReader::parse_all() {
  for (const auto& c : chunks_) {
    std::vector<YAML::Node> spent;
    {
      std::lock_guard lk(mu_);
      spent.swap(spent_);
    }
    spent.clear();
    auto tree = YamlReader::load_yaml(std::string(text_.substr(c.begin, c.end - c.begin)));
    std::unique_lock lk(mu_);
    cv_.wait(lk, [&] { return stop_ || ready_.size() < kAhead; });
    if (stop_) return;
    ready_.push_back(std::move(tree));
    cv_.notify_all();
  }
}

void ChunkReader::give_back(std::optional<YAML::Node>& tree) {
  std::lock_guard lk(mu_);  // ours is gone before theirs can go
  if (tree) spent_.push_back(std::move(*tree));
  tree.reset();
}

std::optional<YAML::Node> ChunkReader::next() {
  std::unique_lock lk(mu_);
  cv_.wait(lk, [&] { return !ready_.empty(); });
  auto tree = std::move(ready_.front());
  ready_.pop_front();
  cv_.notify_all();
  return tree;
}

}  // namespace fcbench::config
