// host/settings: parsing the host flags and settings, and merging the
// command line over the suite.
#include <catch2/catch.hpp>
#include <string>

#include "../fixtures/host_fixture.hpp"
#include "host/settings.hpp"

using fcbench::test::settings;
namespace host = fcbench::host;

TEST_CASE("host: settings parse, and command-line values win over the suite's", "[unit][host]") {
  CHECK(host::parse_toggle("on") == host::Toggle::on);
  CHECK(host::parse_toggle("off") == host::Toggle::off);
  CHECK(host::parse_toggle("keep") == host::Toggle::keep);
  CHECK_FALSE(host::parse_toggle("maybe"));
  CHECK(host::parse_governor("performance") == std::string("performance"));
  CHECK(host::parse_governor("keep") == std::string());
  CHECK_FALSE(host::parse_governor("perf ormance"));
  CHECK_FALSE(host::parse_governor(""));
  host::Settings suite = settings(host::Toggle::off, "powersave", host::Toggle::on);
  suite.drop_caches = true;
  host::Overrides cli;
  cli.governor = "performance";
  cli.turbo = host::Toggle::keep;
  cli.strict = true;
  auto m = host::merge(suite, cli);
  CHECK(m.smt == host::Toggle::off);
  CHECK(m.governor == "performance");
  CHECK(m.turbo == host::Toggle::keep);
  CHECK(m.drop_caches);
  CHECK(m.strict);
  CHECK_FALSE(host::Settings{}.changes_anything());
}

TEST_CASE("pinning: --cpuset parses to canonical CPU lists", "[unit][host][pin]") {
  CHECK(host::parse_cpuset("0-3") == std::string("0-3"));
  CHECK(host::parse_cpuset("3,1,2") == std::string("1-3"));
  CHECK_FALSE(host::parse_cpuset(""));
  CHECK_FALSE(host::parse_cpuset("all"));
  CHECK_FALSE(host::parse_cpuset("3-1"));
  CHECK_FALSE(host::parse_cpuset("0-"));
  host::Settings s;
  host::Overrides o;
  o.pin = true;
  o.cpuset = "1";
  s = host::merge(s, o);
  CHECK(s.pin);
  CHECK(s.cpuset == "1");
}
