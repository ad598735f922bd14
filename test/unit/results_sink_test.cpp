// results/sink: results.jsonl, one record a line, appended and read back.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cerrno>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "results/record.hpp"
#include "results/sink.hpp"
#include "results_support.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using Catch::Matchers::StartsWith;
using fcbench::results::Record;
using fcbench::test::make_record;
using fcbench::test::TempDir;

namespace {

std::vector<std::string> lines_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("sink: one line per record, appended, read back", "[unit][results]") {
  TempDir tmp;
  const auto file = tmp / "results.jsonl";
  {
    fcbench::results::JsonlSink sink(file);
    sink.write(make_record("a", "ok", 1));
    sink.write(make_record("a", "failed", 2, "multi\nline\nerror"));
  }
  CHECK(lines_of(file).size() == 2);
  {
    fcbench::results::JsonlSink again(file);  // appends, does not truncate
    again.write(make_record("b", "ok", 3));
  }
  auto lines = lines_of(file);
  REQUIRE(lines.size() == 3);
  for (const auto& l : lines) CHECK(nlohmann::json::accept(l));

  auto records = fcbench::results::read_records(file);
  REQUIRE(records.size() == 3);
  CHECK(records[0].id == "a-ok-1");
  CHECK(records[1].error == "multi\nline\nerror");
  CHECK(records[2].benchmark == "b");
  CHECK(records[2].metrics.at(0).value == Approx(3));
}

TEST_CASE("sink: read_records skips blank lines and names a corrupt one", "[unit][results]") {
  TempDir tmp;
  const auto file = tmp / "results.jsonl";
  {
    fcbench::results::JsonlSink sink(file);
    sink.write(make_record("a", "ok", 1));
  }
  {
    std::ofstream out(file, std::ios::app);
    out << "\n";
  }
  CHECK(fcbench::results::read_records(file).size() == 1);
  {
    std::ofstream out(file, std::ios::app);
    out << "{\"id\": \"half a rec\n";
  }
  try {
    fcbench::results::read_records(file);
    FAIL("a corrupt line was accepted");
  } catch (const fcbench::UserError& e) {
    CHECK(e.exit_code == 2);
    CHECK_THAT(e.what(), StartsWith(file.string() + ":3:1: invalid record"));
  }
}

TEST_CASE("sink: a record of the wrong shape is also reported", "[unit][results]") {
  TempDir tmp;
  const auto file = tmp / "results.jsonl";
  fcbench::write_file(file, "{\"id\": 1}\n");
  CHECK_THROWS_WITH(fcbench::results::read_records(file), StartsWith(file.string() + ":1:1: "));
}

TEST_CASE("sink: missing files and unwritable paths are user errors", "[unit][results]") {
  TempDir tmp;
  CHECK_THROWS_AS(fcbench::results::read_records(tmp / "absent.jsonl"), fcbench::UserError);
  CHECK_THROWS_AS(fcbench::results::JsonlSink(tmp / "no-dir" / "r.jsonl"), fcbench::UserError);
}

TEST_CASE("sink: on a full disk no torn line, later records held in order, retry writes them",
          "[unit][results]") {
  TempDir tmp;
  const auto file = tmp / "results.jsonl";
  // write(2) with room for `room` bytes: short at the edge, then ENOSPC.
  struct Disk {
    size_t room;
    ssize_t operator()(int fd, const void* p, size_t n) {
      if (room == 0) {
        errno = ENOSPC;
        return -1;
      }
      const ssize_t w = ::write(fd, p, std::min(n, room));
      if (w > 0) room -= size_t(w);
      return w;
    }
  } disk{0};
  const std::string one = fcbench::results::to_json(make_record("a", "ok", 1)).dump() + "\n";
  disk.room = one.size() + one.size() / 2;  // the first record and half the second
  fcbench::results::JsonlSink sink(file, std::ref(disk));
  for (int i = 1; i <= 4; ++i) sink.write(make_record("a", "ok", i));
  sink.flush();
  CHECK(sink.failed());
  CHECK(sink.error_code() == ENOSPC);
  CHECK_THAT(sink.error(), Catch::Contains("No space left on device"));
  auto lines = lines_of(file);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] + "\n" == one);
  CHECK(sink.retry() == 3);  // still no room
  CHECK(lines_of(file).size() == 1);
  disk.room = 1 << 20;  // space freed
  CHECK(sink.retry() == 0);
  auto records = fcbench::results::read_records(file);
  REQUIRE(records.size() == 4);
  for (int i = 0; i < 4; ++i) CHECK(records[size_t(i)].id == "a-ok-" + std::to_string(i + 1));
}

TEST_CASE("sink: serialized lines wait for the disk instead of piling up in memory",
          "[unit][results]") {
  TempDir tmp;
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  auto slow_disk = [&](int fd, const void* p, size_t n) -> ssize_t {
    std::unique_lock lk(mu);
    cv.wait(lk, [&] { return open; });  // the disk takes nothing until opened
    return ::write(fd, p, n);
  };
  fcbench::results::JsonlSink sink(tmp / "results.jsonl", slow_disk);
  const std::string mib(1 << 20, 'x');
  const size_t limit = fcbench::results::JsonlSink::kMaxQueuedLineBytes >> 20;
  std::atomic<size_t> queued{0};
  std::thread producer([&] {
    for (size_t i = 0; i < 3 * limit; ++i) {
      sink.write_line("\"" + mib + "\"");
      ++queued;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // The writer holds one batch; the queue behind it is bounded.
  CHECK(queued.load() <= 2 * limit + 1);
  CHECK(queued.load() < 3 * limit);
  {
    std::lock_guard lk(mu);
    open = true;
  }
  cv.notify_all();
  producer.join();
  sink.flush();
  CHECK(queued.load() == 3 * limit);
  CHECK(lines_of(tmp / "results.jsonl").size() == 3 * limit);
}
