// results.jsonl: one writer, one write(2) per record. A background thread
// serializes and writes the records in order and flushes them to disk
// (fdatasync) in batches, so a busy scheduler never waits on the disk.
// Each line goes in whole or not at all (util/line_file). Once a line
// cannot be written (a full disk), it and every later one are held in
// memory, in order, and failed() is set: the run stops on it.
#pragma once

#include <atomic>
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
#include "util/line_file.hpp"

namespace fcbench::results {

class JsonlSink {
 public:
  // Appends; `write` stands in for write(2) in tests. Throws UserError.
  explicit JsonlSink(const std::filesystem::path& file, LineFile::WriteFn write = {});
  ~JsonlSink();  // flushes
  JsonlSink(const JsonlSink&) = delete;
  JsonlSink& operator=(const JsonlSink&) = delete;
  // Queues the record (held in memory if writing has failed).
  void write(Record r);
  // Queues a record serialized already (its JSON, no newline); waits while
  // kMaxQueuedLineBytes of such lines are queued.
  void write_line(std::string line);
  static constexpr size_t kMaxQueuedLineBytes = 16 << 20;
  // Runs `job` on the writer thread after the records queued so far (e.g.
  // writing logs, removing instance files). A job must not throw.
  void after(std::function<void()> job);
  // Returns once every queued record and job is done.
  void flush();
  // Set (by the writer thread) once a line could not be written.
  const std::atomic<bool>& failed() const { return failed_; }
  // The errno of the first failed write or flush, 0 if none.
  int error_code() const;
  // "cannot write FILE: <strerror>", or "" if nothing failed.
  std::string error() const;
  // After flush(): writes the held lines again, in order, as far as they
  // go (space may have been freed since). Returns how many are still held.
  size_t retry();

 private:
  void writer();
  void put(std::string line);
  LineFile out_;
  std::filesystem::path file_;
  mutable std::mutex mu_;
  std::condition_variable wake_, drained_;
  struct Item {
    std::optional<Record> record;
    std::function<void()> job;
    std::string line;  // a record serialized already
  };
  std::deque<Item> queue_;
  size_t queued_ = 0, written_ = 0;
  size_t line_bytes_ = 0;  // of the write_line() lines queued or being written
  bool stop_ = false;
  int errno_ = 0;
  std::atomic<bool> failed_{false};
  std::vector<std::string> held_;  // lines not written, in order, each with its '\n'
  std::thread thread_;
};

std::vector<Record> read_records(const std::filesystem::path& file);

}  // namespace fcbench::results
