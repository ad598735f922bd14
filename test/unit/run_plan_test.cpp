// run/plan: how a suite or a workload expands into instances, in which
// order, with which ids, caps and overrides.
#include <catch2/catch.hpp>
#include <fstream>

#include "../fixtures/test_support.hpp"
#include "run/plan.hpp"
#include "workload_support.hpp"

namespace {

using fcbench::run::Plan;
using fcbench::run::RunOptions;

fcbench::config::Suite two_benchmarks() {
  fcbench::config::Suite s;
  s.name = "s";
  s.file = "/tmp/s.yaml";
  fcbench::config::Benchmark a, b;
  a.name = "a", a.plugin = "prime", a.vm.repetitions = 2;
  b.name = "b", b.plugin = "dd", b.vm.repetitions = 3;
  s.benchmarks = {a, b};
  return s;
}

fcbench::workload::Instance wi(const std::string& id, int64_t at, const std::string& plugin, int n,
                               uint32_t vcpus = 1) {
  fcbench::workload::Instance i;
  i.id = id;
  i.arrival_ns = at;
  i.plugin = plugin;
  i.params = nlohmann::ordered_json{{"n", n}};
  i.vcpus = vcpus;
  return i;
}

std::vector<std::string> ids(const Plan& p) {
  std::vector<std::string> out;
  for (auto& i : p.instances) out.push_back(i.id);
  return out;
}

}  // namespace

TEST_CASE("plan_suite interleaves repetitions across benchmarks", "[unit][plan]") {
  Plan p = fcbench::run::plan_suite(two_benchmarks(), {});
  CHECK(ids(p) ==
        std::vector<std::string>{"0001-a-r1", "0002-b-r1", "0003-a-r2", "0004-b-r2", "0005-b-r3"});
  CHECK(p.max_concurrent == 1);  // a suite runs one at a time by default
  for (auto& inst : p.instances) {
    CHECK(inst.arrival_ns == 0);
    CHECK(inst.bench >= &p.benches.front());
    CHECK(inst.bench <= &p.benches.back());
  }
  CHECK(p.instances[4].repetition == 3);
}

TEST_CASE("plan_suite applies the command line's overrides", "[unit][plan]") {
  RunOptions opt;
  opt.repetitions = 1;
  opt.vmm = "native";
  opt.timeout_s = 7;
  opt.max_concurrent = 4;
  Plan p = fcbench::run::plan_suite(two_benchmarks(), opt);
  REQUIRE(p.instances.size() == 2);
  CHECK(p.max_concurrent == 4);
  for (auto& b : p.benches) {
    CHECK(b.vm.vmm == "native");
    CHECK(b.vm.timeout_s == 7);
  }
  opt.max_concurrent = 0;
  opt.unlimited = true;
  CHECK(fcbench::run::plan_suite(two_benchmarks(), opt).max_concurrent == 0);
}

TEST_CASE("plan_workload keeps ids and arrivals, one benchmark per configuration", "[unit][plan]") {
  fcbench::test::TempDir t;
  std::ofstream(t / "w.jsonl") << "{}\n";
  fcbench::workload::Workload w;
  w.instances = {wi("w1", 0, "prime", 10), wi("w2", 5, "prime", 20), wi("w3", 9, "prime", 10),
                 wi("w4", 12, "prime", 10, 2)};
  Plan p = fcbench::run::plan_workload(w, t / "w.jsonl", {});
  CHECK(ids(p) == std::vector<std::string>{"w1", "w2", "w3", "w4"});
  CHECK(p.instances[1].arrival_ns == 5);
  CHECK(p.max_concurrent == 0);  // a workload has no cap by default
  REQUIRE(p.benches.size() == 3);
  CHECK(p.benches[0].name == "prime[n=10]");
  CHECK(p.benches[1].name == "prime[n=20]");
  CHECK(p.benches[2].name == "prime[n=10]@2cpu/256MiB");
  CHECK(p.instances[0].bench == p.instances[2].bench);
  CHECK(p.src.kind == "workload");
  CHECK(p.src.name == "w");
  CHECK(p.src.sha256.size() == 64);
}

TEST_CASE("plan_workload from a file: shapes and names give the same benchmarks", "[unit][plan]") {
  fcbench::test::TempDir t;
  std::ofstream out(t / "w.jsonl");
  for (const char* line : {
           R"({"format":"fcbench-workload-1","spec":{},"seed":1})",
           R"({"id":"a","arrival_ns":1,"plugin":"prime","params":{"n":2}})",
           R"({"id":"b","arrival_ns":2,"plugin":"prime","params":{"n":2}})",
           R"({"id":"c","arrival_ns":3,"plugin":"prime","params":{"n":2},"vcpus":2})",
           R"({"id":"d","arrival_ns":4,"plugin":"prime","params":{"n":2},"vcpus":2})",
           R"({"id":"e","arrival_ns":5,"plugin":"prime","params":{"n":"2"}})",
           R"({"id":"f","arrival_ns":6,"plugin":"prime","params":{"n":"2"}})",
           R"({"id":"g","arrival_ns":7,"plugin":"prime","params":{"n":3}})",
       })
    out << line << "\n";
  out.close();
  Plan p = fcbench::run::plan_workload(t / "w.jsonl", fcbench::test::workload_plugins(), {});
  CHECK(ids(p) == std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g"});
  REQUIRE(p.benches.size() == 3);
  CHECK(p.benches[0].name == "prime[method=trial,n=2]");
  CHECK(p.benches[1].name == "prime[method=trial,n=2]@2cpu/256MiB");
  CHECK(p.benches[2].name == "prime[method=trial,n=3]");
  for (size_t i : {1, 4, 5}) CHECK(p.instances[i].bench == &p.benches[0]);
  CHECK(p.instances[3].bench == &p.benches[1]);
  CHECK(p.instances[6].bench == &p.benches[2]);
}

TEST_CASE("plan_baseline runs each configuration alone, interleaved", "[unit][plan]") {
  fcbench::test::TempDir t;
  std::ofstream(t / "w.jsonl") << "{}\n";
  fcbench::workload::Workload w;
  w.instances = {wi("w1", 0, "prime", 10), wi("w2", 5, "prime", 20), wi("w3", 9, "prime", 10)};
  Plan p = fcbench::run::plan_baseline(w, t / "w.jsonl", {});
  CHECK(p.src.kind == "baseline");
  CHECK(p.max_concurrent == 1);
  CHECK(p.repetitions == 5);
  REQUIRE(p.instances.size() == 10);  // 2 configurations x 5
  CHECK(p.instances[0].id == "b0001-prime_n_10_-r1");
  CHECK(p.instances[1].id == "b0002-prime_n_20_-r1");
  CHECK(p.instances[2].id == "b0001-prime_n_10_-r2");
  RunOptions opt;
  opt.repetitions = 2;
  CHECK(fcbench::run::plan_baseline(w, t / "w.jsonl", opt).instances.size() == 4);
}

TEST_CASE("a suite's workload block gives the cap and baseline, and the command line wins",
          "[unit][plan]") {
  fcbench::config::Suite s;
  s.workload.emplace();
  s.workload->max_concurrent = 3;
  s.workload->baseline = "/b";
  auto opt = fcbench::run::suite_workload_options(s, {});
  CHECK(opt.max_concurrent == 3);
  CHECK_FALSE(opt.unlimited);
  CHECK(opt.baseline == "/b");
  RunOptions cli;
  cli.max_concurrent = 8;
  cli.baseline = "/mine";
  opt = fcbench::run::suite_workload_options(s, cli);
  CHECK(opt.max_concurrent == 8);
  CHECK(opt.baseline == "/mine");
  s.workload->max_concurrent = 0;
  CHECK(fcbench::run::suite_workload_options(s, {}).unlimited);
}

TEST_CASE("slug keeps letters, digits, dots and dashes", "[unit][plan]") {
  CHECK(fcbench::run::slug("prime[n=10]") == "prime_n_10_");
  CHECK(fcbench::run::slug("a.b-c") == "a.b-c");
  CHECK(fcbench::run::slug(std::string(100, 'x')).size() == 80);
}
