// plugin/host_process: a plugin's code runs in its own host process, so a
// crash or a hang in it fails that call with the reason, and the next call
// gets a fresh host; a library that crashes or hangs while loading is
// refused with the reason.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "plugin/host_process.hpp"
#include "plugin/plugin.hpp"

using Catch::Matchers::Contains;
using fcbench::plugin::GuestOutput;
using fcbench::plugin::Plugin;
using fcbench::plugin::PluginError;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const fs::path kFixtures = FCBENCH_FIXTURE_PLUGIN_DIR;
const fs::path kMisbehaving = FCBENCH_MISBEHAVING_PLUGIN_DIR;

// Restores the default call timeout when a test ends.
struct Timeout {
  explicit Timeout(std::chrono::milliseconds t) { fcbench::plugin::set_call_timeout(t); }
  ~Timeout() { fcbench::plugin::set_call_timeout(0ms); }
};

GuestOutput said(const std::string& line) {
  GuestOutput o;
  o.params = {{"seconds", "0"}, {"exit_code", "0"}, {"message", line}};
  o.out = line + "\n";
  return o;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const PluginError& e) {
    return e.what();
  }
  FAIL("no PluginError");
  return "";
}

bool alive(pid_t pid) {
  std::ifstream s("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(s)), {});
  return !stat.empty() && stat.find(") Z ") == std::string::npos;
}

// Waits (up to 2 s) until our child `pid`, killed, can be reaped: its
// threads have all exited. (Its leader shows as a zombie in /proc earlier,
// while waitpid still reports nothing.) Leaves it for the caller to reap.
void wait_reapable(pid_t pid) {
  for (int i = 0; i < 400; ++i) {
    siginfo_t info{};
    if (::waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
      return;
    ::usleep(5000);
  }
}

}  // namespace

TEST_CASE("plugin host: a crash in parse fails that call with the signal, and the next call works",
          "[unit][plugin]") {
  auto p = Plugin::load(kFixtures / "sleeper.fcbench.so");
  REQUIRE(p->parse(said("hello")).at(0).value == 5);
  const int first = p->host_pid();
  REQUIRE(first > 0);
  CHECK_THAT(error_of([&] { p->parse(said("parse-segv")); }),
             Contains("plugin 'sleeper': parse crashed: its host was killed by signal 11 "
                      "(SIGSEGV)"));
  CHECK(p->host_pid() == -1);
  CHECK_THAT(error_of([&] { p->parse(said("parse-abort")); }),
             Contains("plugin 'sleeper': parse crashed") && Contains("(SIGABRT)"));
  auto m = p->parse(said("again"));
  CHECK(m.at(0).value == 5);
  CHECK(p->host_pid() != first);
  CHECK_FALSE(alive(first));
}

TEST_CASE("plugin host: a parse that never returns is ended at the call timeout",
          "[unit][plugin]") {
  Timeout limit(300ms);
  auto p = Plugin::load(kFixtures / "sleeper.fcbench.so");
  REQUIRE(p->parse(said("hi")).size() == 1);
  const int host = p->host_pid();
  CHECK_THAT(error_of([&] { p->parse(said("parse-hang")); }),
             Contains("plugin 'sleeper': parse did not answer within 0.3 s") &&
                 Contains("--plugin-timeout-s"));
  CHECK_FALSE(alive(host));
  CHECK(p->parse(said("hi")).at(0).value == 2);
}

TEST_CASE("plugin host: a plugin's own parse error is passed on, and its host kept",
          "[unit][plugin]") {
  auto p = Plugin::load(kFixtures / "sleeper.fcbench.so");
  GuestOutput empty = said("x");
  empty.out.clear();
  CHECK_THAT(error_of([&] { p->parse(empty); }),
             Contains("plugin 'sleeper': parse failed: sleeper printed nothing on stdout"));
  const int host = p->host_pid();
  CHECK(host > 0);
  CHECK(p->parse(said("x")).size() == 1);
  CHECK(p->host_pid() == host);
}

TEST_CASE("plugin host: a host killed between calls is replaced without failing a call",
          "[unit][plugin]") {
  auto p = Plugin::load(kFixtures / "sleeper.fcbench.so");
  const int host = p->host_pid();
  ::kill(host, SIGKILL);
  wait_reapable(host);
  // waitpid in the call reaps it; the call itself must not fail.
  CHECK(p->parse(said("ok")).at(0).value == 2);
  CHECK(p->host_pid() != host);
}

TEST_CASE("plugin host: a library that crashes or hangs while loading is refused with why",
          "[unit][plugin]") {
  Timeout limit(500ms);
  CHECK_THAT(error_of([&] { Plugin::load(kMisbehaving / "crash_info.fcbench.so"); }),
             Contains("crash_info.fcbench.so: ") && Contains("info crashed") &&
                 Contains("signal 11 (SIGSEGV)"));
  CHECK_THAT(error_of([&] { Plugin::load(kMisbehaving / "hang_info.fcbench.so"); }),
             Contains("hang_info.fcbench.so: ") && Contains("info did not answer within 0.5 s"));
  auto p = Plugin::load(kMisbehaving / "crash_job.fcbench.so");
  CHECK(p->name() == "crash_job");
  CHECK_THAT(error_of([&] { p->describe_job({}); }),
             Contains("plugin 'crash_job': job crashed") && Contains("(SIGABRT)"));
}

TEST_CASE("plugin host: it ends with its plugin, and its output is not on fcbench's stdout",
          "[unit][plugin]") {
  int host = -1;
  {
    auto p = Plugin::load(kFixtures / "sleeper.fcbench.so");
    host = p->host_pid();
    REQUIRE(alive(host));
    CHECK(fs::read_symlink("/proc/" + std::to_string(host) + "/fd/1") ==
          fs::read_symlink("/proc/" + std::to_string(host) + "/fd/2"));
  }
  CHECK_FALSE(alive(host));
}

TEST_CASE("plugin host: a job is asked once per parameter set", "[unit][plugin]") {
  auto p = Plugin::load(kFixtures / "sleeper.fcbench.so");
  auto a = p->describe_job(p->with_defaults({}));
  const int host = p->host_pid();
  ::kill(host, SIGKILL);  // a cached answer needs no host
  wait_reapable(host);
  auto b = p->describe_job(p->with_defaults({}));
  CHECK(a.argv == b.argv);
  CHECK_THAT(error_of([&] {
               p->describe_job(p->with_defaults({{"exit_code", "300"}}));
             }),
             Contains("exit_code must be in [0, 255]"));
}

TEST_CASE("plugin host: jobs prefetched in one round trip answer later, refusals included",
          "[unit][plugin]") {
  auto p = Plugin::load(kFixtures / "sleeper.fcbench.so");
  auto fresh = Plugin::load(kFixtures / "sleeper.fcbench.so");
  const auto ok = p->with_defaults({{"exit_code", "3"}});
  const auto bad = p->with_defaults({{"exit_code", "300"}});
  std::vector<fcbench::plugin::ParamMap> sets = {ok, bad, ok};
  for (int code = 100; code < 250; ++code)  // more than one call's worth
    sets.push_back(p->with_defaults({{"exit_code", std::to_string(code)}}));
  p->prefetch_jobs(sets);
  const int host = p->host_pid();
  ::kill(host, SIGKILL);  // every answer is in: none needs the host
  wait_reapable(host);
  CHECK(p->describe_job(ok).argv == fresh->describe_job(ok).argv);
  CHECK(p->describe_job(sets.back()).argv == fresh->describe_job(sets.back()).argv);
  CHECK_THAT(error_of([&] { p->describe_job(bad); }), Contains("exit_code must be in [0, 255]"));
  CHECK(p->host_pid() == host);  // no call was made: no new host

  // A host that crashes on the batch leaves describe_job to find the set.
  Timeout limit(2000ms);
  auto crash = Plugin::load(kMisbehaving / "crash_job.fcbench.so");
  crash->prefetch_jobs({{}});
  CHECK_THAT(error_of([&] { crash->describe_job({}); }),
             Contains("plugin 'crash_job': job crashed") && Contains("(SIGABRT)"));
}
