// The Firecracker TEST DOUBLE (test/fc-double): its request validation, API
// state machine, config-file checks, command lines and exit codes. These
// check the double against Firecracker's documented behaviour; they do not
// run Firecracker.
#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "api.hpp"
#include "args.hpp"
#include "log.hpp"
#include "util/process.hpp"
#include "vm.hpp"

using Catch::Matchers::Contains;
using fcbench::test::ScopedEnv;
using fcbench::test::TempDir;
using namespace fcdouble;

namespace {

std::string fault_of(const Reply& r) {
  REQUIRE(r.status == 400);
  return json::parse(r.body).at("fault_message").get<std::string>();
}

// An existing file (the double checks that kernels and drives open).
std::string make_file(const TempDir& dir, const std::string& name) {
  auto p = (dir / name).string();
  std::ofstream(p) << "x";
  return p;
}

Version version(const char* v) {
  return *parse_version(v);
}

json drive(const std::string& id, const std::string& path, bool root, bool ro = false) {
  return {{"drive_id", id}, {"path_on_host", path}, {"is_root_device", root}, {"is_read_only", ro}};
}

}  // namespace

TEST_CASE("fc-double: versions parse with or without a v", "[unit][fc-double]") {
  auto v = parse_version("v1.10.1");
  REQUIRE(v);
  CHECK(v->major == 1);
  CHECK(v->minor == 10);
  CHECK(v->patch == 1);
  CHECK(v->text == "1.10.1");
  CHECK(parse_version("1.13.0-dev")->at_least(1, 13));
  CHECK_FALSE(parse_version("1.12.3")->at_least(1, 13));
  CHECK_FALSE(parse_version("1.2"));
  CHECK_FALSE(parse_version("x1.2.3"));
  CHECK_FALSE(parse_version("1.2.3x"));
  {
    ScopedEnv env("FCBENCH_FC_DOUBLE_VERSION", "0.25.2");
    CHECK(emulated_version().text == "0.25.2");
  }
  ScopedEnv env("FCBENCH_FC_DOUBLE_VERSION", nullptr);
  CHECK(emulated_version().text == "1.10.1");
}

TEST_CASE("fc-double: required fields and types", "[unit][fc-double]") {
  const Version v = version("1.10.1");
  CHECK_THROWS_WITH(parse_machine_config(json{{"mem_size_mib", 128}}, v),
                    Contains("missing field `vcpu_count`"));
  CHECK_THROWS_WITH(parse_machine_config(json{{"vcpu_count", 1}}, v),
                    Contains("missing field `mem_size_mib`"));
  CHECK_THROWS_WITH(parse_machine_config(json{{"vcpu_count", "1"}, {"mem_size_mib", 128}}, v),
                    Contains("`vcpu_count` must be an unsigned integer"));
  CHECK_THROWS_WITH(parse_machine_config(json{{"vcpu_count", -1}, {"mem_size_mib", 128}}, v),
                    Contains("`vcpu_count`"));
  CHECK_THROWS_WITH(
      parse_machine_config(json{{"vcpu_count", 1}, {"mem_size_mib", 128}, {"smt", "no"}}, v),
      Contains("`smt` must be a boolean"));
  CHECK_THROWS_WITH(
      parse_machine_config(json{{"vcpu_count", 1}, {"mem_size_mib", 128}, {"huge_pages", "1G"}}, v),
      Contains("`huge_pages` cannot be \"1G\""));
  CHECK_THROWS_WITH(parse_machine_config(json::array(), v), Contains("expected a JSON object"));

  CHECK_THROWS_WITH(parse_boot_source(json::object()),
                    Contains("missing field `kernel_image_path`"));
  CHECK_THROWS_WITH(parse_boot_source(json{{"kernel_image_path", 5}}),
                    Contains("`kernel_image_path` must be a string"));
  CHECK_FALSE(parse_boot_source(json{{"kernel_image_path", "k"}, {"initrd_path", nullptr}})
                  .initrd_path.has_value());

  CHECK_THROWS_WITH(parse_drive(json{{"drive_id", "a"}, {"path_on_host", "/x"}}),
                    Contains("missing field `is_root_device`"));
  CHECK_THROWS_WITH(parse_drive(json{{"is_root_device", false}, {"path_on_host", "/x"}}),
                    Contains("missing field `drive_id`"));
  CHECK_THROWS_WITH(parse_drive(json{{"drive_id", "a"}, {"is_root_device", false}}),
                    Contains("path_on_host"));
  CHECK_THROWS_WITH(parse_drive(json{{"drive_id", "a"},
                                     {"path_on_host", "/x"},
                                     {"is_root_device", false},
                                     {"cache_type", "None"}}),
                    Contains("`cache_type` cannot be \"None\""));
  CHECK_THROWS_WITH(parse_drive(json{{"drive_id", "a"},
                                     {"path_on_host", "/x"},
                                     {"is_root_device", false},
                                     {"rate_limiter", {{"bandwidth", {{"size", 1}}}}}}),
                    Contains("missing field `refill_time`"));
  Drive d = parse_drive(drive("a", "/x", false));
  CHECK(d.cache_type == "Unsafe");
  CHECK(d.io_engine == "Sync");

  CHECK_THROWS_WITH(parse_metrics(json::object()), Contains("missing field `metrics_path`"));
  CHECK_THROWS_WITH(parse_logger(json{{"level", "Loud"}}), Contains("`level` cannot be \"Loud\""));
  CHECK(parse_logger(json{{"level", "warning"}}).level == Level::Warn);
  CHECK_THROWS_WITH(parse_action(json{{"action_type", "Reboot"}}), Contains("InstanceStart"));
  CHECK_THROWS_WITH(parse_action(json::object()), Contains("missing field `action_type`"));
}

TEST_CASE("fc-double: vcpu_count is 1 or even, at most 32", "[unit][fc-double]") {
  const Version v = version("1.10.1");
  auto check = [&](int n) {
    check_machine_config(parse_machine_config(json{{"vcpu_count", n}, {"mem_size_mib", 128}}, v));
  };
  for (int ok : {1, 2, 4, 16, 32}) CHECK_NOTHROW(check(ok));
  for (int bad : {0, 3, 5, 31, 33, 34, 64})
    CHECK_THROWS_WITH(check(bad), Contains("vcpu_count is " + std::to_string(bad)));
  CHECK_THROWS_AS(check(256), Fault);  // not even a u8
  MachineConfig m;
  m.mem_size_mib = 0;
  CHECK_THROWS_WITH(check_machine_config(m), Contains("mem_size_mib"));
  m.mem_size_mib = 129;
  m.huge_pages = "2M";
  CHECK_THROWS_WITH(check_machine_config(m), Contains("mem_size_mib 129"));
}

TEST_CASE("fc-double: unknown fields get a fault naming them", "[unit][fc-double]") {
  Api api(version("1.10.1"), "t");
  Reply r = api.handle("PUT", "/machine-config",
                       R"({"vcpu_count": 2, "mem_size_mib": 256, "ht_enabled": true})");
  CHECK_THAT(fault_of(r), Contains("unknown field `ht_enabled`"));
  CHECK_THAT(fault_of(api.handle("PUT", "/boot-source", R"({"kernel": "/k"})")),
             Contains("unknown field `kernel`"));
  CHECK_THAT(fault_of(api.handle("PUT", "/logger", R"({"log_fifo": "/x"})")),
             Contains("unknown field `log_fifo`"));
  // Before 1.0 the field was ht_enabled, and smt was unknown.
  const Version old = version("0.25.0");
  CHECK(
      parse_machine_config(json{{"vcpu_count", 2}, {"mem_size_mib", 64}, {"ht_enabled", true}}, old)
          .smt);
  CHECK_THROWS_WITH(
      parse_machine_config(json{{"vcpu_count", 2}, {"mem_size_mib", 64}, {"smt", true}}, old),
      Contains("unknown field `smt`"));
}

TEST_CASE("fc-double: API requests, ids and files", "[unit][fc-double]") {
  TempDir tmp;
  const auto kernel = make_file(tmp, "vmlinux"), disk = make_file(tmp, "disk.img");
  Api api(version("1.10.1"), "vm1");
  CHECK(api.handle("PUT", "/boot-source", json{{"kernel_image_path", kernel}}.dump()).status ==
        204);
  CHECK_THAT(
      fault_of(api.handle("PUT", "/boot-source", json{{"kernel_image_path", kernel + "x"}}.dump())),
      Contains("No such file"));
  CHECK_THAT(fault_of(api.handle("PUT", "/drives/a", drive("b", disk, true).dump())),
             Contains("differs from drive_id"));
  CHECK_THAT(fault_of(api.handle("PUT", "/drives/a-b", drive("a-b", disk, true).dump())),
             Contains("letters, digits and underscores"));
  CHECK_THAT(fault_of(api.handle("PUT", "/drives/a", drive("a", "/nonexistent", true).dump())),
             Contains("No such file"));
  CHECK(api.handle("PUT", "/drives/a", drive("a", disk, true, true).dump()).status == 204);
  CHECK_THAT(fault_of(api.handle("PUT", "/drives/b", drive("b", disk, true).dump())),
             Contains("only one is allowed"));
  CHECK_THAT(fault_of(api.handle("PUT", "/machine-config", "{")), Contains("not valid JSON"));
  CHECK_THAT(fault_of(api.handle("PUT", "/actions", "")), Contains("needs a body"));
  CHECK_THAT(fault_of(api.handle("GET", "/nope", "")), Contains("Unknown request: GET /nope"));

  Reply info = api.handle("GET", "/", "");
  REQUIRE(info.status == 200);
  CHECK(json::parse(info.body) == json{{"id", "vm1"},
                                       {"state", "Not started"},
                                       {"vmm_version", "1.10.1"},
                                       {"app_name", "Firecracker"}});
  CHECK(json::parse(api.handle("GET", "/version", "").body) ==
        json{{"firecracker_version", "1.10.1"}});
  json config = json::parse(api.handle("GET", "/vm/config", "").body);
  CHECK(config["boot-source"]["kernel_image_path"] == kernel);
  CHECK(config["drives"][0]["is_read_only"] == true);
  CHECK(config["machine-config"]["vcpu_count"] == 1);
  CHECK(config["machine-config"]["mem_size_mib"] == 128);
}

TEST_CASE("fc-double: drives keep Firecracker's order, root first", "[unit][fc-double]") {
  std::vector<Drive> drives;
  auto add = [&](const std::string& id, bool root) {
    Drive d;
    d.drive_id = id;
    d.is_root_device = root;
    insert_drive(drives, d);
  };
  auto ids = [&] {
    std::vector<std::string> out;
    for (auto& d : drives) out.push_back(d.drive_id);
    return out;
  };
  add("work", false);
  add("chan", false);
  add("root", true);
  CHECK(ids() == std::vector<std::string>{"root", "work", "chan"});
  add("work", false);  // an update keeps its place
  CHECK(ids() == std::vector<std::string>{"root", "work", "chan"});
  CHECK_THROWS_WITH(add("chan", true), Contains("only one is allowed"));
  add("root", false);  // the root device stops being one...
  add("chan", true);   // ...so another may take its place, at the front
  CHECK(ids() == std::vector<std::string>{"chan", "work", "root"});
}

TEST_CASE("fc-double: pre-boot requests are refused after InstanceStart", "[unit][fc-double]") {
  TempDir tmp;
  const auto kernel = make_file(tmp, "vmlinux"), disk = make_file(tmp, "disk.img");
  Api api(version("1.10.1"), "vm1");
  CHECK_THAT(fault_of(api.handle("PUT", "/actions", R"({"action_type": "InstanceStart"})")),
             Contains("no kernel is configured"));
  CHECK_THAT(fault_of(api.handle("PUT", "/actions", R"({"action_type": "FlushMetrics"})")),
             Contains("once the microVM has started"));
  CHECK_THAT(fault_of(api.handle("PUT", "/actions", R"({"action_type": "SendCtrlAltDel"})")),
             Contains("once the microVM has started"));
  REQUIRE(api.handle("PUT", "/boot-source", json{{"kernel_image_path", kernel}}.dump()).status ==
          204);

  Reply start = api.handle("PUT", "/actions", R"({"action_type": "InstanceStart"})");
  CHECK(start.start);
  // A failed boot leaves the API ready for another try.
  CHECK_THAT(fault_of(api.start_done("QEMU exited before it was ready")),
             Contains("Cannot start the microVM: QEMU exited"));
  CHECK_FALSE(api.started());
  REQUIRE(api.handle("PUT", "/actions", R"({"action_type": "InstanceStart"})").start);
  CHECK(api.start_done("").status == 204);
  CHECK(json::parse(api.handle("GET", "/", "").body)["state"] == "Running");

  // InstanceStart succeeds once.
  CHECK_THAT(fault_of(api.handle("PUT", "/actions", R"({"action_type": "InstanceStart"})")),
             Contains("only accepted before the microVM starts"));
  for (auto [path, body] : std::vector<std::pair<std::string, json>>{
           {"/machine-config", {{"vcpu_count", 2}, {"mem_size_mib", 256}}},
           {"/boot-source", {{"kernel_image_path", kernel}}},
           {"/drives/d", drive("d", disk, false)},
           {"/logger", {{"level", "Info"}}},
           {"/metrics", {{"metrics_path", disk}}}})
    CHECK_THAT(fault_of(api.handle("PUT", path, body.dump())),
               Contains("only accepted before the microVM starts"));
  // The body is still checked first, as Firecracker's API thread does.
  CHECK_THAT(fault_of(api.handle("PUT", "/machine-config", R"({"vcpus": 2})")),
             Contains("unknown field `vcpus`"));
  CHECK(api.handle("PUT", "/actions", R"({"action_type": "FlushMetrics"})").status == 204);
  CHECK(api.handle("PATCH", "/vm", R"({"state": "Paused"})").status == 204);
}

TEST_CASE("fc-double: hooks turn their errors into faults", "[unit][fc-double]") {
  Hooks hooks;
  hooks.configure_logger = [](const LoggerConfig& c) {
    return c.log_path == std::optional<std::string>("/bad") ? std::string("cannot open /bad")
                                                            : std::string();
  };
  Api api(version("1.10.1"), "vm1", hooks);
  CHECK_THAT(fault_of(api.handle("PUT", "/logger", R"({"log_path": "/bad"})")),
             Contains("cannot open /bad"));
  CHECK(api.handle("PUT", "/logger", R"({"log_path": "/good", "level": "Debug"})").status == 204);
}

TEST_CASE("fc-double: config files", "[unit][fc-double]") {
  TempDir tmp;
  const auto kernel = make_file(tmp, "vmlinux"), root = make_file(tmp, "root.img"),
             work = make_file(tmp, "work.img");
  const Version v = version("1.10.1");
  json doc = {{"boot-source", {{"kernel_image_path", kernel}, {"boot_args", "console=ttyS0"}}},
              {"drives", {drive("work", work, false), drive("rootfs", root, true, true)}},
              {"machine-config", {{"vcpu_count", 2}, {"mem_size_mib", 256}}},
              {"network-interfaces", json::array()},
              {"some-future-key", 1}};
  VmConfig c = parse_config_file(doc.dump(), v);
  REQUIRE(c.drives.size() == 2);
  CHECK(c.drives[0].drive_id == "rootfs");
  CHECK(c.machine.vcpu_count == 2);

  auto bad = [&](json d) { return parse_config_file(d.dump(), v); };
  CHECK_THROWS_WITH(parse_config_file("{", v), Contains("not valid JSON"));
  CHECK_THROWS_WITH(bad(json::array()), Contains("one JSON object"));
  CHECK_THROWS_WITH(bad(json{{"drives", json::array()}}), Contains("no \"boot-source\""));
  json no_drives = doc;
  no_drives.erase("drives");
  CHECK_THROWS_WITH(bad(no_drives), Contains("no \"drives\""));
  json odd = doc;
  odd["machine-config"]["vcpu_count"] = 3;
  CHECK_THROWS_WITH(bad(odd), Contains("In \"machine-config\"") && Contains("vcpu_count is 3"));
  json unknown = doc;
  unknown["drives"][0]["readonly"] = true;
  CHECK_THROWS_WITH(bad(unknown),
                    Contains("In \"drives\"") && Contains("unknown field `readonly`"));
  json missing = doc;
  missing["boot-source"]["kernel_image_path"] = kernel + ".gone";
  CHECK_THROWS_WITH(bad(missing), Contains("No such file"));
  json net = doc;
  net["network-interfaces"] = json::array({json::object()});
  CHECK_THROWS_WITH(bad(net), Contains("network-interfaces"));
}

TEST_CASE("fc-double: flags", "[unit][fc-double]") {
  Options o = parse_args({"--api-sock", "/s", "--id", "vm-1", "--boot-timer", "--level", "Info"});
  CHECK(o.api_sock == "/s");
  CHECK(o.id == "vm-1");
  CHECK(o.boot_timer);
  CHECK(parse_args({}).api_sock == "/run/firecracker.socket");
  CHECK_THROWS_AS(parse_args({"--bogus"}), ArgError);
  CHECK_THROWS_AS(parse_args({"--api-sock=/s"}), ArgError);
  CHECK_THROWS_AS(parse_args({"--api-sock"}), ArgError);
  CHECK_THROWS_AS(parse_args({"--id", "a", "--id", "b"}), ArgError);
  CHECK_THROWS_AS(parse_args({"--no-api"}), ArgError);
  CHECK_THROWS_AS(parse_args({"--id", "bad_id"}), ArgError);
  CHECK_THROWS_AS(parse_args({"stray"}), ArgError);
}

TEST_CASE("fc-double: kernel command line and QEMU command", "[unit][fc-double]") {
  VmConfig c;
  c.boot = BootSource{"/k", std::string("/i"), std::nullopt};
  CHECK(guest_cmdline(c, version("1.10.1"), 0) == default_boot_args(version("1.10.1")));
  CHECK_THAT(default_boot_args(version("1.10.1")), Contains("i8042.nopnp"));
  CHECK_THAT(default_boot_args(version("1.14.0")), Contains("swiotlb=noforce"));
  c.boot->boot_args = "console=ttyS0 reboot=k";
  Drive root;
  root.drive_id = "root";
  root.path_on_host = "/r";
  root.is_root_device = true;
  root.is_read_only = true;
  Drive work;
  work.drive_id = "work";
  work.path_on_host = "/w";
  work.cache_type = "Writeback";
  c.drives = {root, work};
  CHECK(guest_cmdline(c, version("1.10.1"), 1000) ==
        "console=ttyS0 reboot=k root=/dev/vda ro tsc_early_khz=1000 tsc=reliable");
  c.boot->boot_args = "console=ttyS0 tsc_early_khz=5 -- init arg";
  c.drives[0].partuuid = "abc-01";
  CHECK(guest_cmdline(c, version("1.10.1"), 1000) ==
        "console=ttyS0 tsc_early_khz=5 root=PARTUUID=abc-01 ro tsc=reliable -- init arg");

  CHECK(boot_timer_address(version("1.12.1")) == 0xD0000000u);
  CHECK(boot_timer_address(version("1.13.0")) == 0xC0000000u);

  QemuSetup s;
  s.name = "n";
  auto a = qemu_command(s, c, "cmd");
  auto joined = fcbench::shell_quote(a);
  CHECK_THAT(joined, Contains("-accel tcg") && Contains("-M microvm,acpi=on -smp 1 -m 128"));
  CHECK_THAT(joined, Contains("-device i8042"));
  CHECK_THAT(joined, Contains("-action reboot=shutdown,shutdown=pause"));
  CHECK_THAT(joined, Contains("-kernel /k -initrd /i -append cmd"));
  // Drives in the configured order (the root device first), read-only where asked.
  CHECK_THAT(joined,
             Contains("-drive id=drive0,file=/r,format=raw,if=none,cache=unsafe,readonly=on "
                      "-device virtio-blk-device,drive=drive0 -drive "
                      "id=drive1,file=/w,format=raw,if=none,cache=writeback -device "
                      "virtio-blk-device,drive=drive1"));
  CHECK_THAT(joined, !Contains("pcie=on") && !Contains("-trace"));
  s.trace_fd = 4;
  joined = fcbench::shell_quote(qemu_command(s, c, "cmd"));
  CHECK_THAT(joined, Contains("microvm,acpi=on,pcie=on") &&
                         Contains("-trace memory_region_ops_write -D /proc/self/fd/4"));
}

TEST_CASE("fc-double: boot timer trace lines", "[unit][fc-double]") {
  auto w = parse_trace_line(
      "32670@1795632189.590827:memory_region_ops_write cpu 0 mr 0x55ed8b500560 addr 0xc0000000 "
      "value 0x7b size 1 name 'gpex_mmio_window'");
  REQUIRE(w);
  CHECK(w->addr == 0xC0000000u);
  CHECK(w->value == 123);
  CHECK(w->size == 1);
  CHECK(w->realtime_us == 1795632189590827);
  CHECK_FALSE(parse_trace_line("memory_region_ops_write cpu 0 addr 0x1 value 0x2 size 1"));
  CHECK_FALSE(parse_trace_line("1@2.3:memory_region_ops_read cpu 0 addr 0x1 value 0x2 size 1"));
}

TEST_CASE("fc-double: log lines", "[unit][fc-double]") {
  Logger log("vm1");
  auto here = std::source_location::current();
  CHECK(log.format(Level::Info, "main", "hello", here, "T") == "T [vm1:main] hello\n");
  CHECK(log.format(Level::Debug, "main", "hidden", here, "T").empty());
  LoggerConfig c;
  c.level = Level::Debug;
  c.show_level = true;
  c.show_log_origin = true;
  CHECK(log.configure(c).empty());
  CHECK_THAT(log.format(Level::Debug, "fc_api", "m", here, "T"),
             Contains("T [vm1:fc_api:DEBUG:fc_double_test.cpp:"));
  c = {};
  c.log_path = "/nonexistent/log";
  CHECK_THAT(log.configure(c), Contains("No such file"));
  CHECK(boot_time_message(1234567, 890) ==
        "Guest-boot-time = 1234567 us 1234 ms,    890 CPU us 0 CPU ms");
  CHECK(local_timestamp().size() == 29);
}

#ifdef FCBENCH_FC_DOUBLE
TEST_CASE("fc-double: exit codes of the executable", "[unit][fc-double]") {
  TempDir tmp;
  auto run = [](std::vector<std::string> args) {
    args.insert(args.begin(), FCBENCH_FC_DOUBLE);
    return fcbench::run_command(args, std::chrono::seconds(20));
  };
  auto out = run({"--version"});
  CHECK(out.exit_code == 0);
  CHECK(out.output.rfind("Firecracker v1.10.1\n", 0) == 0);
  CHECK_THAT(out.output, Contains("test double"));
  CHECK(run({"--bogus"}).exit_code == 153);
  CHECK(run({"--no-api"}).exit_code == 153);
  CHECK(run({"--level", "loud", "--no-api", "--config-file", "/x"}).exit_code == 152);

  const auto bad = (tmp / "bad.json").string();
  std::ofstream(bad) << R"({"boot-source": {"kernel_image_path": "/nonexistent"}, "drives": []})";
  auto r = run({"--no-api", "--config-file", bad});
  CHECK(r.exit_code == 152);
  CHECK_THAT(r.output, Contains("No such file"));
  std::ofstream(bad) << "{ not json";
  CHECK(run({"--no-api", "--config-file", bad}).exit_code == 152);
  CHECK(run({"--no-api", "--config-file", (tmp / "missing.json").string()}).exit_code == 152);
}
#endif
