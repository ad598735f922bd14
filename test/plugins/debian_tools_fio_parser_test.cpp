// The debian-tools pack's fio plugin, loaded through the host loader, on
// fio JSON recorded in guests (test/data/debian-tools/fio).
#include <catch2/catch.hpp>

#include "debian_tools_support.hpp"

namespace dt = debian_tools_test;
using fcbench::plugin::ParamMap;

namespace {

const ParamMap kRandrw = {
    {"rw", "randrw"}, {"size", "4m"}, {"iodepth", "4"}, {"ioengine", "libaio"}, {"runtime_s", "5"}};
const ParamMap kRead = {{"rw", "read"}, {"bs", "64k"}, {"size", "8m"}, {"runtime_s", "5"}};

std::vector<fcbench::plugin::Metric> parse_recorded(const std::string& file, const ParamMap& p) {
  auto fio = dt::load("fio");
  return fio->parse(dt::output(*fio, p, dt::recorded("fio", file)));
}

std::string randrw() {
  return dt::recorded("fio", "randrw_libaio_4k.json");
}

}  // namespace

TEST_CASE("fio: metadata, argv and write disk size", "[plugins][debian-tools]") {
  auto fio = dt::load("fio");
  CHECK(fio->name() == "fio");
  CHECK(fio->version() == "1.0.0");
  REQUIRE(fio->payload_files().size() == 1);
  CHECK(fio->payload_files()[0].kind == FCB_FILE_HOST_BINARY);
  CHECK(fio->payload_files()[0].source == "fio");
  CHECK(fio->payload_files()[0].guest_path == "/usr/bin/fio");
  auto j = fio->describe_job(fio->with_defaults(kRandrw));
  CHECK(j.argv == std::vector<std::string>{"/usr/bin/fio", "--output-format=json", "--name=fcbench",
                                           "--filename=fio.dat", "--rw=randrw", "--bs=4096",
                                           "--size=4194304", "--iodepth=4", "--ioengine=libaio",
                                           "--direct=1", "--runtime=5",
                                           "--percentile_list=50:99:99.9"});
  CHECK(j.requirements.write_disk_mib == 4 + 0 + 32);
  auto big = fio->describe_job(fio->with_defaults({{"size", "1g"}, {"bs", "1m"}}));
  CHECK(big.requirements.write_disk_mib == 1024 + 128 + 32);
}

TEST_CASE("fio: bad parameters are refused with the reason", "[plugins][debian-tools]") {
  auto fio = dt::load("fio");
  auto job = [&](const ParamMap& p) { return fio->describe_job(fio->with_defaults(p)); };
  REQUIRE_THROWS_WITH(job({{"rw", "randtrim"}}), Catch::Contains("rw must be one of read, write"));
  REQUIRE_THROWS_WITH(job({{"ioengine", "io_uring"}}),
                      Catch::Contains("ioengine must be psync or libaio, got 'io_uring'"));
  REQUIRE_THROWS_WITH(job({{"bs", "4x"}}), Catch::Contains("bs must be a size like"));
  REQUIRE_THROWS_WITH(job({{"bs", "100"}}), Catch::Contains("bs must be a multiple of 512"));
  REQUIRE_THROWS_WITH(job({{"bs", "32m"}}), Catch::Contains("in [512, 16m]"));
  REQUIRE_THROWS_WITH(job({{"size", "6k"}}), Catch::Contains("size must be a multiple of bs"));
  REQUIRE_THROWS_WITH(job({{"size", "5g"}}), Catch::Contains("up to 4g"));
  REQUIRE_THROWS_WITH(job({{"iodepth", "0"}}), Catch::Contains("iodepth must be in [1, 256]"));
  REQUIRE_THROWS_WITH(job({{"iodepth", "8"}}),
                      Catch::Contains("iodepth > 1 needs ioengine=libaio"));
  REQUIRE_THROWS_WITH(job({{"runtime_s", "0"}}), Catch::Contains("runtime_s must be in [1, 3600]"));
  CHECK_NOTHROW(job({{"iodepth", "8"}, {"ioengine", "libaio"}, {"bs", "16m"}, {"size", "4g"}}));
}

TEST_CASE("fio: recorded randrw libaio output gives both directions", "[plugins][debian-tools]") {
  auto m = parse_recorded("randrw_libaio_4k.json", kRandrw);
  CHECK(dt::names(m) == std::vector<std::string>{"read_iops", "read_bw", "read_clat_p50",
                                                 "read_clat_p99", "read_clat_p99_9", "write_iops",
                                                 "write_bw", "write_clat_p50", "write_clat_p99",
                                                 "write_clat_p99_9"});
  CHECK(dt::metric(m, "read_iops").value == Approx(870.175439));
  CHECK(dt::metric(m, "read_iops").unit == "IOPS");
  CHECK(dt::metric(m, "read_iops").higher_is_better);
  CHECK(dt::metric(m, "read_bw").value == Approx(3564238.0 / (1 << 20)));
  CHECK(dt::metric(m, "read_bw").unit == "MiB/s");
  CHECK(dt::metric(m, "read_clat_p50").value == Approx(700.416));
  CHECK(dt::metric(m, "read_clat_p50").unit == "us");
  CHECK_FALSE(dt::metric(m, "read_clat_p50").higher_is_better);
  CHECK(dt::metric(m, "read_clat_p99").value == Approx(8585.216));
  CHECK(dt::metric(m, "read_clat_p99_9").value == Approx(23199.744));
  CHECK(dt::metric(m, "write_iops").value == Approx(926.315789));
  CHECK(dt::metric(m, "write_clat_p99_9").value == Approx(20054.016));
}

TEST_CASE("fio: recorded read and randwrite outputs give one direction each",
          "[plugins][debian-tools]") {
  auto r = parse_recorded("read_psync_64k.json", kRead);
  CHECK(dt::names(r) == std::vector<std::string>{"read_iops", "read_bw", "read_clat_p50",
                                                 "read_clat_p99", "read_clat_p99_9"});
  CHECK(dt::metric(r, "read_bw").value == Approx(94254022.0 / (1 << 20)));
  CHECK(dt::metric(r, "read_clat_p50").value == Approx(191.488));
  auto w = parse_recorded("randwrite_buffered_4k.json",
                          {{"rw", "randwrite"}, {"size", "4m"}, {"direct", "false"}});
  REQUIRE(w.size() == 5);
  CHECK(dt::metric(w, "write_iops").value == Approx(2221.258134));
  CHECK(dt::metric(w, "write_clat_p99").value == Approx(12910.592));
}

TEST_CASE("fio: truncated output fails with a JSON parse error", "[plugins][debian-tools]") {
  auto fio = dt::load("fio");
  std::string text = randrw();
  for (size_t keep : {text.size() / 2, text.size() - 3, size_t(1)}) {
    INFO("kept " << keep << " bytes");
    REQUIRE_THROWS_WITH(
        fio->parse(dt::output(*fio, kRandrw, text.substr(0, keep))),
        Catch::Contains("fio JSON output is malformed") && Catch::Contains("parse error"));
  }
  REQUIRE_THROWS_WITH(fio->parse(dt::output(*fio, kRandrw, "")),
                      Catch::Contains("fio output has no JSON document"));
  REQUIRE_THROWS_WITH(fio->parse(dt::output(*fio, kRandrw, "fio: engine libaio not loadable\n")),
                      Catch::Contains("fio output has no JSON document"));
}

TEST_CASE("fio: garbled output fails naming the field", "[plugins][debian-tools]") {
  auto fio = dt::load("fio");
  auto parse = [&](const std::string& text, const ParamMap& p = kRandrw) {
    return fio->parse(dt::output(*fio, p, text));
  };
  REQUIRE_THROWS_WITH(parse(dt::replaced(randrw(), "\"iops\" : 870.175439", "\"iops\" : \"x\"")),
                      Catch::Contains("jobs[0].read.iops is not a number"));
  REQUIRE_THROWS_WITH(parse(dt::replaced(randrw(), "\"99.900000\"", "\"99.950000\"")),
                      Catch::Contains("no jobs[0].read.clat_ns.percentile.99.900000"));
  REQUIRE_THROWS_WITH(parse(dt::replaced(randrw(), "\"jobs\"", "\"jobz\"")),
                      Catch::Contains("no 'jobs' array"));
  REQUIRE_THROWS_WITH(parse(dt::replaced(randrw(), "\"error\" : 0", "\"error\" : 5")),
                      Catch::Contains("fio job failed with error 5"));
  REQUIRE_THROWS_WITH(parse(dt::replaced(randrw(), "\"total_ios\" : 496", "\"total_ios\" : 0")),
                      Catch::Contains("fio did no read I/O"));
  // Output for another rw pattern than the parameters ask for.
  REQUIRE_THROWS_WITH(parse(randrw(), {{"rw", "randread"}}),
                      Catch::Contains("not for rw=randread (it says rw=\"randrw\")"));
  // A failed run: exit status and stderr, not the parser, are the reason.
  auto o = dt::output(*fio, kRandrw, "");
  o.exit_status = 1;
  o.err = "fio: pid=0, err=22/file:filesetup.c:240, func=open, error=Invalid argument\n";
  REQUIRE_THROWS_WITH(fio->parse(o), Catch::Contains("payload exited with status 1") &&
                                         Catch::Contains("error=Invalid argument"));
}
