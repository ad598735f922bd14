// The Firecracker driver with stand-in binaries (shell scripts): binary
// lookup, version gate, accelerator, command lines, per-instance files,
// and start-up failures. Booting guests is the e2e tests' job.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../fixtures/test_support.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "vmm/firecracker.hpp"

using namespace fcbench::vmm;
using fcbench::UserError;
using fcbench::test::ScopedEnv;
using fcbench::test::TempDir;
using nlohmann::json;

namespace {

// A stand-in `firecracker`: answers --version with `version_text`, and
// otherwise runs `body` (shell).
std::string fake_fc(const TempDir& t, const std::string& version_text,
                    const std::string& body = "exit 0", const std::string& name = "firecracker") {
  auto p = t / name;
  fcbench::write_file(p,
                      "#!/bin/sh\nif [ \"$1\" = --version ]; then printf '" + version_text +
                          "'; exit 0; fi\n" + body + "\n",
                      0755);
  return p.string();
}

VmSpec spec(const TempDir& t) {
  VmSpec s;
  s.id = "0001-boot-r1";
  s.instance_dir = t / "inst";
  fcbench::make_private_dir(s.instance_dir);
  s.kernel = t / "vmlinux";
  s.initrd = t / "initrd";
  s.rootfs = t / "rootfs.ext4";
  s.work_disk = s.instance_dir / "work.ext4";
  s.channel = s.instance_dir / "channel.img";
  s.vcpus = 1;
  s.mem_mib = 128;
  s.accel = "tcg";
  return s;
}

int mode_of(const std::filesystem::path& p) {
  struct stat st;
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return int(st.st_mode & 0777);
}

}  // namespace

TEST_CASE("firecracker driver: a missing binary says how to get one", "[unit][firecracker]") {
  TempDir t;
  ScopedEnv env("FIRECRACKER", nullptr);
  ScopedEnv cache("FCBENCH_CACHE", (t / "cache").c_str());
  ScopedEnv path("PATH", t.path().c_str());
  CHECK_THROWS_WITH(find_firecracker(""), Catch::Contains("not found in PATH") &&
                                              Catch::Contains("not packaged in Debian") &&
                                              Catch::Contains("--firecracker PATH"));
  CHECK_THROWS_WITH(find_firecracker((t / "nope").string()),
                    Catch::StartsWith("--firecracker ") && Catch::Contains("releases"));
  CHECK_THROWS_AS(FirecrackerDriver("").version(), UserError);
}

TEST_CASE("firecracker driver: --firecracker, then $FIRECRACKER, then PATH",
          "[unit][firecracker]") {
  TempDir t, u;
  std::string in_path = fake_fc(t, "Firecracker v1.10.1\\n");
  std::string by_env = fake_fc(u, "Firecracker v1.10.1\\n", "exit 0", "fc-env");
  std::string explicit_bin = fake_fc(u, "Firecracker v1.10.1\\n", "exit 0", "fc-explicit");
  ScopedEnv path("PATH", t.path().c_str());
  {
    ScopedEnv env("FIRECRACKER", nullptr);
    CHECK(find_firecracker("") == in_path);
  }
  ScopedEnv env("FIRECRACKER", by_env.c_str());
  CHECK(find_firecracker("") == by_env);
  {
    ScopedEnv no_env("FIRECRACKER", nullptr);
    ScopedEnv empty_path("PATH", "/nonexistent");
    ScopedEnv cache("FCBENCH_CACHE", u.path().c_str());
    fcbench::make_private_dir(u / "firecracker");
    std::string cached = fake_fc(u, "Firecracker v1.10.1\\n", "exit 0", "firecracker/firecracker");
    CHECK(find_firecracker("") == cached);  // where ./setup.sh --with-firecracker puts it
  }
  CHECK(find_firecracker(explicit_bin) == explicit_bin);
}

TEST_CASE("firecracker driver: too old versions are refused with the reason",
          "[unit][firecracker]") {
  TempDir t;
  FirecrackerDriver old(fake_fc(t, "Firecracker v1.7.0\\n"));
  CHECK_THROWS_WITH(old.version(), Catch::Contains("older than 1.8.0") && Catch::Contains("ACPI") &&
                                       Catch::Contains("releases"));
  TempDir u;
  FirecrackerDriver garbled(fake_fc(u, "hello\\n"));
  CHECK_THROWS_WITH(garbled.version(), Catch::Contains("printed no version"));
}

TEST_CASE("firecracker driver: the version decides the boot-timer address", "[unit][firecracker]") {
  TempDir t, u;
  FirecrackerDriver v110(fake_fc(t, "Firecracker v1.10.1\\n"));
  CHECK(v110.version() == "Firecracker v1.10.1");
  CHECK(v110.boot_timer_addr() == "0xd0000000");
  FirecrackerDriver v113(fake_fc(u, "Firecracker v1.13.1\\n"));
  CHECK(v113.boot_timer_addr() == "0xc0000000");
  CHECK(v113.needs_elf_kernel());
  CHECK(v113.describe_exit(152) == "152 (bad configuration)");
}

TEST_CASE("firecracker driver: the accelerator is kvm unless the binary declares another",
          "[unit][firecracker]") {
  TempDir t;
  FirecrackerDriver dbl(fake_fc(t, "Firecracker v1.10.1\\naccelerator: tcg\\n"));
  VmSpec probe;
  CHECK(dbl.resolve_accel("auto", probe) == "tcg");
  CHECK(dbl.resolve_accel("tcg", probe) == "tcg");
  CHECK_THROWS_WITH(dbl.resolve_accel("kvm", probe), Catch::Contains("accelerator: tcg"));
  TempDir u;
  FirecrackerDriver real(fake_fc(u, "Firecracker v1.10.1\\n"));
  CHECK_THROWS_WITH(real.resolve_accel("tcg", probe),
                    Catch::Contains("always runs guests under KVM"));
}

TEST_CASE("firecracker driver: command lines in both modes", "[unit][firecracker]") {
  TempDir t;
  std::string bin = fake_fc(t, "Firecracker v1.10.1\\n");
  FirecrackerDriver d(bin);
  VmSpec s = spec(t);
  auto inst = std::filesystem::absolute(s.instance_dir).string();
  CHECK(d.command(s) == std::vector<std::string>{bin, "--api-sock", inst + "/fc.sock", "--id",
                                                 "0001-boot-r1", "--boot-timer"});
  s.firecracker_mode = "config-file";
  CHECK(d.command(s) == std::vector<std::string>{bin, "--no-api", "--config-file",
                                                 inst + "/fc-config.json", "--id", "0001-boot-r1",
                                                 "--boot-timer"});
  auto facts = d.env_facts(s);
  CHECK(facts["firecracker_mode"] == "config-file");
  CHECK(facts["jailer"] == "no");
}

TEST_CASE("firecracker driver: with a jailer block the jailer runs firecracker",
          "[unit][firecracker]") {
  TempDir t;
  std::string bin = fake_fc(t, "Firecracker v1.10.1\\n");
  ScopedEnv jailer_env("JAILER", nullptr);
  FirecrackerDriver d(bin);
  VmSpec s = spec(t);
  s.jailer = fcbench::config::Jailer{};
  s.jailer->uid = 123;
  s.jailer->gid = 100;
  s.jailer->chroot_base = t / "jail";
  {
    ScopedEnv path("PATH", t.path().c_str());
    CHECK_THROWS_WITH(d.command(s), Catch::Contains("`jailer` was not found"));
  }
  fcbench::write_file(t / "jailer", "#!/bin/sh\nexit 0\n", 0755);
  CHECK(d.command(s) == std::vector<std::string>{(t / "jailer").string(), "--id", "0001-boot-r1",
                                                 "--exec-file", bin, "--uid", "123", "--gid", "100",
                                                 "--chroot-base-dir", (t / "jail").string(), "--",
                                                 "--api-sock", "/fc.sock", "--boot-timer"});
}

TEST_CASE("firecracker driver: prepare writes the config file, log and metrics (0600)",
          "[unit][firecracker]") {
  TempDir t;
  FirecrackerDriver d(fake_fc(t, "Firecracker v1.13.0\\n"));
  VmSpec s = spec(t);
  s.firecracker_mode = "config-file";
  d.prepare(s);
  auto cfg = s.instance_dir / "fc-config.json";
  CHECK(mode_of(cfg) == 0600);
  CHECK(mode_of(s.instance_dir / "fc.log") == 0600);
  CHECK(mode_of(s.instance_dir / "fc.metrics") == 0600);
  json j = json::parse(fcbench::read_file(cfg));
  CHECK(j["machine-config"]["vcpu_count"] == 1);
  CHECK(j["boot-source"]["kernel_image_path"] == std::filesystem::absolute(s.kernel).string());
  CHECK(j["drives"].size() == 3);
  CHECK(j["logger"]["log_path"] == std::filesystem::absolute(s.instance_dir / "fc.log").string());

  s.firecracker_mode = "api";
  d.prepare(s);
  json plan = json::parse(fcbench::read_file(s.instance_dir / "fc-api-requests.json"));
  REQUIRE(plan.size() == 8);
  CHECK(plan[0]["path"] == "/logger");
  CHECK(plan[7]["body"]["action_type"] == "InstanceStart");
  CHECK_THAT(d.dry_run_note(s), Catch::Contains("PUT /logger"));
}

TEST_CASE("firecracker driver: collect reads the boot time from the log", "[unit][firecracker]") {
  TempDir t;
  FirecrackerDriver d(fake_fc(t, "Firecracker v1.10.1\\n"));
  VmSpec s = spec(t);
  CHECK_FALSE(d.collect(s).boot_time_us);
  fcbench::write_file(s.instance_dir / "fc.log",
                      "x [a:main] Guest-boot-time =  98765 us 98 ms,   1234 CPU us 1 CPU ms\n");
  auto f = d.collect(s);
  CHECK(f.boot_time_us == 98765);
  CHECK_THAT(f.log, Catch::Contains("Guest-boot-time"));
}

TEST_CASE("firecracker driver: an early exit is reported with its meaning", "[unit][firecracker]") {
  TempDir t;
  FirecrackerDriver d(fake_fc(t, "Firecracker v1.10.1\\n",
                              "echo 'Arguments parsing error: bad flag' >&2; exit 153"));
  VmSpec s = spec(t);
  d.prepare(s);
  CHECK_THROWS_WITH(d.start(s), Catch::Contains("153 (argument parsing)") &&
                                    Catch::Contains("before creating its API socket") &&
                                    Catch::Contains("bad flag"));
}

TEST_CASE("firecracker driver: a socket that never appears times out and the VMM is stopped",
          "[unit][firecracker]") {
  TempDir t;
  ScopedEnv timeout("FCBENCH_FIRECRACKER_API_TIMEOUT_S", "1");
  auto pidfile = t / "pid";
  FirecrackerDriver d(
      fake_fc(t, "Firecracker v1.10.1\\n", "echo $$ > " + pidfile.string() + "; exec sleep 60"));
  VmSpec s = spec(t);
  d.prepare(s);
  auto t0 = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(d.start(s), Catch::Contains("did not create its API socket"));
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(8));
  int pid = std::stoi(fcbench::read_file(pidfile));
  CHECK(::kill(pid, 0) != 0);  // gone (and reaped)
}

TEST_CASE("firecracker driver: a config-file VM starts the command as is", "[unit][firecracker]") {
  TempDir t;
  auto args = t / "args";
  FirecrackerDriver d(fake_fc(t, "Firecracker v1.10.1\\n",
                              "echo \"$@\" > " + args.string() + "; echo serial-console-line"));
  VmSpec s = spec(t);
  s.firecracker_mode = "config-file";
  d.prepare(s);
  auto c = d.start(s);
  std::string out;
  char buf[256];
  for (ssize_t n; (n = ::read(c.out_fd, buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
  ::close(c.out_fd);
  CHECK(fcbench::terminate_and_reap(c.pid, std::chrono::seconds(1)) == 0);
  CHECK(out == "serial-console-line\n");
  CHECK_THAT(fcbench::read_file(args), Catch::StartsWith("--no-api --config-file "));
}
