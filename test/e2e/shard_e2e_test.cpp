// Sharded runs end to end, on one host (the Slurm test runs the same through
// a real scheduler): three shards of a native workload with a common start,
// merged into one directory that report and compare read; a shard cut short,
// resumed and merged again; and the bad inputs.
#include <fmt/format.h>
#include <sys/wait.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "e2e_support.hpp"
#include "run/start_clock.hpp"
#include "util/fs.hpp"

namespace {

namespace fs = std::filesystem;
using fcbench::e2e::fcbench_cmd;
using fcbench::e2e::records;
using fcbench::e2e::Sandbox;
using fcbench::e2e::WorkloadFile;
using nlohmann::json;

int wait_exit(pid_t pid) {
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// The workload's own arrival offsets, by id.
std::map<std::string, int64_t> arrivals(const fs::path& workload) {
  std::map<std::string, int64_t> out;
  std::ifstream in(workload);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto j = json::parse(line);
    out[j["id"]] = j["arrival_ns"];
  }
  return out;
}

json summary_of(const fs::path& dir) {
  return json::parse(fcbench::read_file(dir / "summary.json"));
}

}  // namespace

TEST_CASE("shards: three native shards with a common start merge into one run", "[e2e][shard]") {
  Sandbox t;
  WorkloadFile w;
  for (int i = 0; i < 300; ++i)
    w.add(fmt::format("w{:04}", i), int64_t(i) * 10'000'000, "prime", {{"n", 2 + i % 40}});
  const auto file = w.write(t);
  const int64_t start = fcbench::run::zero_now().wall_ns + 6'000'000'000;
  std::vector<fcbench::Child> shards;
  for (int k = 0; k < 3; ++k)
    shards.push_back(fcbench::e2e::spawn_fcbench(
        {"run", "-w", file.string(), "--vmm", "native", "--shard", fmt::format("{}/3", k),
         "--start-at", std::to_string(start), "-o", (t / fmt::format("shard-{}", k)).string(),
         "--monitor-interval-s", "0.5"},
        t / fmt::format("log-{}.txt", k)));
  for (int k = 0; k < 3; ++k) {
    INFO(fcbench::read_file(t / fmt::format("log-{}.txt", k)));
    REQUIRE(wait_exit(shards[k].pid) == 0);
  }
  for (int k = 0; k < 3; ++k) {  // each shard holds only its own instances
    auto recs = records(t / fmt::format("shard-{}", k));
    REQUIRE(recs.size() == 100);
    for (auto& r : recs) {
      CHECK(r["shard"] == json{{"index", k}, {"count", 3}});
      CHECK(r["start_wall_ns"] == start);  // the common start is every shard's zero
      CHECK(std::stoi(r["id"].get<std::string>().substr(1)) % 3 == k);
    }
  }
  const auto out = t / "merged";
  auto m = fcbench_cmd({"merge", (t / "shard-0").string(), (t / "shard-1").string(),
                        (t / "shard-2").string(), "-o", out.string()});
  INFO(m.output);
  REQUIRE(m.exit_code == 0);
  CHECK(m.output.find("300 record(s), 300 ok") != std::string::npos);

  const auto due = arrivals(file);
  auto recs = records(out);
  REQUIRE(recs.size() == 300);
  std::set<std::string> ids;
  std::map<int, int> per_shard;
  std::vector<int64_t> lag;
  for (auto& r : recs) {
    ids.insert(r["id"].get<std::string>());
    CHECK(r["status"] == "ok");
    ++per_shard[r["shard"]["index"].get<int>()];
    CHECK(r["host"].is_string());
    // On the merged (wall-clock) axis, each instance was due at the common
    // start plus its own arrival offset, whichever shard ran it.
    CHECK(r["scheduled_ns"].get<int64_t>() == start + due.at(r["id"]));
    lag.push_back(r["started_ns"].get<int64_t>() - r["scheduled_ns"].get<int64_t>());
  }
  CHECK(ids == w.ids);
  CHECK(per_shard == std::map<int, int>{{0, 100}, {1, 100}, {2, 100}});
  std::sort(lag.begin(), lag.end());
  INFO("arrival error p50 " << lag[150] << " ns, max " << lag.back() << " ns");
  CHECK(lag.front() >= 0);
  CHECK(lag[150] < 10'000'000);  // the median launch within 10 ms of its due time
  const auto s = summary_of(out);
  CHECK(s["instances_recorded"] == 300);
  CHECK(s["merge"]["shards"] == 3);
  CHECK(s["merge"]["start_skew_ns"] == 0);
  CHECK(s["merge"]["inputs"].size() == 3);
  CHECK(fs::exists(out / "env.json"));
  CHECK(fs::is_directory(out / "env"));
  CHECK(fs::is_directory(out / "hosts"));

  // A merged directory is a normal results directory.
  auto rep =
      fcbench_cmd({"report", out.string(), "--format", "json", "-o", (t / "report.json").string()});
  INFO(rep.output);
  REQUIRE(rep.exit_code == 0);
  auto report = json::parse(fcbench::read_file(t / "report.json"));
  CHECK(report.dump().find("\"peak\"") != std::string::npos);
  auto cmp = fcbench_cmd({"compare", (t / "shard-0").string(), out.string()});
  INFO(cmp.output);
  CHECK(cmp.exit_code == 0);
  // Merging again into the same OUT is refused, and loses nothing.
  auto again = fcbench_cmd({"merge", (t / "shard-0").string(), "-o", out.string()});
  CHECK(again.exit_code == 2);
  CHECK(records(out).size() == 300);
}

TEST_CASE("shards: a shard cut short is not_started in the merge until it is resumed",
          "[e2e][shard]") {
  Sandbox t;
  WorkloadFile w;
  for (int i = 0; i < 24; ++i)
    w.add(fmt::format("s{:02}", i), int64_t(i) * 100'000'000, "sleeper", {{"seconds", 0.2}});
  const auto file = w.write(t);
  const std::string plugins = FCBENCH_E2E_FIXTURE_DIR;
  for (int k = 0; k < 2; ++k) {  // shards 0 and 1 run whole
    auto r = fcbench_cmd({"run", "-w", file.string(), "--vmm", "native", "--shard",
                          fmt::format("{}/3", k), "-o", (t / fmt::format("shard-{}", k)).string(),
                          "--plugin-path", plugins});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
  }
  // Without shard 2 at all: its 8 instances are not_started, blamed on it.
  auto m = fcbench_cmd({"merge", (t / "shard-0").string(), (t / "shard-1").string(), "-o",
                        (t / "m1").string(), "--plugin-path", plugins});
  INFO(m.output);
  REQUIRE(m.exit_code == 0);
  auto recs = records(t / "m1");
  REQUIRE(recs.size() == 24);
  size_t missing = 0;
  const json ran = records(t / "shard-0").front();  // the same configuration as the missing
  for (auto& r : recs)
    if (r["status"] == "not_started") {
      ++missing;
      CHECK(r["error"] == "shard 2 produced no record");
      CHECK(r["shard"]["index"] == 2);
      CHECK(std::stoi(r["id"].get<std::string>().substr(1)) % 3 == 2);
      CHECK(r["benchmark"] == ran["benchmark"]);  // as the run would have named it
      CHECK(r["params"] == ran["params"]);
      CHECK(r["vmm"] == "native");
    }
  CHECK(missing == 8);
  CHECK(summary_of(t / "m1")["merge"]["missing"]["shard 2 produced no record"] == 8);

  // Shard 2 interrupted part-way, merged, then resumed and merged again.
  auto c = fcbench::e2e::spawn_fcbench(
      {"run", "-w", file.string(), "--vmm", "native", "--shard", "2/3", "--grace-s", "0", "-o",
       (t / "shard-2").string(), "--plugin-path", plugins},
      t / "log.txt");
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  CHECK(fcbench::e2e::interrupt_and_wait(c.pid) == 130);
  m = fcbench_cmd({"merge", (t / "shard-0").string(), (t / "shard-1").string(),
                   (t / "shard-2").string(), "-o", (t / "m2").string(), "--plugin-path", plugins});
  REQUIRE(m.exit_code == 0);
  std::map<std::string, int> by_status;
  for (auto& r : records(t / "m2")) ++by_status[r["status"]];
  CHECK(by_status["ok"] >= 16);
  CHECK(by_status["ok"] < 24);
  CHECK(by_status["ok"] + by_status["interrupted"] + by_status["not_started"] == 24);
  auto resumed =
      fcbench_cmd({"run", "--resume", (t / "shard-2").string(), "--plugin-path", plugins});
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  for (auto& r : records(t / "shard-2")) CHECK(r["shard"] == json{{"index", 2}, {"count", 3}});
  m = fcbench_cmd({"merge", (t / "shard-0").string(), (t / "shard-1").string(),
                   (t / "shard-2").string(), "-o", (t / "m3").string(), "--plugin-path", plugins});
  REQUIRE(m.exit_code == 0);
  recs = records(t / "m3");
  REQUIRE(recs.size() == 24);
  std::set<std::string> ids;
  for (auto& r : recs) {
    CHECK(r["status"] == "ok");
    ids.insert(r["id"].get<std::string>());
  }
  CHECK(ids == w.ids);
  // A baseline of the workload gives the merged set its slowdown, like a run's.
  auto b = fcbench_cmd({"baseline", file.string(), "-n", "2", "--vmm", "native", "-o",
                        (t / "base").string(), "--plugin-path", plugins});
  INFO(b.output);
  REQUIRE(b.exit_code == 0);
  m = fcbench_cmd({"merge", (t / "shard-0").string(), (t / "shard-1").string(),
                   (t / "shard-2").string(), "-o", (t / "m4").string(), "--baseline",
                   (t / "base" / "baseline.json").string(), "--plugin-path", plugins});
  INFO(m.output);
  REQUIRE(m.exit_code == 0);
  const auto slow = summary_of(t / "m4")["slowdown"];
  REQUIRE(slow.is_object());
  CHECK(slow["instances"].size() == 24);
}

TEST_CASE("shards: bad --shard, --start-at and merges are clear exit-2 errors", "[e2e][shard]") {
  Sandbox t;
  WorkloadFile w;
  for (int i = 0; i < 6; ++i) w.add(fmt::format("b{}", i), i * 1'000'000, "prime", {{"n", 5}});
  const auto file = w.write(t);
  for (const char* bad : {"3/3", "0/0", "x", "1/2/3"}) {
    auto r = fcbench_cmd(
        {"run", "-w", file.string(), "--vmm", "native", "--shard", bad, "-o", (t / "o").string()});
    INFO(bad << ": " << r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("--shard") != std::string::npos);
  }
  auto suite = fcbench::e2e::write_suite(t, "name: s\nbenchmarks:\n  - plugin: prime\n");
  auto r = fcbench_cmd({"run", suite.string(), "--shard", "0/2"});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("--shard needs --workload") != std::string::npos);
  // A common start that has passed: refused with how late, unless --late-ok.
  const auto past = std::to_string(fcbench::run::zero_now().wall_ns - 3'000'000'000);
  r = fcbench_cmd({"run", "-w", file.string(), "--vmm", "native", "--start-at", past, "-o",
                   (t / "late").string()});
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("passed 3.") != std::string::npos);
  CHECK(r.output.find("needs --force") != std::string::npos);
  // That attempt left its run.json: the same -o again needs --force.
  r = fcbench_cmd({"run", "-w", file.string(), "--vmm", "native", "-o", (t / "late").string()});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("add --force") != std::string::npos);
  r = fcbench_cmd(
      {"run", "-w", file.string(), "--vmm", "native", "--force", "-o", (t / "late").string()});
  CHECK(r.exit_code == 0);
  CHECK(records(t / "late").size() == 6);
  CHECK(fcbench::read_file(t / "late" / "starts.jsonl").find('\n') ==
        fcbench::read_file(t / "late" / "starts.jsonl").size() - 1);  // one start only
  r = fcbench_cmd({"run", "-w", file.string(), "--vmm", "native", "--start-at", past, "--late-ok",
                   "-o", (t / "late-ok").string()});
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(records(t / "late-ok").size() == 6);
  // Runs of two different workloads do not merge.
  WorkloadFile other;
  other.add("b0", 0, "prime", {{"n", 7}});
  r = fcbench_cmd({"run", "-w", other.write(t, "other.jsonl").string(), "--vmm", "native", "-o",
                   (t / "other").string()});
  REQUIRE(r.exit_code == 0);
  r = fcbench_cmd(
      {"merge", (t / "late-ok").string(), (t / "other").string(), "-o", (t / "m").string()});
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("ran different workloads") != std::string::npos);
  CHECK(r.output.find((t / "other").string()) != std::string::npos);
  CHECK_FALSE(fs::exists(t / "m" / "results.jsonl"));
  // The Kubernetes manifest: usage errors exit 2; a good one is an Indexed Job.
  r = fcbench_cmd({"k8s", "manifest", file.string(), "--shards", "0", "--image", "i",
                   "--output-pvc", "p"});
  CHECK(r.exit_code == 2);
  r = fcbench_cmd({"k8s", "manifest", file.string(), "--shards", "3", "--image", "reg/fcb:1",
                   "--output-pvc", "results"});
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("completionMode: Indexed") != std::string::npos);
  CHECK(r.output.find("$(JOB_COMPLETION_INDEX)/3") != std::string::npos);
}
