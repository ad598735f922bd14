// results.jsonl: one writer, one write(2) per record, flushed at once.
#pragma once

#include <filesystem>

#include "results/record.hpp"

namespace fcbench::results {

class JsonlSink {
 public:
  explicit JsonlSink(const std::filesystem::path& file);  // appends
  ~JsonlSink();
  JsonlSink(const JsonlSink&) = delete;
  JsonlSink& operator=(const JsonlSink&) = delete;
  void write(const Record& r);

 private:
  int fd_ = -1;
  std::filesystem::path file_;
};

std::vector<Record> read_records(const std::filesystem::path& file);

}  // namespace fcbench::results
