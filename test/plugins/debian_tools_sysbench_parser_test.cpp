// The debian-tools pack's sysbench plugin, loaded through the host loader,
// on sysbench output recorded in guests (test/data/debian-tools/sysbench).
#include <catch2/catch.hpp>

#include "debian_tools_support.hpp"

namespace dt = debian_tools_test;
using fcbench::plugin::ParamMap;

namespace {

std::vector<fcbench::plugin::Metric> parse(const std::string& text, const ParamMap& p) {
  auto s = dt::load("sysbench");
  return s->parse(dt::output(*s, p, text));
}

std::string cpu_out() {
  return dt::recorded("sysbench", "cpu.out");
}

const ParamMap kCpu = {{"test", "cpu"}};

}  // namespace

TEST_CASE("sysbench: metadata and argv per test", "[plugins][debian-tools]") {
  auto s = dt::load("sysbench");
  CHECK(s->name() == "sysbench");
  REQUIRE(s->payload_files().size() == 1);
  CHECK(s->payload_files()[0].kind == FCB_FILE_HOST_BINARY);
  CHECK(s->payload_files()[0].source == "sysbench");
  auto argv = [&](const ParamMap& p) { return s->describe_job(s->with_defaults(p)).argv; };
  const std::vector<std::string> common = {"--threads=1", "--percentile=99", "--time=2",
                                           "--events=0"};
  auto expect = [&](const std::string& test, std::vector<std::string> opts) {
    std::vector<std::string> a = {"/usr/bin/sysbench", test};
    a.insert(a.end(), common.begin(), common.end());
    a.insert(a.end(), opts.begin(), opts.end());
    a.push_back("run");
    return a;
  };
  CHECK(argv(kCpu) == expect("cpu", {"--cpu-max-prime=2000"}));
  CHECK(argv({{"test", "memory"}, {"memory_total_size", "32m"}}) ==
        expect("memory", {"--memory-block-size=1024", "--memory-total-size=33554432",
                          "--memory-oper=write"}));
  CHECK(argv({{"test", "threads"}}) ==
        expect("threads", {"--thread-yields=100", "--thread-locks=4"}));
  CHECK(argv({{"test", "mutex"}}) ==
        expect("mutex", {"--mutex-num=1024", "--mutex-locks=10000", "--mutex-loops=1000"}));
}

TEST_CASE("sysbench: bad parameters are refused with the reason", "[plugins][debian-tools]") {
  auto s = dt::load("sysbench");
  auto job = [&](const ParamMap& p) { return s->describe_job(s->with_defaults(p)); };
  REQUIRE_THROWS_WITH(job({{"test", "fileio"}}),
                      Catch::Contains("test must be cpu, memory, threads or mutex, got 'fileio'"));
  REQUIRE_THROWS_WITH(job({{"threads", "0"}}), Catch::Contains("threads must be in [1, 64]"));
  REQUIRE_THROWS_WITH(job({{"time_s", "0"}}), Catch::Contains("time_s must be in [1, 3600]"));
  REQUIRE_THROWS_WITH(job({{"percentile", "100"}}),
                      Catch::Contains("percentile must be in [1, 99]"));
  REQUIRE_THROWS_WITH(job({{"cpu_max_prime", "2"}}), Catch::Contains("cpu_max_prime must be in"));
  REQUIRE_THROWS_WITH(job({{"test", "memory"}, {"memory_oper", "copy"}}),
                      Catch::Contains("memory_oper must be read or write"));
  REQUIRE_THROWS_WITH(job({{"test", "memory"}, {"memory_block_size", "1 k"}}),
                      Catch::Contains("memory_block_size must be a size like"));
  REQUIRE_THROWS_WITH(job({{"test", "threads"}, {"thread_locks", "0"}}),
                      Catch::Contains("thread_locks must be in"));
  REQUIRE_THROWS_WITH(job({{"test", "mutex"}, {"mutex_num", "x"}}),
                      Catch::Contains("'mutex_num' is not an integer"));
  // A parameter of another test is not checked (it is not passed either).
  CHECK_NOTHROW(job({{"test", "cpu"}, {"memory_oper", "copy"}}));
}

TEST_CASE("sysbench: recorded cpu and memory outputs", "[plugins][debian-tools]") {
  auto cpu = parse(cpu_out(), kCpu);
  CHECK(dt::names(cpu) ==
        std::vector<std::string>{"events_per_s", "latency_avg", "latency_p99", "latency_max"});
  CHECK(dt::metric(cpu, "events_per_s").value == Approx(1822.52));
  CHECK(dt::metric(cpu, "events_per_s").unit == "events/s");
  CHECK(dt::metric(cpu, "latency_avg").value == Approx(0.53));
  CHECK(dt::metric(cpu, "latency_avg").unit == "ms");
  CHECK_FALSE(dt::metric(cpu, "latency_avg").higher_is_better);
  CHECK(dt::metric(cpu, "latency_p99").value == Approx(6.79));
  CHECK(dt::metric(cpu, "latency_max").value == Approx(27.24));

  auto mem = parse(dt::recorded("sysbench", "memory.out"), {{"test", "memory"}});
  CHECK(dt::names(mem) == std::vector<std::string>{"throughput", "ops_per_s", "latency_avg",
                                                   "latency_p99", "latency_max"});
  CHECK(dt::metric(mem, "throughput").value == Approx(579.50));
  CHECK(dt::metric(mem, "throughput").unit == "MiB/s");
  CHECK(dt::metric(mem, "ops_per_s").value == Approx(593409.81));
}

TEST_CASE("sysbench: recorded threads and mutex outputs", "[plugins][debian-tools]") {
  auto th = parse(dt::recorded("sysbench", "threads.out"), {{"test", "threads"}, {"threads", "2"}});
  CHECK(dt::metric(th, "events_per_s").value == Approx(1846 / 2.0109));
  CHECK(dt::metric(th, "latency_p99").value == Approx(23.52));
  auto mu = parse(dt::recorded("sysbench", "mutex.out"), {{"test", "mutex"}, {"threads", "2"}});
  CHECK(dt::names(mu) ==
        std::vector<std::string>{"total_time", "latency_avg", "latency_p99", "latency_max"});
  CHECK(dt::metric(mu, "total_time").value == Approx(34.8));
  CHECK(dt::metric(mu, "total_time").unit == "ms");
  CHECK_FALSE(dt::metric(mu, "total_time").higher_is_better);
  CHECK(dt::metric(mu, "latency_max").value == Approx(5.53));
}

TEST_CASE("sysbench: truncated output fails naming the missing section",
          "[plugins][debian-tools]") {
  std::string text = cpu_out();
  size_t general = text.find("General statistics:"), latency = text.find("Latency (ms):");
  REQUIRE(latency != std::string::npos);
  REQUIRE_THROWS_WITH(parse(text.substr(0, general), kCpu),
                      Catch::Contains("no 'General statistics:' section (truncated?)"));
  REQUIRE_THROWS_WITH(parse(text.substr(0, latency), kCpu),
                      Catch::Contains("no 'Latency (ms):' section (truncated?)"));
  REQUIRE_THROWS_WITH(parse(text.substr(0, text.find("max:", latency)), kCpu),
                      Catch::Contains("'Latency (ms):' has no '99th percentile'"));
  REQUIRE_THROWS_WITH(parse("", kCpu), Catch::Contains("no number after 'Number of threads:'"));
}

TEST_CASE("sysbench: garbled output fails naming the field", "[plugins][debian-tools]") {
  REQUIRE_THROWS_WITH(parse(dt::replaced(cpu_out(), "1822.52", "fast"), kCpu),
                      Catch::Contains("no number after 'events per second:'"));
  REQUIRE_THROWS_WITH(parse(dt::replaced(cpu_out(), "2.0118s", "nan"), kCpu),
                      Catch::Contains("'General statistics:' has a bad 'total time': 'nan'"));
  REQUIRE_THROWS_WITH(parse(dt::replaced(cpu_out(), "99th percentile", "95th percentile"), kCpu),
                      Catch::Contains("'Latency (ms):' has no '99th percentile'"));
  REQUIRE_THROWS_WITH(
      parse(dt::replaced(cpu_out(), "events:              3710", "events: 0"), kCpu),
      Catch::Contains("no events ran"));
  REQUIRE_THROWS_WITH(parse(cpu_out(), {{"test", "cpu"}, {"threads", "4"}}),
                      Catch::Contains("not for threads=4"));
  REQUIRE_THROWS_WITH(parse(cpu_out(), {{"test", "memory"}}),
                      Catch::Contains("no 'MiB transferred'"));
  REQUIRE_THROWS_WITH(
      parse(dt::replaced(dt::recorded("sysbench", "memory.out"), "(579.50 MiB/sec)", "(? MiB/sec)"),
            {{"test", "memory"}}),
      Catch::Contains("has no number after '('"));
}
