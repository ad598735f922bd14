// The dd plugin, loaded through the host loader.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "parser_support.hpp"
#include "plugin/plugin.hpp"

using fcbench::plugin::GuestOutput;
using fcbench::plugin::Plugin;

namespace {

std::shared_ptr<const Plugin> load_dd() {
  return parser_support::load_builtin("dd");
}
std::string dd_data(const std::string& file) {
  return parser_support::recorded("dd", file);
}
GuestOutput dd_output(const Plugin& p, const std::string& file,
                      const fcbench::plugin::ParamMap& params = {}) {
  return parser_support::recorded_output(p, "dd", file, params);
}

}  // namespace

TEST_CASE("dd: metadata and payload", "[plugins]") {
  auto p = load_dd();
  CHECK(p->name() == "dd");
  CHECK(p->version() == "1.0.0");
  CHECK(p->find_param("size_mib")->default_value == "16");
  CHECK(p->find_param("block_kib")->default_value == "1024");
  CHECK(p->find_param("direct")->default_value == "false");
  CHECK(p->find_param("direct")->type == FCB_PARAM_BOOL);
  REQUIRE(p->payload_files().size() == 1);
  CHECK(p->payload_files()[0].guest_path == "/opt/fcbench/dd/dd");
  CHECK(std::ifstream(p->payload_files()[0].source).good());
}

TEST_CASE("dd: describe_job builds argv and validates params", "[plugins]") {
  auto p = load_dd();
  auto j = p->describe_job(p->with_defaults({}));
  CHECK(j.argv == std::vector<std::string>{"/opt/fcbench/dd/dd", "dd.out", "16", "1024", "0"});
  CHECK(j.requirements.write_disk_mib == 16 + 2 + 16);

  auto d = p->describe_job(
      p->with_defaults({{"size_mib", "256"}, {"block_kib", "4"}, {"direct", "true"}}));
  CHECK(d.argv == std::vector<std::string>{"/opt/fcbench/dd/dd", "dd.out", "256", "4", "1"});
  CHECK(d.requirements.write_disk_mib >= 256 + 32);

  REQUIRE_THROWS_WITH(p->describe_job(p->with_defaults({{"size_mib", "0"}})),
                      Catch::Contains("size_mib must be in [1, 65536]"));
  REQUIRE_THROWS_WITH(p->describe_job(p->with_defaults({{"block_kib", "0"}})),
                      Catch::Contains("block_kib must be in"));
  REQUIRE_THROWS_WITH(p->describe_job(p->with_defaults({{"block_kib", "3"}})),
                      Catch::Contains("must divide size_mib*1024"));
  REQUIRE_THROWS_WITH(p->describe_job(p->with_defaults({{"block_kib", "2"}, {"direct", "true"}})),
                      Catch::Contains("multiple of 4"));
  REQUIRE_THROWS_WITH(p->describe_job(p->with_defaults({{"size_mib", "lots"}})),
                      Catch::Contains("not an integer"));
}

TEST_CASE("dd: good output parses to throughput and runtime", "[plugins]") {
  auto p = load_dd();
  auto m = p->parse(dd_output(*p, "buffered_16m.out"));
  REQUIRE(m.size() == 2);
  CHECK(m[0].name == "throughput");
  CHECK(m[0].value == Approx(16 / 0.048974));
  CHECK(m[0].unit == "MiB/s");
  CHECK(m[0].higher_is_better);
  CHECK(m[1].name == "runtime");
  CHECK(m[1].value == Approx(48.974));
  CHECK(m[1].unit == "ms");
  CHECK_FALSE(m[1].higher_is_better);

  auto d = p->parse(dd_output(*p, "direct_16m.out", {{"direct", "true"}}));
  CHECK(d[0].value == Approx(16 / 0.011047));
}

TEST_CASE("dd: bad output is rejected with a reason", "[plugins]") {
  auto p = load_dd();
  REQUIRE_THROWS_WITH(p->parse(dd_output(*p, "truncated.out")),
                      Catch::Contains("no 'direct:' line"));
  REQUIRE_THROWS_WITH(p->parse(dd_output(*p, "garbage.out")), Catch::Contains("no 'bytes:' line"));
  REQUIRE_THROWS_WITH(p->parse(dd_output(*p, "short_write.out")),
                      Catch::Contains("8388608 bytes were written, expected 16777216"));
  REQUIRE_THROWS_WITH(p->parse(dd_output(*p, "direct_16m.out")),
                      Catch::Contains("parameter direct is false"));
  REQUIRE_THROWS_WITH(p->parse(dd_output(*p, "buffered_16m.out", {{"size_mib", "32"}})),
                      Catch::Contains("expected 33554432"));

  GuestOutput full = dd_output(*p, "enospc.out");
  full.err = dd_data("enospc.err");
  full.exit_status = 1;
  REQUIRE_THROWS_WITH(p->parse(full), Catch::Contains("exited with status 1") &&
                                          Catch::Contains("No space left on device"));
}
