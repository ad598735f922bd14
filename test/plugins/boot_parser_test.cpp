// The boot plugin, loaded through the host loader.
#include <catch2/catch.hpp>
#include <fstream>

#include "parser_support.hpp"
#include "plugin/plugin.hpp"

using fcbench::plugin::GuestOutput;
using fcbench::plugin::Plugin;

namespace {

std::shared_ptr<const Plugin> load_boot() {
  return parser_support::load_builtin("boot");
}

}  // namespace

TEST_CASE("boot: metadata, payload and job", "[plugins]") {
  auto p = load_boot();
  CHECK(p->name() == "boot");
  CHECK(p->version() == "1.0.0");
  CHECK(p->params().empty());
  REQUIRE(p->payload_files().size() == 1);
  CHECK(p->payload_files()[0].guest_path == "/opt/fcbench/boot/boot");
  CHECK(std::ifstream(p->payload_files()[0].source).good());
  auto j = p->describe_job(p->with_defaults({}));
  CHECK(j.argv == std::vector<std::string>{"/opt/fcbench/boot/boot"});
  CHECK(j.requirements.min_vcpus == 1);
}

TEST_CASE("boot: time_to_payload comes from the host timing", "[plugins]") {
  auto p = load_boot();
  GuestOutput o;
  o.time_to_payload_ns = 2'412'500'000;
  o.guest_payload_ns = 150'000;
  auto m = p->parse(o);
  REQUIRE(m.size() == 1);
  CHECK(m[0].name == "time_to_payload");
  CHECK(m[0].value == Approx(2412.5));
  CHECK(m[0].unit == "ms");
  CHECK_FALSE(m[0].higher_is_better);
}

TEST_CASE("boot: missing timing or a failed payload is rejected", "[plugins]") {
  auto p = load_boot();
  GuestOutput o;
  REQUIRE_THROWS_WITH(p->parse(o), Catch::Contains("time_to_payload was not measured"));
  o.time_to_payload_ns = -5;
  REQUIRE_THROWS_WITH(p->parse(o), Catch::Contains("got -5 ns"));
  o.time_to_payload_ns = 1'000'000;
  o.exit_status = 127;
  o.err = "sh: /opt/fcbench/boot/boot: not found\n";
  REQUIRE_THROWS_WITH(p->parse(o),
                      Catch::Contains("exited with status 127") && Catch::Contains("not found"));
}
