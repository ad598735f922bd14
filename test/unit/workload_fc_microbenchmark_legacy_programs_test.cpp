// The prior tool's program list and the table generate and import share.
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>

#include "util/error.hpp"
#include "workload/fc_microbenchmark_legacy_programs.hpp"
#include "workload_support.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
using namespace fcbench::workload;

namespace {

std::string resolve_error(const std::string& name, const std::string& param_name = "") {
  try {
    resolve_program(name, fcbench::test::workload_plugins(), param_name);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  FAIL("expected std::invalid_argument for " << name);
  return "";
}

}  // namespace

TEST_CASE("legacy programs: the default list is primenumber, dd-workload, stream",
          "[unit][workload]") {
  auto l = default_program_list();
  CHECK(l.is_default);
  CHECK(l.names == std::vector<std::string>{"primenumber", "dd-workload", "stream"});
  CHECK(describe(l) ==
        "0 primenumber, 1 dd-workload, 2 stream (the prior tool's default program list)");
  CHECK(program_name(l, "2") == "stream");
  CHECK_THROWS_WITH(program_name(l, "3"),
                    "workload ID 3 names no program; the programs are 0 primenumber, 1 "
                    "dd-workload, 2 stream (the prior tool's default program list)");
  CHECK_THROWS_WITH(program_name(l, "-1"), Contains("must be a program number (0, 1, ...)"));
  CHECK_THROWS_WITH(program_name(l, "1.0"), Contains("got '1.0'"));
}

TEST_CASE("legacy programs: each name maps to a plugin and the parameter its argument meant",
          "[unit][workload]") {
  const auto& reg = fcbench::test::workload_plugins();
  struct Want {
    const char* name;
    const char* plugin;
    const char* param;
  };
  for (auto w : {Want{"primenumber", "prime", "n"}, Want{"dd-workload", "dd", "size_mib"},
                 Want{"stream", "stream", "iterations"}}) {
    auto p = resolve_program(w.name, reg, "");
    CHECK(p.plugin->name() == w.plugin);
    CHECK(p.param->name == w.param);
    REQUIRE(find_legacy_program(w.name));
    CHECK(find_legacy_program(w.name)->plugin == w.plugin);
  }
  CHECK(legacy_program_table().size() == 3);
  CHECK(find_legacy_program("prime") == nullptr);  // a plugin name, not a legacy program
}

TEST_CASE("legacy programs: plugin names take --param-name or their first parameter",
          "[unit][workload]") {
  const auto& reg = fcbench::test::workload_plugins();
  CHECK(resolve_program("stream", reg, "").param->name == "iterations");  // the legacy name wins
  CHECK(resolve_program("sleeper", reg, "").param->name == "seconds");
  CHECK(resolve_program("prime", reg, "method").param->name == "method");
  CHECK_THAT(resolve_error("prime", "iterations"),
             Equals("plugin 'prime' has no parameter 'iterations' (--param-name)"));
  CHECK_THAT(resolve_error("primes"),
             StartsWith("program 'primes' is neither one of the prior tool's (primenumber, "
                        "dd-workload, stream) nor an fcbench plugin (") &&
                 Contains("prime"));
}

TEST_CASE("legacy programs: the argument sets one parameter, the rest keep their defaults",
          "[unit][workload]") {
  const auto& reg = fcbench::test::workload_plugins();
  auto dd = program_params(resolve_program("dd-workload", reg, ""), "0512");
  CHECK(dd ==
        fcbench::plugin::ParamMap{{"block_kib", "1024"}, {"direct", "false"}, {"size_mib", "512"}});
  CHECK_THROWS_AS(program_params(resolve_program("primenumber", reg, ""), "1e6"),
                  fcbench::plugin::PluginError);
  CHECK(workload_benchmark_name("dd", dd, 1, 256) ==
        "dd[block_kib=1024,direct=false,size_mib=512]");
  CHECK(workload_benchmark_name("dd", dd, 1, 128) ==
        "dd[block_kib=1024,direct=false,size_mib=512]@1cpu/128MiB");
}

TEST_CASE("legacy programs: a list file keeps blank lines' numbers", "[unit][workload]") {
  auto l = parse_program_list(" stream \r\n\nprimenumber", "p.txt");
  CHECK_FALSE(l.is_default);
  CHECK(l.names == std::vector<std::string>{"stream", "", "primenumber"});
  CHECK(describe(l) == "0 stream, 2 primenumber (p.txt)");
  CHECK_THROWS_WITH(program_name(l, "1"), StartsWith("workload ID 1 names no program"));
  try {
    load_program_list("/nonexistent/programs.txt");
    FAIL("expected a UserError");
  } catch (const fcbench::UserError& e) {
    CHECK(e.exit_code == 2);
    CHECK_THAT(e.what(), Equals("legacy program list not found: /nonexistent/programs.txt"));
  }
}
