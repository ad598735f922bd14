// host/cgroup: groups made, limited, read, emptied and removed in a fake
// tree (FakeCgroups), and one real v2 group (root); the processes killed
// are real children of the test.
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "../fixtures/fake_cgroups.hpp"
#include "../fixtures/test_support.hpp"
#include "host/cgroup.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;
using namespace fcbench::host;
using fcbench::test::FakeCgroups;

namespace {

Cgroups open_fake(const FakeCgroups& fake, pid_t owner = 4242) {
  return Cgroups(detect_cgroups(fake.root(), fake.self_cgroup()), owner);
}

// A child that sleeps until killed, and how it ended.
pid_t sleeper() {
  fcbench::SpawnOptions so;
  so.capture_output = false;
  return fcbench::spawn({"sleep", "60"}, so).pid;
}
int reap(pid_t pid) {
  int st = 0;
  ::waitpid(pid, &st, 0);
  return st;
}

}  // namespace

TEST_CASE("cgroup: a v1 group gets its memory limit, cpuset and join files",
          "[unit][host][cgroup]") {
  fcbench::test::TempDir t;
  FakeCgroups fake(t.path(), FakeCgroups::Kind::v1);
  Cgroups cg = open_fake(fake);
  REQUIRE(cg.usable());
  std::string why;
  auto g = cg.create("0001-x", decide_cgroup_limits(128, false, "none", {2, 3}), why);
  REQUIRE(g);
  CHECK(why.empty());
  const fs::path mem = fake.parent("memory") / "fcbench-4242-0001-x";
  CHECK(g->dirs().at("memory") == mem);
  CHECK(FakeCgroups::read(mem / "memory.limit_in_bytes") == std::to_string(192u << 20));
  const fs::path cpus = fake.parent("cpuset") / "fcbench-4242-0001-x";
  CHECK(FakeCgroups::read(cpus / "cpuset.cpus") == "2-3");
  CHECK(FakeCgroups::read(cpus / "cpuset.mems") == "0");  // the parent's
  CHECK(fs::is_directory(fake.parent("cpuacct") / "fcbench-4242-0001-x"));
  CHECK(g->join_fds().size() == 3);
  // The child writes "0" to each, as SpawnOptions::cgroup_procs_fds does.
  for (int fd : g->join_fds()) CHECK(::write(fd, "0", 1) == 1);
  CHECK(FakeCgroups::read(mem / "cgroup.procs") == "0");
  g->close_join_fds();
  CHECK(g->join_fds().empty());
}

TEST_CASE("cgroup: without --pin a v1 instance stays in our cpuset", "[unit][host][cgroup]") {
  fcbench::test::TempDir t;
  FakeCgroups fake(t.path(), FakeCgroups::Kind::v1);
  std::string why;
  auto g = open_fake(fake).create("a", decide_cgroup_limits(64, true, "kvm", {}), why);
  REQUIRE(g);
  CHECK_FALSE(g->dirs().count("cpuset"));  // each hierarchy joined costs a launch time
  CHECK_FALSE(fs::exists(fake.parent("cpuset") / "fcbench-4242-a"));
  CHECK(g->join_fds().size() == 2);  // memory, cpuacct
}

TEST_CASE("cgroup: v2 enables memory for our children and limits the group",
          "[unit][host][cgroup]") {
  fcbench::test::TempDir t;
  FakeCgroups fake(t.path(), FakeCgroups::Kind::v2);
  Cgroups cg = open_fake(fake);
  REQUIRE(cg.usable());
  CHECK(FakeCgroups::read(fake.parent("") / "cgroup.subtree_control") == "+cpuset");  // the last
  std::string why;
  auto g = cg.create("b", decide_cgroup_limits(256, true, "tcg", {}), why);
  REQUIRE(g);
  CHECK(FakeCgroups::read(g->dirs().at("") / "memory.max") == std::to_string(768u << 20));
  CHECK(g->join_fds().size() == 1);
}

TEST_CASE("cgroup: a name already taken is refused and leaves nothing", "[unit][host][cgroup]") {
  fcbench::test::TempDir t;
  FakeCgroups fake(t.path(), FakeCgroups::Kind::v1);
  fs::create_directories(fake.parent("memory") / "fcbench-4242-dup");  // after cpuacct in order
  std::string why;
  auto g = open_fake(fake).create("dup", decide_cgroup_limits(64, true, "kvm", {}), why);
  CHECK_FALSE(g);
  CHECK_THAT(
      why, Catch::Matchers::Contains("cannot create") && Catch::Matchers::Contains("File exists"));
  CHECK_FALSE(fs::exists(fake.parent("cpuacct") / "fcbench-4242-dup"));  // made, then removed
}

TEST_CASE("cgroup: unusable cgroups make no group and say why", "[unit][host][cgroup]") {
  fcbench::test::TempDir t;
  FakeCgroups fake(t.path(), FakeCgroups::Kind::none);
  Cgroups cg = open_fake(fake);
  CHECK_FALSE(cg.usable());
  std::string why;
  CHECK_FALSE(cg.create("a", decide_cgroup_limits(64, true, "kvm", {}), why));
  CHECK(why.rfind("unavailable: ", 0) == 0);
}

TEST_CASE("cgroup: usage reads peak, CPU time and OOM kills, v1 and v2", "[unit][host][cgroup]") {
  fcbench::test::TempDir t1, t2;
  FakeCgroups v1(t1.path(), FakeCgroups::Kind::v1), v2(t2.path(), FakeCgroups::Kind::v2);
  std::string why;
  auto a = open_fake(v1).create("a", decide_cgroup_limits(64, true, "kvm", {}), why);
  auto b = open_fake(v2).create("b", decide_cgroup_limits(64, true, "kvm", {}), why);
  REQUIRE(a);
  REQUIRE(b);
  CHECK_FALSE(a->usage().memory_peak_bytes);  // nothing reported yet
  CHECK(a->usage().oom_kills == 0);
  v1.write(a->dirs().at("memory").lexically_relative(v1.root()) / "memory.max_usage_in_bytes",
           "5000\n");
  v1.write(a->dirs().at("memory").lexically_relative(v1.root()) / "memory.oom_control",
           "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
  v1.write(a->dirs().at("cpuacct").lexically_relative(v1.root()) / "cpuacct.usage", "777\n");
  auto ua = a->usage();
  CHECK(ua.memory_peak_bytes == 5000u);
  CHECK(ua.cpu_ns == 777u);
  CHECK(ua.oom_kills == 1);
  const fs::path d = b->dirs().at("").lexically_relative(v2.root());
  v2.write(d / "memory.peak", "6000\n");
  v2.write(d / "cpu.stat", "usage_usec 12\nuser_usec 10\nsystem_usec 2\n");
  v2.write(d / "memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 2\n");
  auto ub = b->usage();
  CHECK(ub.memory_peak_bytes == 6000u);
  CHECK(ub.cpu_ns == 12000u);
  CHECK(ub.oom_kills == 2);
}

TEST_CASE("cgroup: kill_all SIGKILLs each process listed, then remove() takes the group",
          "[unit][host][cgroup]") {
  fcbench::test::TempDir t;
  FakeCgroups fake(t.path(), FakeCgroups::Kind::v1);
  std::string why;
  auto g = open_fake(fake).create("k", decide_cgroup_limits(64, true, "kvm", {}), why);
  REQUIRE(g);
  const pid_t child = sleeper();
  const fs::path mem = g->dirs().at("memory");
  fake.write(mem.lexically_relative(fake.root()) / "cgroup.procs", std::to_string(child) + "\n");
  CHECK(cgroup_processes(mem) == std::vector<pid_t>{child});
  CHECK(g->kill_all(std::chrono::milliseconds(5000)));
  const int st = reap(child);
  CHECK(WIFSIGNALED(st));
  CHECK(WTERMSIG(st) == SIGKILL);
  g->close_join_fds();
  for (auto& [ctrl, dir] : g->dirs()) FakeCgroups::forget_files(dir);
  CHECK(g->remove().empty());
  for (auto& [ctrl, dir] : g->dirs()) CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("cgroup: v2 kill_all writes cgroup.kill", "[unit][host][cgroup]") {
  fcbench::test::TempDir t;
  FakeCgroups fake(t.path(), FakeCgroups::Kind::v2);
  std::string why;
  auto g = open_fake(fake).create("k", decide_cgroup_limits(64, true, "kvm", {}), why);
  REQUIRE(g);
  const fs::path d = g->dirs().at("");
  fake.write(d.lexically_relative(fake.root()) / "cgroup.kill", "");
  CHECK(g->kill_all(std::chrono::milliseconds(100)));
  CHECK(FakeCgroups::read(d / "cgroup.kill") == "1");
}

TEST_CASE("cgroup: a dead run's groups are emptied and removed on request, others kept",
          "[unit][host][cgroup]") {
  fcbench::test::TempDir t;
  FakeCgroups fake(t.path(), FakeCgroups::Kind::v1);
  const pid_t dead = fcbench::spawn({"true"}).pid;
  reap(dead);
  const std::string stale = "fcbench-" + std::to_string(dead) + "-old";
  const std::string busy = "fcbench-" + std::to_string(dead) + "-busy";
  const std::string ours = "fcbench-" + std::to_string(::getpid()) + "-mine";
  const fs::path mem = fake.parent("memory");
  for (auto n : {stale, busy, ours, std::string("system.slice"), std::string("fcbench-1-init")})
    fs::create_directories(mem / n);
  const pid_t left = sleeper();  // a process the dead run left in its group
  fake.write((mem / busy).lexically_relative(fake.root()) / "cgroup.procs", std::to_string(left));
  Cgroups cg(detect_cgroups(fake.root(), fake.self_cgroup()), ::getpid());
  auto ended = cg.end_groups_of(dead);
  CHECK(ended == std::vector<std::string>{stale});  // busy's files keep it in a fake tree
  CHECK_FALSE(fs::exists(mem / stale));
  CHECK(fs::exists(mem / ours));
  CHECK(fs::exists(mem / "system.slice"));
  CHECK(fs::exists(mem / "fcbench-1-init"));  // another owner's
  const int st = reap(left);
  CHECK(WIFSIGNALED(st));
  CHECK(cg.end_groups_of(::getpid()).empty());  // never our own
}

TEST_CASE("cgroup: at start only empty leftovers go, busy ones are listed and never killed",
          "[unit][host][cgroup]") {
  fcbench::test::TempDir t;
  FakeCgroups fake(t.path(), FakeCgroups::Kind::v1);
  const pid_t dead = fcbench::spawn({"true"}).pid;
  reap(dead);
  const fs::path mem = fake.parent("memory");
  const std::string empty = "fcbench-" + std::to_string(dead) + "-a";
  const std::string held = "fcbench-" + std::to_string(dead) + "-b";
  const std::string ours = "fcbench-" + std::to_string(::getpid()) + "-c";
  for (auto n : {empty, held, ours}) fs::create_directories(mem / n);
  const pid_t left = sleeper();
  fake.write((mem / held).lexically_relative(fake.root()) / "cgroup.procs", std::to_string(left));
  Cgroups cg(detect_cgroups(fake.root(), fake.self_cgroup()), ::getpid());
  std::vector<std::string> busy;
  CHECK(cg.remove_leftovers(&busy) == std::vector<std::string>{empty});
  CHECK(busy == std::vector<std::string>{held});
  CHECK(fs::exists(mem / ours));
  CHECK(fs::exists(fmt::format("/proc/{}", left)));  // still running
  ::kill(left, SIGKILL);
  reap(left);
}

TEST_CASE("cgroup: a spawned child is in a real v2 group from exec on, and cgroup.kill ends it",
          "[unit][host][cgroup]") {
  // Membership and cgroup.kill need no controller: any v2 hierarchy will do.
  const fs::path root =
      fs::exists("/sys/fs/cgroup/cgroup.controllers") ? "/sys/fs/cgroup" : "/sys/fs/cgroup/unified";
  const auto self = parse_proc_cgroup(FakeCgroups::read("/proc/self/cgroup"));
  const fs::path parent = root / fs::path(self.count("") ? self.at("") : "/").relative_path();
  const fs::path dir = parent / cgroup_name(::getpid(), "unit-join");
  if (!fs::exists(root / "cgroup.controllers") || ::mkdir(dir.c_str(), 0755) != 0)
    FCBENCH_SKIP("needs a cgroup v2 hierarchy where this process may make groups (root)");
  InstanceCgroup g(CgroupVersion::v2, {{"", dir}}, decide_cgroup_limits(64, false, "none", {}));
  REQUIRE(g.open_join_fds().empty());
  fcbench::SpawnOptions so;
  so.cgroup_procs_fds = g.join_fds();
  auto c = fcbench::spawn({"sh", "-c", "grep '^0::' /proc/self/cgroup; exec sleep 60"}, so);
  g.close_join_fds();
  std::string line;
  char buf[256];
  for (ssize_t n;
       line.find('\n') == std::string::npos && (n = ::read(c.out_fd, buf, sizeof buf)) > 0;)
    line.append(buf, size_t(n));
  ::close(c.out_fd);
  CHECK(line == "0::/" + dir.lexically_relative(root).string() + "\n");
  const auto procs = cgroup_processes(dir);  // the grep may not have exited yet
  CHECK(std::find(procs.begin(), procs.end(), c.pid) != procs.end());
  CHECK(g.kill_all());
  CHECK(WTERMSIG(reap(c.pid)) == SIGKILL);
  CHECK(g.usage().cpu_ns > 0u);  // cpu.stat is there without the cpu controller
  CHECK(g.remove().empty());
  CHECK_FALSE(fs::exists(dir));
}
