// The prime plugin, loaded through the host loader.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "parser_support.hpp"
#include "plugin/plugin.hpp"

using fcbench::plugin::GuestOutput;
using fcbench::plugin::Plugin;
using fcbench::plugin::PluginError;

namespace {

std::shared_ptr<const Plugin> load_prime() {
  return parser_support::load_builtin("prime");
}
std::string prime_data(const std::string& file) {
  return parser_support::recorded("prime", file);
}
GuestOutput prime_output(const Plugin& p, const std::string& file,
                         const fcbench::plugin::ParamMap& params = {}) {
  return parser_support::recorded_output(p, "prime", file, params);
}

}  // namespace

TEST_CASE("prime: metadata and payload", "[plugins]") {
  auto p = load_prime();
  CHECK(p->name() == "prime");
  CHECK(p->version() == "1.0.0");
  REQUIRE(p->find_param("n"));
  CHECK(p->find_param("n")->default_value == "3000000");
  CHECK(p->find_param("method")->default_value == "trial");
  REQUIRE(p->payload_files().size() == 1);
  CHECK(p->payload_files()[0].guest_path == "/opt/fcbench/prime/prime");
  CHECK(std::ifstream(p->payload_files()[0].source).good());
}

TEST_CASE("prime: describe_job builds argv and validates params", "[plugins]") {
  auto p = load_prime();
  auto j = p->describe_job(p->with_defaults({}));
  CHECK(j.argv == std::vector<std::string>{"/opt/fcbench/prime/prime", "3000000", "trial"});
  CHECK(j.requirements.min_vcpus == 1);
  CHECK(j.requirements.min_mem_mib >= 64);

  auto s = p->describe_job(p->with_defaults({{"n", "2000000000"}, {"method", "sieve"}}));
  CHECK(s.argv == std::vector<std::string>{"/opt/fcbench/prime/prime", "2000000000", "sieve"});
  CHECK(s.requirements.min_mem_mib >= 64 + 2000000000 / 16 / (1 << 20));

  REQUIRE_THROWS_WITH(p->describe_job(p->with_defaults({{"n", "1"}})),
                      Catch::Contains("parameter n must be in [2, 2000000000]"));
  REQUIRE_THROWS_WITH(p->describe_job(p->with_defaults({{"n", "2000000001"}})),
                      Catch::Contains("got 2000000001"));
  REQUIRE_THROWS_WITH(p->describe_job(p->with_defaults({{"method", "wheel"}})),
                      Catch::Contains("method must be 'trial' or 'sieve'"));
}

TEST_CASE("prime: good output parses to verified metrics", "[plugins]") {
  auto p = load_prime();
  auto m = p->parse(prime_output(*p, "trial_3000000.out"));
  REQUIRE(m.size() == 2);
  CHECK(m[0].name == "runtime");
  CHECK(m[0].value == Approx(309.696));
  CHECK(m[0].unit == "ms");
  CHECK_FALSE(m[0].higher_is_better);
  CHECK(m[1].name == "count");
  CHECK(m[1].value == 216816);
  CHECK(m[1].unit == "primes");
  CHECK(m[1].higher_is_better);

  auto s = p->parse(prime_output(*p, "sieve_3000000.out", {{"method", "sieve"}}));
  CHECK(s[0].value == Approx(3.561));
  CHECK(s[1].value == 216816);
}

TEST_CASE("prime: bad output is rejected with a reason", "[plugins]") {
  auto p = load_prime();
  REQUIRE_THROWS_WITH(p->parse(prime_output(*p, "wrong_count.out")),
                      "plugin 'prime': parse failed: "
                      "prime count mismatch: guest said 216815, true value is 216816");
  REQUIRE_THROWS_WITH(p->parse(prime_output(*p, "truncated.out")),
                      Catch::Contains("no 'count:' line"));
  REQUIRE_THROWS_WITH(p->parse(prime_output(*p, "garbage.out")), Catch::Contains("no 'n:' line"));
  // Output for a different parameter set.
  REQUIRE_THROWS_WITH(p->parse(prime_output(*p, "trial_3000000.out", {{"n", "1000"}})),
                      Catch::Contains("but the parameters are n=1000 method=trial"));
  REQUIRE_THROWS_WITH(p->parse(prime_output(*p, "trial_3000000.out", {{"method", "sieve"}})),
                      Catch::Contains("method=sieve"));

  GuestOutput failed = prime_output(*p, "truncated.out");
  failed.out.clear();
  failed.err = prime_data("bad_n.err");
  failed.exit_status = 2;
  REQUIRE_THROWS_WITH(p->parse(failed), Catch::Contains("exited with status 2") &&
                                            Catch::Contains("n must be an integer"));

  GuestOutput killed = prime_output(*p, "trial_3000000.out");
  killed.exit_status = -1;
  killed.term_signal = 9;
  REQUIRE_THROWS_WITH(p->parse(killed), Catch::Contains("killed by signal 9"));
}

TEST_CASE("prime: the built guest program agrees with the host count", "[plugins]") {
  auto p = load_prime();
  for (const char* method : {"trial", "sieve"}) {
    std::string cmd = p->payload_files()[0].source + " 100003 " + method;
    FILE* f = popen(cmd.c_str(), "r");
    REQUIRE(f);
    std::string out;
    char buf[256];
    while (size_t n = fread(buf, 1, sizeof buf, f)) out.append(buf, n);
    REQUIRE(pclose(f) == 0);
    GuestOutput o;
    o.params = p->with_defaults({{"n", "100003"}, {"method", method}});
    o.out = out;
    CHECK(p->parse(o)[1].value == 9592);  // pi(100002)
  }
}
