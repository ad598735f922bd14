// The debian-tools pack's stress_ng plugin, loaded through the host loader,
// on stress-ng --yaml files recorded in guests (test/data/debian-tools/stress_ng).
#include <catch2/catch.hpp>

#include "debian_tools_support.hpp"

namespace dt = debian_tools_test;
using fcbench::plugin::GuestOutput;
using fcbench::plugin::ParamMap;

namespace {

const ParamMap kCpu = {{"stressor", "cpu"}, {"timeout_s", "2"}};
const ParamMap kMix = {{"stressor", "cpu,matrix"}, {"ops", "20"}};

// The YAML as the result file stress-ng.yaml; stdout stays empty, as in a guest.
GuestOutput with_yaml(const dt::Plugin& p, const ParamMap& params, const std::string& yaml) {
  auto o = dt::output(p, params, "");
  o.files = {{"stress-ng.yaml", yaml}};
  return o;
}

std::string cpu_yaml() {
  return dt::recorded("stress_ng", "cpu.yaml");
}

}  // namespace

TEST_CASE("stress_ng: metadata, argv and result file", "[plugins][debian-tools]") {
  auto s = dt::load("stress_ng");
  CHECK(s->name() == "stress_ng");
  REQUIRE(s->payload_files().size() == 1);
  CHECK(s->payload_files()[0].kind == FCB_FILE_HOST_BINARY);
  CHECK(s->payload_files()[0].source == "stress-ng");
  auto j = s->describe_job(s->with_defaults(kCpu));
  CHECK(j.argv == std::vector<std::string>{"/usr/bin/stress-ng", "--cpu", "1", "--timeout", "2s",
                                           "--metrics", "--yaml", "stress-ng.yaml"});
  CHECK(j.result_files == std::vector<std::string>{"stress-ng.yaml"});
  auto mix = s->describe_job(
      s->with_defaults({{"stressor", "cpu,vm-rw"}, {"workers", "2"}, {"ops", "20"}}));
  CHECK(mix.argv == std::vector<std::string>{"/usr/bin/stress-ng", "--cpu", "2", "--cpu-ops", "20",
                                             "--vm-rw", "2", "--vm-rw-ops", "20", "--timeout", "5s",
                                             "--metrics", "--yaml", "stress-ng.yaml"});
}

TEST_CASE("stress_ng: bad parameters are refused with the reason", "[plugins][debian-tools]") {
  auto s = dt::load("stress_ng");
  auto job = [&](const ParamMap& p) { return s->describe_job(s->with_defaults(p)); };
  for (const char* bad : {"", "CPU", "cpu;ls", "--cpu", "cpu,,vm", "cpu,"}) {
    INFO("stressor '" << bad << "'");
    REQUIRE_THROWS_WITH(job({{"stressor", bad}}), Catch::Contains("stressor must be stress-ng"));
  }
  REQUIRE_THROWS_WITH(job({{"stressor", "cpu,cpu"}}), Catch::Contains("names 'cpu' twice"));
  REQUIRE_THROWS_WITH(job({{"stressor", "a,b,c,d,e,f,g,h,i"}}),
                      Catch::Contains("more than 8 stressors"));
  REQUIRE_THROWS_WITH(job({{"workers", "0"}}), Catch::Contains("workers must be in [1, 64]"));
  REQUIRE_THROWS_WITH(job({{"ops", "-1"}}), Catch::Contains("ops must be in [0,"));
  REQUIRE_THROWS_WITH(job({{"timeout_s", "0"}}), Catch::Contains("timeout_s must be in [1,"));
}

TEST_CASE("stress_ng: recorded YAML gives bogo-ops/s per stressor", "[plugins][debian-tools]") {
  auto s = dt::load("stress_ng");
  auto m = s->parse(with_yaml(*s, kCpu, cpu_yaml()));
  CHECK(dt::names(m) == std::vector<std::string>{"cpu_bogo_ops_per_s", "cpu_bogo_ops_per_cpu_s"});
  CHECK(dt::metric(m, "cpu_bogo_ops_per_s").value == Approx(80.789159));
  CHECK(dt::metric(m, "cpu_bogo_ops_per_s").unit == "bogo-ops/s");
  CHECK(dt::metric(m, "cpu_bogo_ops_per_s").higher_is_better);
  CHECK(dt::metric(m, "cpu_bogo_ops_per_cpu_s").value == Approx(81.541432));

  auto mix = s->parse(with_yaml(*s, kMix, dt::recorded("stress_ng", "cpu_matrix.yaml")));
  CHECK(dt::names(mix) == std::vector<std::string>{"cpu_bogo_ops_per_s", "cpu_bogo_ops_per_cpu_s",
                                                   "matrix_bogo_ops_per_s",
                                                   "matrix_bogo_ops_per_cpu_s"});
  CHECK(dt::metric(mix, "cpu_bogo_ops_per_s").value == Approx(12.774713));
  CHECK(dt::metric(mix, "matrix_bogo_ops_per_s").value == Approx(51.962727));
}

TEST_CASE("stress_ng: truncated YAML fails", "[plugins][debian-tools]") {
  auto s = dt::load("stress_ng");
  std::string y = cpu_yaml();
  size_t cut = y.find("bogo-ops-per-second-real-time");
  REQUIRE(cut != std::string::npos);
  for (size_t keep : {cut, y.size() - 5, y.size() / 3}) {
    INFO("kept " << keep << " bytes");
    REQUIRE_THROWS_WITH(s->parse(with_yaml(*s, kCpu, y.substr(0, keep))),
                        Catch::Contains("stress-ng YAML is truncated (no final '...' line)"));
  }
  REQUIRE_THROWS_WITH(s->parse(with_yaml(*s, kCpu, "")),
                      Catch::Contains("stress-ng wrote no stress-ng.yaml"));
  REQUIRE_THROWS_WITH(s->parse(dt::output(*s, kCpu, "")),
                      Catch::Contains("stress-ng wrote no stress-ng.yaml"));
}

TEST_CASE("stress_ng: garbled YAML fails naming the field", "[plugins][debian-tools]") {
  auto s = dt::load("stress_ng");
  auto parse = [&](const std::string& yaml, const ParamMap& p = kCpu) {
    return s->parse(with_yaml(*s, p, yaml));
  };
  REQUIRE_THROWS_WITH(
      parse(dt::replaced(cpu_yaml(), "real-time: 80.789159", "real-time: 8x.7")),
      Catch::Contains("stressor cpu has a bad bogo-ops-per-second-real-time: '8x.7'"));
  REQUIRE_THROWS_WITH(parse(dt::replaced(cpu_yaml(), "bogo-ops-per-second-usr-sys-time", "usr")),
                      Catch::Contains("stressor cpu has no bogo-ops-per-second-usr-sys-time"));
  REQUIRE_THROWS_WITH(parse(dt::replaced(cpu_yaml(), "bogo-ops: 169", "bogo-ops: 0")),
                      Catch::Contains("stressor cpu did no bogo-ops"));
  REQUIRE_THROWS_WITH(parse(dt::replaced(cpu_yaml(), "wall-clock-time:", "wall clock time")),
                      Catch::Contains("line 'wall clock time 2.091865' is not 'key: value'"));
  REQUIRE_THROWS_WITH(parse(dt::replaced(cpu_yaml(), "metrics:", "metricz:")),
                      Catch::Contains("has no metrics for stressor cpu"));
  REQUIRE_THROWS_WITH(parse(cpu_yaml(), kMix), Catch::Contains("no metrics for stressor matrix"));
  // stress-ng's own failure: the exit status and stderr are the reason.
  auto o = with_yaml(*s, kCpu, "");
  o.exit_status = 1;
  o.err = "stress-ng: error: [96] unrecognized option '--cpux'\n";
  REQUIRE_THROWS_WITH(s->parse(o), Catch::Contains("payload exited with status 1") &&
                                       Catch::Contains("unrecognized option"));
}
