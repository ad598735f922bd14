// run/scheduler: the concurrency cap's decision, and the admission hook
// driven by the real event loop: adaptive benchmarks of the sleeper
// fixture, run natively, stay interleaved and stop independently.
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "../fixtures/fake_cgroups.hpp"
#include "../fixtures/test_support.hpp"
#include "host/cgroup.hpp"
#include "plugin/plugin.hpp"
#include "run/adaptive_gate.hpp"
#include "run/plan.hpp"
#include "run/scheduler.hpp"
#include "util/fs.hpp"
#include "vmm/native.hpp"

using fcbench::run::has_free_slot;

TEST_CASE("the cap admits up to max_concurrent instances, no more", "[unit][scheduler]") {
  CHECK(has_free_slot(0, 1));
  CHECK_FALSE(has_free_slot(1, 1));
  CHECK(has_free_slot(1, 2));
  CHECK_FALSE(has_free_slot(2, 2));
  CHECK_FALSE(has_free_slot(3, 2));
  CHECK(has_free_slot(0, 0));  // 0: no cap
  CHECK(has_free_slot(100000, 0));
}

namespace {

using fcbench::config::AdaptiveRepetitions;
using fcbench::results::Record;

std::shared_ptr<const fcbench::plugin::Plugin> sleeper() {
  static auto p = fcbench::plugin::Plugin::load(std::string(FCBENCH_FIXTURE_PLUGIN_DIR) +
                                                "/sleeper.fcbench.so");
  return p;
}

fcbench::config::Benchmark sleeper_bench(const std::string& name, const std::string& exit_code,
                                         const std::string& metric, uint32_t min, uint32_t max,
                                         double target) {
  fcbench::config::Benchmark b;
  b.name = name;
  b.plugin = "sleeper";
  b.params = sleeper()->with_defaults({{"seconds", "0.05"}, {"exit_code", exit_code}});
  b.vm.vmm = "native";
  b.vm.adaptive = AdaptiveRepetitions{min, max, AdaptiveRepetitions::Criterion::ci, target};
  b.vm.repetitions = max;
  b.vm.primary_metric = metric;
  return b;
}

// What make_placer does for native benchmarks, without the assets.
fcbench::run::Placer native_placer(const fcbench::run::Plan&, const std::filesystem::path& dir) {
  static const fcbench::vmm::NativeDriver native;
  return fcbench::run::Placer(
      [](const fcbench::config::Benchmark& b) {
        fcbench::run::Placed p;
        p.bench = &b;
        p.plugin = sleeper();
        p.driver = &native;
        p.base.benchmark = b.name;
        p.base.plugin = "sleeper";
        p.base.params = b.params;
        return p;
      },
      dir);
}

void make_dir(fcbench::run::Placed& inst) {
  fcbench::make_private_dir(inst.spec.instance_dir);
}

}  // namespace

TEST_CASE("scheduler: adaptive benchmarks stay interleaved and stop independently",
          "[unit][scheduler][adaptive]") {
  fcbench::test::TempDir dir;
  fcbench::config::Suite suite;
  suite.name = "s";
  suite.file = dir / "s.yaml";
  suite.benchmarks = {// echo_length is the same every run: no spread, converged at min.
                      sleeper_bench("steady", "0", "", 3, 6, 0.05),
                      // Process times never agree to 1e-6: runs to max.
                      sleeper_bench("noisy", "0", "vm.end_to_end", 3, 6, 1e-6),
                      // Exits 3 every time: all of the first round failed, no more.
                      sleeper_bench("failing", "3", "", 3, 6, 0.05)};
  fcbench::run::RunOptions ro;
  ro.max_concurrent = 2;
  auto plan = fcbench::run::plan_suite(suite, ro);
  REQUIRE(plan.instances.size() == 18);
  const auto placer = native_placer(plan, dir.path());
  std::filesystem::create_directories(dir / "logs");

  fcbench::run::AdaptiveGate gate(plan.benches, {});
  std::vector<Record> recs;
  std::set<std::string> skipped;
  fcbench::run::ExecContext ctx;
  ctx.logs_dir = dir / "logs";
  fcbench::run::ScheduleOptions so;
  so.max_concurrent = plan.max_concurrent;
  so.placer = &placer;
  so.prepare = make_dir;
  so.on_record = [&](const fcbench::run::Instance&, Record r) { recs.push_back(std::move(r)); };
  so.admission = &gate;
  so.on_skip = [&](const fcbench::run::Instance& inst) { skipped.insert(inst.id); };
  auto res = fcbench::run::run_schedule(plan.instances, ctx, so);

  std::map<std::string, size_t> count;
  std::map<std::string, std::set<std::string>> statuses;
  for (auto& r : recs) {
    ++count[r.benchmark];
    statuses[r.benchmark].insert(to_string(r.status));
  }
  INFO(recs.size() << " records");
  CHECK(count["steady"] == 3);
  CHECK(count["noisy"] == 6);
  CHECK(count["failing"] == 3);
  CHECK(statuses["steady"] == std::set<std::string>{"ok"});
  CHECK(statuses["failing"] == std::set<std::string>{"failed"});
  CHECK(res.skipped == 6);
  CHECK(res.started == 12);
  CHECK(skipped == std::set<std::string>{"0010-steady-r4", "0012-failing-r4", "0013-steady-r5",
                                         "0015-failing-r5", "0016-steady-r6", "0018-failing-r6"});
  CHECK(gate.tracker(&plan.benches[0])->decision().reason == "converged at n=3");
  CHECK(gate.tracker(&plan.benches[1])->decision().stop == fcbench::run::Stop::max);
  CHECK(gate.tracker(&plan.benches[2])->decision().reason == "all 3 runs failed; stopped at min=3");

  // Launch order: the first round interleaved as planned, then noisy alone.
  std::sort(recs.begin(), recs.end(), [](auto& a, auto& b) { return a.started_ns < b.started_ns; });
  std::vector<std::string> order;
  for (auto& r : recs) order.push_back(r.benchmark);
  CHECK(order == std::vector<std::string>{"steady", "noisy", "failing", "steady", "noisy",
                                          "failing", "steady", "noisy", "failing", "noisy", "noisy",
                                          "noisy"});
  // Never more than the cap at once.
  std::vector<std::pair<int64_t, int>> edges;
  for (auto& r : recs) edges.push_back({r.started_ns, 1}), edges.push_back({r.ts.exited, -1});
  std::sort(edges.begin(), edges.end());
  int now = 0, peak = 0;
  for (auto& [t, d] : edges) peak = std::max(peak, now += d);
  CHECK(peak <= 2);
}

TEST_CASE("scheduler: an interrupt with many pending keeps the running instance's own timing",
          "[unit][scheduler]") {
  fcbench::test::TempDir dir;
  fcbench::config::Suite suite;
  suite.name = "s";
  suite.file = dir / "s.yaml";
  auto bench = sleeper_bench("sleep", "0", "", 1, 1, 0.05);
  bench.vm.adaptive.reset();
  bench.params["seconds"] = "0.3";
  bench.vm.repetitions = 2000;
  suite.benchmarks = {bench};
  fcbench::run::RunOptions ro;
  ro.max_concurrent = 1;
  auto plan = fcbench::run::plan_suite(suite, ro);
  REQUIRE(plan.instances.size() == 2000);
  for (size_t i = 0; i < plan.instances.size(); ++i)
    plan.instances[i].arrival_ns = i == 0 ? 0 : 3600'000'000'000;  // the rest: an hour later
  const auto placer = native_placer(plan, dir.path());
  std::filesystem::create_directories(dir / "logs");

  std::atomic<bool> interrupted{false};
  std::vector<Record> recs;
  fcbench::run::ExecContext ctx;
  ctx.logs_dir = dir / "logs";
  fcbench::run::ScheduleOptions so;
  so.interrupted = &interrupted;
  so.placer = &placer;
  so.prepare = make_dir;
  so.on_record = [&](const fcbench::run::Instance&, Record r) { recs.push_back(std::move(r)); };
  size_t pending = 0;
  so.on_not_started = [&](const fcbench::run::Instance&, const std::string&, int64_t) {
    // A slow writer: 1,999 not_started records take about 2 s.
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ++pending;
  };
  std::thread stop([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    interrupted = true;
  });
  auto res = fcbench::run::run_schedule(plan.instances, ctx, so);
  stop.join();

  CHECK(res.interrupted);
  CHECK(res.not_started == 1999);
  CHECK(pending == 1999);
  REQUIRE(recs.size() == 1);
  auto first =
      std::find_if(recs.begin(), recs.end(), [&](auto& r) { return r.id == plan.instances[0].id; });
  REQUIRE(first != recs.end());
  CHECK(first->status == fcbench::results::Status::ok);  // it ended within the grace
  // 0.3 s of sleep, not the time fcbench took to record the others.
  CHECK(first->guest_payload_ns >= 300'000'000);
  CHECK(first->guest_payload_ns < 800'000'000);
}

TEST_CASE("scheduler: a halt stops launching, lets the running instance end, records the rest",
          "[unit][scheduler]") {
  fcbench::test::TempDir dir;
  fcbench::config::Suite suite;
  suite.name = "s";
  suite.file = dir / "s.yaml";
  auto bench = sleeper_bench("sleep", "0", "", 1, 1, 0.05);
  bench.vm.adaptive.reset();
  bench.params["seconds"] = "0.5";
  bench.vm.repetitions = 5;
  suite.benchmarks = {bench};
  fcbench::run::RunOptions ro;
  ro.max_concurrent = 1;
  auto plan = fcbench::run::plan_suite(suite, ro);
  const auto placer = native_placer(plan, dir.path());
  std::filesystem::create_directories(dir / "logs");

  std::atomic<bool> halted{false};
  std::vector<Record> recs;
  fcbench::run::ExecContext ctx;
  ctx.logs_dir = dir / "logs";
  fcbench::run::ScheduleOptions so;
  so.halted = &halted;
  so.halt_reason = [] { return std::string("disk full: stopped"); };
  so.grace_ns = 50'000'000;  // an interrupt's grace; a halt waits for the instance itself
  so.placer = &placer;
  so.prepare = make_dir;
  so.on_record = [&](const fcbench::run::Instance&, Record r) { recs.push_back(std::move(r)); };
  std::vector<std::pair<std::string, std::string>> pending;  // id, why
  so.on_not_started = [&](const fcbench::run::Instance& inst, const std::string& why,
                          int64_t scheduled_ns) {
    CHECK(scheduled_ns > 0);
    pending.emplace_back(inst.id, why);
  };
  std::thread stop([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    halted = true;
  });
  auto res = fcbench::run::run_schedule(plan.instances, ctx, so);
  stop.join();

  CHECK(res.halted);
  CHECK_FALSE(res.interrupted);
  CHECK(res.started == 1);
  CHECK(res.not_started == 4);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].status == fcbench::results::Status::ok);  // ran its 0.5 s to the end
  REQUIRE(pending.size() == 4);
  for (size_t i = 0; i < pending.size(); ++i) {
    CHECK(pending[i].first == plan.instances[i + 1].id);
    CHECK(pending[i].second == "disk full: stopped");
  }
}

TEST_CASE("scheduler: each instance is prepared once, pre-started ones too", "[unit][scheduler]") {
  // A pre-started instance is still to arrive when the next pass looks
  // ahead for what to prepare; it used to be prepared again there, and that
  // second copy was held until the run ended (a few hundred bytes per
  // instance of a long workload, and twice the preparation work).
  fcbench::test::TempDir dir;
  fcbench::config::Suite suite;
  suite.name = "s";
  suite.file = dir / "s.yaml";
  auto bench = sleeper_bench("quick", "0", "", 1, 1, 0.05);
  bench.vm.adaptive.reset();
  bench.vm.repetitions = 40;
  suite.benchmarks = {bench};
  auto plan = fcbench::run::plan_suite(suite, {});
  REQUIRE(plan.instances.size() == 40);
  for (size_t i = 0; i < plan.instances.size(); ++i)
    plan.instances[i].arrival_ns = int64_t(i) * 20'000'000;  // within the pre-start horizon
  const auto placer = native_placer(plan, dir.path());
  std::filesystem::create_directories(dir / "logs");

  std::mutex mu;
  std::map<std::string, int> prepared;
  std::vector<Record> recs;
  // Instances pre-start only in cgroups: a fake tree's (test double).
  fcbench::test::FakeCgroups fake(dir / "cg", fcbench::test::FakeCgroups::Kind::v2);
  const fcbench::host::Cgroups cgroups(
      fcbench::host::detect_cgroups(fake.root(), fake.self_cgroup()), ::getpid());
  fcbench::run::ExecContext ctx;
  ctx.logs_dir = dir / "logs";
  ctx.cgroups = &cgroups;
  fcbench::run::ScheduleOptions so;
  so.placer = &placer;
  so.prepare = [&](fcbench::run::Placed& inst) {
    make_dir(inst);
    std::lock_guard lk(mu);
    ++prepared[inst.id];
  };
  so.on_record = [&](const fcbench::run::Instance&, Record r) { recs.push_back(std::move(r)); };
  auto res = fcbench::run::run_schedule(plan.instances, ctx, so);

  CHECK(res.started == 40);
  REQUIRE(recs.size() == 40);
  for (auto& r : recs) CHECK(r.status == fcbench::results::Status::ok);
  CHECK(prepared.size() == 40);
  for (auto& [id, n] : prepared) {
    INFO(id);
    CHECK(n == 1);
  }
}
