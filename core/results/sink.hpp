// results.jsonl: one writer, one write(2) per record. A background thread
// serializes and writes the records in order and flushes them to disk
// (fdatasync) in batches, so a busy scheduler never waits on the disk.
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "results/record.hpp"

namespace fcbench::results {

class JsonlSink {
 public:
  explicit JsonlSink(const std::filesystem::path& file);  // appends
  ~JsonlSink();                                           // flushes
  JsonlSink(const JsonlSink&) = delete;
  JsonlSink& operator=(const JsonlSink&) = delete;
  // Queues the record; throws UserError if an earlier write failed.
  void write(Record r);
  // Queues a record serialized already (its JSON, no newline).
  void write_line(std::string line);
  // Runs `job` on the writer thread after the records queued so far (e.g.
  // writing logs, removing instance files). A job must not throw.
  void after(std::function<void()> job);
  // Returns once every queued record and job is done; throws UserError if a
  // write failed.
  void flush();

 private:
  void writer();
  void throw_if_failed();
  int fd_ = -1;
  std::filesystem::path file_;
  std::mutex mu_;
  std::condition_variable wake_, drained_;
  struct Item {
    std::optional<Record> record;
    std::function<void()> job;
    std::string line;  // a record serialized already
  };
  std::deque<Item> queue_;
  size_t queued_ = 0, written_ = 0;
  bool stop_ = false;
  std::string error_;
  std::thread thread_;
};

std::vector<Record> read_records(const std::filesystem::path& file);

}  // namespace fcbench::results
