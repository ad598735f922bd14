// host/monitor: /proc parsing on literal text, and the sampling thread
// against a fake /proc tree in a temp dir.
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "host/monitor.hpp"

using Catch::Matchers::Contains;
using fcbench::test::TempDir;
namespace host = fcbench::host;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const std::string kStatA =
    "cpu  1000 100 500 8000 200 30 20 50 0 0\n"
    "cpu0 500 50 250 4000 100 15 10 25 0 0\n"
    "intr 12345 0 0\n"
    "ctxt 999\n";
// 1000 jiffies later: user +300, nice +100, system +100, idle +400, iowait +20,
// irq +10, softirq +30, steal +40.
const std::string kStatB =
    "cpu  1300 200 600 8400 220 40 50 90 0 0\n"
    "cpu0 650 100 300 4200 110 20 25 45 0 0\n";

const std::string kMeminfo =
    "MemTotal:       16318412 kB\n"
    "MemFree:         1234567 kB\n"
    "MemAvailable:    9876543 kB\n"
    "Buffers:          111111 kB\n";

const std::string kLoadavg = "0.52 1.25 2.00 3/812 40231\n";

void put(const fs::path& file, const std::string& text) {
  std::ofstream(file) << text;
}

// A fake /proc with stat, meminfo and loadavg.
fs::path fake_proc(const TempDir& tmp) {
  fs::path root = tmp / "proc";
  fs::create_directories(root);
  put(root / "stat", kStatA);
  put(root / "meminfo", kMeminfo);
  put(root / "loadavg", kLoadavg);
  return root;
}

std::vector<nlohmann::json> read_lines(const fs::path& file) {
  std::vector<nlohmann::json> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

}  // namespace

TEST_CASE("host monitor: /proc/stat aggregate line and cpu fractions", "[host][monitor]") {
  host::CpuTimes a = host::parse_proc_stat(kStatA);
  CHECK(a.user == 1000);
  CHECK(a.nice == 100);
  CHECK(a.system == 500);
  CHECK(a.idle == 8000);
  CHECK(a.iowait == 200);
  CHECK(a.irq == 30);
  CHECK(a.softirq == 20);
  CHECK(a.steal == 50);

  host::HostSample s;
  host::cpu_fractions(a, host::parse_proc_stat(kStatB), s);
  CHECK(s.cpu_user == Approx(40.0));  // user + nice
  CHECK(s.cpu_system == Approx(10.0));
  CHECK(s.cpu_idle == Approx(40.0));
  CHECK(s.cpu_iowait == Approx(2.0));
  CHECK(s.cpu_irq == Approx(4.0));  // irq + softirq
  CHECK(s.cpu_steal == Approx(4.0));
  CHECK(s.cpu_user + s.cpu_system + s.cpu_idle + s.cpu_iowait + s.cpu_irq + s.cpu_steal ==
        Approx(100.0));

  SECTION("no time passed: all zero") {
    host::HostSample z;
    host::cpu_fractions(a, a, z);
    CHECK(z.cpu_user == 0);
    CHECK(z.cpu_idle == 0);
    CHECK(z.cpu_steal == 0);
  }
  SECTION("older kernels with fewer columns") {
    host::CpuTimes old = host::parse_proc_stat("cpu  1 2 3 4\n");
    CHECK(old.idle == 4);
    CHECK(old.steal == 0);
  }
}

TEST_CASE("host monitor: /proc/stat without a cpu line throws", "[host][monitor]") {
  CHECK_THROWS_AS(host::parse_proc_stat(""), std::runtime_error);
  CHECK_THROWS_AS(host::parse_proc_stat("cpu0 1 2 3 4 5\nintr 1\n"), std::runtime_error);
  CHECK_THROWS_AS(host::parse_proc_stat("cpu  x y\n"), std::runtime_error);
}

TEST_CASE("host monitor: meminfo and loadavg", "[host][monitor]") {
  host::HostSample s;
  host::parse_meminfo(kMeminfo, s);
  CHECK(s.mem_total_kib == 16318412);
  CHECK(s.mem_available_kib == 9876543);
  host::parse_loadavg(kLoadavg, s);
  CHECK(s.load1 == Approx(0.52));
  CHECK(s.load5 == Approx(1.25));
  CHECK(s.load15 == Approx(2.0));

  host::HostSample bad;
  CHECK_THROWS_AS(host::parse_meminfo("MemTotal: 1 kB\n", bad), std::runtime_error);
  CHECK_THROWS_AS(host::parse_loadavg("0.1 0.2\n", bad), std::runtime_error);
}

TEST_CASE("host monitor: JSON line", "[host][monitor]") {
  host::HostSample s;
  s.t_ns = 42;
  s.time = "2026-11-25T20:50:01.123Z";
  s.interval_s = 1;
  s.cpu_user = 33.33333;
  s.load1 = 0.5;
  s.running = 3;
  nlohmann::json j = host::to_json(s);
  CHECK(j["t_ns"] == 42);
  CHECK(j["cpu"]["user"].get<double>() == Approx(33.33));
  CHECK(j["cpu"].size() == 6);
  CHECK(j["loadavg"].size() == 3);
  CHECK(j["running"] == 3);
  CHECK_FALSE(j.contains("error"));
  s.error = "boom";
  CHECK(host::to_json(s)["error"] == "boom");
}

TEST_CASE("host monitor: a JSON line's integers must be integers in range", "[host][monitor]") {
  auto back = host::host_sample_from_json(nlohmann::json::parse(
      R"({"t_ns": 7, "mem_available_kib": 100, "mem_total_kib": 200, "running": 2})"));
  CHECK(back.t_ns == 7);
  CHECK(back.mem_available_kib == 100);
  CHECK(back.running == 2);
  // A float out of range was undefined behaviour in nlohmann's get<>.
  CHECK_THROWS_WITH(host::host_sample_from_json(nlohmann::json::parse(R"({"t_ns": 4e+54})")),
                    Contains("t_ns: 4e+54 is not an integer"));
  CHECK_THROWS_WITH(host::host_sample_from_json(nlohmann::json::parse(R"({"mem_total_kib": -1})")),
                    Contains("mem_total_kib: -1 is not an integer"));
}

TEST_CASE("host monitor: samples a fake /proc on a thread", "[host][monitor]") {
  TempDir tmp;
  fs::path proc = fake_proc(tmp);
  fs::path file = tmp / "host.jsonl";
  std::atomic<int64_t> calls{0};
  host::Monitor m(
      file, 20ms, [&] { return ++calls; }, proc);
  std::this_thread::sleep_for(150ms);
  m.stop();
  size_t n = m.samples_written();
  m.stop();  // idempotent: no second final line
  CHECK(m.samples_written() == n);

  auto lines = read_lines(file);
  REQUIRE(lines.size() == n);
  CHECK(n >= 3);
  CHECK(n <= 50);
  for (size_t i = 0; i < lines.size(); ++i) {
    auto& j = lines[i];
    INFO("line " << i << ": " << j.dump());
    CHECK_FALSE(j.contains("error"));
    CHECK(j["running"] == int64_t(i + 1));  // one callback per line, in order
    CHECK(j["mem_total_kib"] == 16318412);
    CHECK(j["loadavg"][0].get<double>() == Approx(0.52));
    CHECK(j["time"].get<std::string>().size() == 24);
    CHECK(j["interval_s"].get<double>() > 0);
    if (i > 0) CHECK(j["t_ns"].get<int64_t>() > lines[i - 1]["t_ns"].get<int64_t>());
  }
}

TEST_CASE("host monitor: stop writes the final partial line", "[host][monitor]") {
  TempDir tmp;
  fs::path proc = fake_proc(tmp);
  fs::path file = tmp / "host.jsonl";
  {
    host::Monitor m(
        file, 10s, [] { return int64_t(7); }, proc);
    std::this_thread::sleep_for(30ms);
    m.stop();  // immediate, although the first sample is 10 s away
    CHECK(m.samples_written() == 1);
  }  // the destructor's stop() adds nothing
  auto lines = read_lines(file);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["running"] == 7);
  CHECK(lines[0]["interval_s"].get<double>() > 0);
  CHECK(lines[0]["interval_s"].get<double>() < 10);
}

TEST_CASE("host monitor: a missing /proc file is reported and sampling goes on",
          "[host][monitor]") {
  TempDir tmp;
  fs::path proc = fake_proc(tmp);
  fs::remove(proc / "loadavg");
  fs::path file = tmp / "host.jsonl";
  std::atomic<int64_t> calls{0};
  host::Monitor m(
      file, 20ms, [&] { return ++calls; }, proc);
  std::this_thread::sleep_for(150ms);
  m.stop();

  auto lines = read_lines(file);
  REQUIRE(lines.size() >= 3);
  for (auto& j : lines) {
    INFO(j.dump());
    REQUIRE(j.contains("error"));
    CHECK_THAT(j["error"].get<std::string>(), Contains("loadavg"));
    CHECK(j["mem_available_kib"] == 9876543);  // what could be read is still there
    CHECK(j["loadavg"][0] == 0);
  }
  CHECK(lines.back()["running"] == int64_t(lines.size()));
}

TEST_CASE("host monitor: the thread blocks SIGINT and SIGTERM", "[host][monitor]") {
  // SigBlk of a task in /proc/self/task, as a mask (bit n-1 for signal n).
  auto blocked = [](const fs::path& task) {
    std::ifstream in(task / "status");
    for (std::string line; std::getline(in, line);)
      if (line.rfind("SigBlk:", 0) == 0) return std::stoull(line.substr(7), nullptr, 16);
    return 0ull;
  };
  const unsigned long long both = (1ull << (SIGINT - 1)) | (1ull << (SIGTERM - 1));
  TempDir tmp;
  fs::path proc = fake_proc(tmp);
  host::Monitor m(
      tmp / "host.jsonl", 10s, [] { return int64_t(0); }, proc);
  fs::path self = "/proc/self/task/" + std::to_string(::getpid());
  CHECK((blocked(self) & both) == 0);  // the caller's mask is restored
  bool found = false;
  for (auto& task : fs::directory_iterator("/proc/self/task"))
    if (task.path() != self && (blocked(task.path()) & both) == both) found = true;
  CHECK(found);
}
