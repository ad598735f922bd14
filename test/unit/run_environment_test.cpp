// run/environment: each record's env is derived from the host fingerprint,
// so the two cannot disagree.
#include <catch2/catch.hpp>

#include "run/environment.hpp"

TEST_CASE("record env comes from the host fingerprint", "[unit][environment]") {
  nlohmann::json fp = {{"host_kernel", "6.1.0-1-amd64"},
                       {"host_kernel_version", "#1 SMP Debian"},
                       {"host_arch", "x86_64"},
                       {"cpu_model", "Some CPU"},
                       {"cpu_threads", 8}};
  auto env = fcbench::run::record_env(fp);
  CHECK(env["host_kernel"] == "6.1.0-1-amd64 #1 SMP Debian");
  CHECK(env["host_arch"] == "x86_64");
  CHECK(env["cpu_model"] == "Some CPU");
  CHECK(env["online_cpus"] == 8);
  CHECK(env["fcbench_version"] == FCBENCH_VERSION);

  fp["host_kernel_version"] = nullptr;
  fp["cpu_model"] = nullptr;
  env = fcbench::run::record_env(fp);
  CHECK(env["host_kernel"] == "6.1.0-1-amd64");
  CHECK(env["cpu_model"].is_null());
  CHECK(fcbench::run::record_env(nlohmann::json::object())["host_kernel"].is_null());
}
