// The stream plugin, loaded through the host loader.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "parser_support.hpp"
#include "plugin/plugin.hpp"

using fcbench::plugin::GuestOutput;
using fcbench::plugin::Plugin;

namespace {

std::shared_ptr<const Plugin> load_stream() {
  return parser_support::load_builtin("stream");
}
std::string stream_data(const std::string& file) {
  return parser_support::recorded("stream", file);
}
GuestOutput stream_output(const Plugin& p, const std::string& file,
                          const fcbench::plugin::ParamMap& params = {}) {
  return parser_support::recorded_output(p, "stream", file, params);
}

}  // namespace

TEST_CASE("stream: metadata and payload", "[plugins]") {
  auto p = load_stream();
  CHECK(p->name() == "stream");
  CHECK(p->version() == "1.0.0");
  CHECK(p->find_param("array_size")->default_value == "2000000");
  CHECK(p->find_param("iterations")->default_value == "5");
  REQUIRE(p->payload_files().size() == 1);
  CHECK(p->payload_files()[0].guest_path == "/opt/fcbench/stream/stream");
  CHECK(std::ifstream(p->payload_files()[0].source).good());
}

TEST_CASE("stream: describe_job builds argv and validates params", "[plugins]") {
  auto p = load_stream();
  auto j = p->describe_job(p->with_defaults({}));
  CHECK(j.argv == std::vector<std::string>{"/opt/fcbench/stream/stream", "2000000", "5"});
  CHECK(j.requirements.min_mem_mib >= 3 * 8 * 2000000 / (1 << 20) + 32);

  REQUIRE_THROWS_WITH(p->describe_job(p->with_defaults({{"array_size", "0"}})),
                      Catch::Contains("array_size must be in [1, 134217728]"));
  REQUIRE_THROWS_WITH(p->describe_job(p->with_defaults({{"iterations", "0"}})),
                      Catch::Contains("iterations must be in [1, 1000]"));
  REQUIRE_THROWS_WITH(p->describe_job(p->with_defaults({{"iterations", "1001"}})),
                      Catch::Contains("got 1001"));
}

TEST_CASE("stream: good output parses to four bandwidths", "[plugins]") {
  auto p = load_stream();
  auto m = p->parse(stream_output(*p, "default.out"));
  REQUIRE(m.size() == 4);
  const char* names[] = {"copy", "scale", "add", "triad"};
  const double values[] = {11996.9, 12045.2, 17253.8, 21457.9};
  for (int i = 0; i < 4; ++i) {
    CHECK(m[i].name == names[i]);
    CHECK(m[i].value == Approx(values[i]));
    CHECK(m[i].unit == "MB/s");
    CHECK(m[i].higher_is_better);
  }
  auto s = p->parse(stream_output(*p, "small.out", {{"array_size", "1000"}, {"iterations", "1"}}));
  CHECK(s[3].value == Approx(35767.5));
}

TEST_CASE("stream: bad output is rejected with a reason", "[plugins]") {
  auto p = load_stream();
  REQUIRE_THROWS_WITH(p->parse(stream_output(*p, "truncated.out")),
                      Catch::Contains("no 'validation:' line"));
  REQUIRE_THROWS_WITH(p->parse(stream_output(*p, "garbage.out")),
                      Catch::Contains("no 'array_size:' line"));
  REQUIRE_THROWS_WITH(p->parse(stream_output(*p, "small.out")),
                      Catch::Contains("output is for array_size=1000 iterations=1"));

  GuestOutput bad = stream_output(*p, "default.out");
  bad.out.replace(bad.out.find("validation: passed"), 18, "validation: skipped");
  REQUIRE_THROWS_WITH(p->parse(bad), Catch::Contains("validation did not pass"));

  GuestOutput nan = stream_output(*p, "default.out");
  nan.out.replace(nan.out.find("11996.9"), 7, "nan");
  REQUIRE_THROWS_WITH(p->parse(nan), Catch::Contains("bad 'copy_mb_s' value: 'nan'"));

  GuestOutput failed = stream_output(*p, "default.out");
  failed.out.clear();
  failed.err = stream_data("validation_failed.err");
  failed.exit_status = 1;
  REQUIRE_THROWS_WITH(p->parse(failed), Catch::Contains("exited with status 1") &&
                                            Catch::Contains("validation failed at element 0"));
}

namespace {

// The built guest program's stdout for `args`; its exit status must be 0.
std::string run_guest_stream(const fcbench::plugin::Plugin& p, const std::string& args) {
  std::string cmd = p.payload_files()[0].source + " " + args;
  FILE* f = popen(cmd.c_str(), "r");
  REQUIRE(f);
  std::string out;
  char buf[256];
  while (size_t n = fread(buf, 1, sizeof buf, f)) out.append(buf, n);
  REQUIRE(pclose(f) == 0);
  return out;
}

}  // namespace

TEST_CASE("stream: the built guest program validates and parses", "[plugins]") {
  auto p = load_stream();
  GuestOutput o;
  o.params = p->with_defaults({{"array_size", "10000"}, {"iterations", "3"}});
  o.out = run_guest_stream(*p, "10000 3");
  auto m = p->parse(o);
  REQUIRE(m.size() == 4);
  for (auto& x : m) CHECK(x.value > 0);
}

// 15^1000 overflows a double: the guest resets its arrays every 100 passes.
TEST_CASE("stream: the guest program runs and validates 1000 iterations", "[plugins]") {
  auto p = load_stream();
  GuestOutput o;
  o.params = p->with_defaults({{"array_size", "2000"}, {"iterations", "1000"}});
  o.out = run_guest_stream(*p, "2000 1000");
  CHECK_THAT(o.out, Catch::Contains("iterations: 1000\n") && Catch::Contains("validation: passed"));
  REQUIRE(p->parse(o).size() == 4);
  CHECK(p->describe_job(o.params).argv.back() == "1000");
}
