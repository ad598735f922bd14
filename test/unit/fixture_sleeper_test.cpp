// The sleeper fixture plugin: its job runs as-is in a host shell, and its
// parser follows the documented contract.
#include <catch2/catch.hpp>
#include <string>

#include "plugin/plugin.hpp"
#include "util/process.hpp"

using Catch::Matchers::Contains;
using fcbench::plugin::GuestOutput;
using fcbench::plugin::Plugin;
using fcbench::plugin::PluginError;

namespace {

std::shared_ptr<const Plugin> sleeper() {
  static auto p = Plugin::load(std::string(FCBENCH_FIXTURE_PLUGIN_DIR) + "/sleeper.fcbench.so");
  return p;
}

fcbench::plugin::Job job(const fcbench::plugin::ParamMap& params) {
  return sleeper()->describe_job(sleeper()->with_defaults(params));
}

GuestOutput output(const std::string& out, int status = 0, const std::string& err = "") {
  GuestOutput o;
  o.params = sleeper()->with_defaults({});
  o.out = out;
  o.err = err;
  o.exit_status = status;
  return o;
}

}  // namespace

TEST_CASE("sleeper: metadata", "[unit][fixture]") {
  auto p = sleeper();
  CHECK(p->name() == "sleeper");
  CHECK(p->payload_files().empty());
  REQUIRE(p->params().size() == 3);
  CHECK(p->find_param("seconds")->type == FCB_PARAM_FLOAT);
  CHECK(p->find_param("seconds")->default_value == "0");
  CHECK(p->find_param("exit_code")->type == FCB_PARAM_INT);
  CHECK(p->find_param("exit_code")->default_value == "0");
  CHECK(p->find_param("message")->type == FCB_PARAM_STRING);
  CHECK(p->find_param("message")->default_value == "hello");
}

TEST_CASE("sleeper: values are positional arguments of a fixed script", "[unit][fixture]") {
  auto j = job({});
  REQUIRE(j.argv.size() == 7);
  CHECK(j.argv[0] == "/bin/sh");
  CHECK(j.argv[1] == "-c");
  CHECK(j.argv[2] == "sleep \"$1\"; echo \"$2\"; echo to-stderr >&2; exit \"$3\"");
  CHECK(j.argv[3] == "sleeper");
  CHECK(j.argv[4] == "0");
  CHECK(j.argv[5] == "hello");
  CHECK(j.argv[6] == "0");
  CHECK(j.result_files.empty());

  auto k = job({{"seconds", "1e-1"}, {"exit_code", "7"}, {"message", "a 'b' $c"}});
  CHECK(k.argv[2] == j.argv[2]);
  CHECK(k.argv[4] == "0.1");
  CHECK(k.argv[5] == "a 'b' $c");
  CHECK(k.argv[6] == "7");
  CHECK(job({{"seconds", "2.50"}}).argv[4] == "2.5");
}

TEST_CASE("sleeper: out-of-range values are refused", "[unit][fixture]") {
  CHECK_THROWS_AS(job({{"seconds", "-1"}}), PluginError);
  CHECK_THROWS_AS(job({{"seconds", "soon"}}), PluginError);
  CHECK_THROWS_WITH(job({{"exit_code", "256"}}), Contains("exit_code"));
  CHECK_THROWS_AS(job({{"exit_code", "-1"}}), PluginError);
}

TEST_CASE("sleeper: the job runs in a host shell without interpolation", "[unit][fixture]") {
  const std::string message = "$(echo injected) `id` it's; exit 9";
  auto j = job({{"exit_code", "4"}, {"message", message}});
  auto r = fcbench::run_command(j.argv);
  CHECK(r.exit_code == 4);
  CHECK_THAT(r.output, Contains(message + "\n") && Contains("to-stderr\n"));
  CHECK_FALSE(Contains("injected\n").match(r.output));
}

TEST_CASE("sleeper: parse measures the first stdout line", "[unit][fixture]") {
  auto m = sleeper()->parse(output("hello\nsecond line\n"));
  REQUIRE(m.size() == 1);
  CHECK(m[0].name == "echo_length");
  CHECK(m[0].value == 5);
  CHECK(m[0].unit == "bytes");
  CHECK(m[0].higher_is_better);
  CHECK(sleeper()->parse(output("no newline"))[0].value == 10);
  CHECK(sleeper()->parse(output("\n"))[0].value == 0);
}

TEST_CASE("sleeper: parse refuses failures and empty output", "[unit][fixture]") {
  CHECK_THROWS_WITH(sleeper()->parse(output("hello\n", 3, "to-stderr\n")),
                    Contains("exited with status 3") && Contains("to-stderr"));
  CHECK_THROWS_WITH(sleeper()->parse(output("")), Contains("nothing on stdout"));
}
