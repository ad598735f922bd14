#include "results/sink.hpp"

#include <pthread.h>
#include <signal.h>

#include <cstring>
#include <fstream>

#include "util/error.hpp"
#include "util/stop_signals.hpp"

namespace fcbench::results {

JsonlSink::JsonlSink(const std::filesystem::path& file, LineFile::WriteFn write)
    : out_(file, std::move(write)), file_(file) {
  thread_ = std::thread([this] { writer(); });
}

JsonlSink::~JsonlSink() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

int JsonlSink::error_code() const {
  std::lock_guard lk(mu_);
  return errno_;
}

std::string JsonlSink::error() const {
  const int e = error_code();
  return e ? "cannot write " + file_.string() + ": " + std::strerror(e) : "";
}

void JsonlSink::write(Record r) {
  {
    std::lock_guard lk(mu_);
    queue_.push_back({std::move(r), {}, {}});
    ++queued_;
  }
  wake_.notify_one();
}

void JsonlSink::write_line(std::string line) {
  {
    std::unique_lock lk(mu_);
    // A mass of lines (a million not_started) waits for the disk rather
    // than piling up in memory; held lines (a failed disk) do not wait.
    drained_.wait(lk, [&] { return line_bytes_ < kMaxQueuedLineBytes || errno_ != 0; });
    line_bytes_ += line.size();
    queue_.push_back({std::nullopt, {}, std::move(line)});
    ++queued_;
  }
  wake_.notify_one();
}

void JsonlSink::after(std::function<void()> job) {
  {
    std::lock_guard lk(mu_);
    queue_.push_back({std::nullopt, std::move(job), {}});
    ++queued_;
  }
  wake_.notify_one();
}

void JsonlSink::flush() {
  std::unique_lock lk(mu_);
  drained_.wait(lk, [&] { return written_ == queued_; });
}

size_t JsonlSink::retry() {
  flush();
  std::lock_guard lk(mu_);  // the writer is idle: nothing is queued
  size_t done = 0;
  while (done < held_.size() && out_.append(held_[done]) == 0) ++done;
  if (done > 0) out_.sync();
  held_.erase(held_.begin(), held_.begin() + long(done));
  return held_.size();
}

// Writes one line, or holds it once a write has failed (a line written
// after a lost one would be out of order, and the disk is likely full).
// Writer thread only; errno_ and held_ under mu_.
void JsonlSink::put(std::string line) {
  line += '\n';
  std::unique_lock lk(mu_);
  if (errno_ == 0) {
    lk.unlock();
    const int err = out_.append(line);
    lk.lock();
    if (err == 0) return;
    errno_ = err;
    failed_ = true;
  }
  held_.push_back(std::move(line));
}

void JsonlSink::writer() {
  block_stop_signals();  // signals go to the scheduler's thread
  std::unique_lock lk(mu_);
  for (;;) {
    wake_.wait(lk, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything is written
    std::deque<Item> batch;
    batch.swap(queue_);
    lk.unlock();
    bool wrote = false;
    size_t line_bytes = 0;
    for (auto& item : batch) {  // one write(2) per record, then one flush
      if (item.job) {
        item.job();
        continue;
      }
      wrote = true;
      line_bytes += item.line.size();
      put(item.record ? to_json(*item.record).dump() : std::move(item.line));
    }
    const int sync_err = wrote ? out_.sync() : 0;  // the lines that did go in
    lk.lock();
    if (sync_err && errno_ == 0) {  // the lines are in, but maybe not on disk
      errno_ = sync_err;
      failed_ = true;
    }
    written_ += batch.size();
    line_bytes_ -= line_bytes;
    drained_.notify_all();
  }
}

std::vector<Record> read_records(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw UserError("cannot read " + file.string());
  std::vector<Record> out;
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.empty()) continue;
    try {
      out.push_back(from_json(nlohmann::json::parse(line)));
    } catch (const std::exception& e) {  // malformed JSON, a mistyped field, an unknown status
      throw UserError(
          file.string() + ":" + std::to_string(line_no) + ":1: invalid record: " + e.what(), 2);
    }
  }
  return out;
}

}  // namespace fcbench::results
