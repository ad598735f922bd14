// The debian-tools pack end to end: its suite boots one QEMU TCG guest per
// plugin (fio, stress_ng, sysbench), each running the Debian tool carried
// into the rootfs with its library closure.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "e2e_support.hpp"

namespace {

using fcbench::e2e::metric;
using nlohmann::json;

double value(const json& rec, const std::string& name, const std::string& unit) {
  const json* m = metric(rec, name);
  INFO("metric " << name);
  REQUIRE(m);
  CHECK((*m)["unit"] == unit);
  return (*m)["value"].get<double>();
}

void check_fio(const json& rec) {
  for (std::string dir : {"read", "write"}) {
    CHECK(value(rec, dir + "_iops", "IOPS") > 0);
    CHECK(value(rec, dir + "_bw", "MiB/s") > 0);
    double p50 = value(rec, dir + "_clat_p50", "us"), p99 = value(rec, dir + "_clat_p99", "us");
    CHECK(0 < p50);
    CHECK(p50 <= p99);
    CHECK(p99 <= value(rec, dir + "_clat_p99_9", "us"));
  }
}

void check_sysbench(const json& rec) {
  CHECK(value(rec, "events_per_s", "events/s") > 0);
  double avg = value(rec, "latency_avg", "ms");
  CHECK(avg <= value(rec, "latency_p99", "ms") + 0.01);  // sysbench rounds to 0.01 ms
  CHECK(avg <= value(rec, "latency_max", "ms"));
}

}  // namespace

TEST_CASE("debian-tools: fio, stress_ng and sysbench each run under TCG and yield metrics",
          "[e2e][debian-tools]") {
  for (const char* tool : {"fio", "stress-ng", "sysbench"}) {
    INFO(tool << " is not installed on the host: run ./setup.sh");
    REQUIRE_FALSE(fcbench::which(tool).empty());
  }
  fcbench::e2e::Sandbox t;
  auto out = t / "out";
  auto r = fcbench::e2e::fcbench_cmd({"run", FCBENCH_DEBIAN_TOOLS_SUITE, "-o", out.string(),
                                      "--plugin-path", FCBENCH_DEBIAN_TOOLS_PLUGIN_DIR, "--accel",
                                      "tcg"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto recs = fcbench::e2e::records(out);
  REQUIRE(recs.size() == 3);
  std::set<std::string> seen;
  for (auto& rec : recs) {
    INFO(rec.dump());
    REQUIRE(rec["status"] == "ok");
    CHECK(rec["accel"] == "tcg");
    CHECK(rec["env"]["plugin_version"] == "1.0.0");
    const std::string plugin = rec["plugin"];
    seen.insert(plugin);
    if (plugin == "fio") {
      check_fio(rec);
      CHECK(rec["metrics"].size() == 10);
    } else if (plugin == "stress_ng") {
      CHECK(value(rec, "cpu_bogo_ops_per_s", "bogo-ops/s") > 0);
      CHECK(value(rec, "cpu_bogo_ops_per_cpu_s", "bogo-ops/s") > 0);
    } else {
      check_sysbench(rec);
    }
  }
  CHECK(seen == std::set<std::string>{"fio", "stress_ng", "sysbench"});
}
