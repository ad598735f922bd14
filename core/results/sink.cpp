#include "results/sink.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <fstream>

#include "util/error.hpp"
#include "util/stop_signals.hpp"

namespace fcbench::results {

JsonlSink::JsonlSink(const std::filesystem::path& file) : file_(file) {
  fd_ = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw UserError("cannot open " + file.string() + ": " + std::strerror(errno));
  thread_ = std::thread([this] { writer(); });
}

JsonlSink::~JsonlSink() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
  ::close(fd_);
}

void JsonlSink::throw_if_failed() {
  if (!error_.empty()) throw UserError("cannot write " + file_.string() + ": " + error_);
}

void JsonlSink::write(Record r) {
  {
    std::lock_guard lk(mu_);
    throw_if_failed();
    queue_.push_back({std::move(r), {}, {}});
    ++queued_;
  }
  wake_.notify_one();
}

void JsonlSink::write_line(std::string line) {
  {
    std::lock_guard lk(mu_);
    throw_if_failed();
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
  drained_.wait(lk, [&] { return written_ == queued_ || !error_.empty(); });
  throw_if_failed();
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
    std::string err;
    bool wrote = false;
    for (auto& item : batch) {  // one write(2) per record, then one flush
      if (item.job) {
        item.job();
        continue;
      }
      wrote = true;
      std::string line = item.record ? to_json(*item.record).dump() : std::move(item.line);
      line += '\n';
      const char* p = line.data();
      size_t left = line.size();
      while (left > 0 && err.empty()) {
        ssize_t n = ::write(fd_, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) err = std::strerror(errno);
        if (n > 0) {
          p += n;
          left -= size_t(n);
        }
      }
    }
    if (wrote && err.empty() && ::fdatasync(fd_) != 0 && errno != EINVAL)
      err = std::strerror(errno);
    lk.lock();
    if (!err.empty() && error_.empty()) error_ = err;
    written_ += batch.size();
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
