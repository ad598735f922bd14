// Firecracker request building: the API sequence, the config file, the
// boot arguments and the command-line arguments.
#include "vmm/firecracker_config.hpp"

#include <catch2/catch.hpp>
#include <set>

using namespace fcbench::vmm;
using nlohmann::json;

namespace {

VmSpec spec() {
  VmSpec s;
  s.id = "0001-prime_n_1000_-r1";
  s.instance_dir = "/r/instances/0001";
  s.kernel = "/c/vmlinux/abc.vmlinux";
  s.initrd = "/c/initramfs/x.cpio.gz";
  s.rootfs = "/c/rootfs/r.ext4";
  s.work_disk = "/r/instances/0001/work.ext4";
  s.channel = "/r/instances/0001/channel.img";
  s.vcpus = 2;
  s.mem_mib = 512;
  return s;
}

std::set<std::string> words(const std::string& s) {
  std::set<std::string> out;
  size_t p = 0;
  while (p < s.size()) {
    size_t sp = s.find(' ', p);
    out.insert(s.substr(p, sp == std::string::npos ? std::string::npos : sp - p));
    if (sp == std::string::npos) break;
    p = sp + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("firecracker: host paths are the instance's, absolute", "[unit][firecracker]") {
  FcPaths p = host_paths(spec());
  CHECK(p.kernel == "/c/vmlinux/abc.vmlinux");
  CHECK(p.work_disk == "/r/instances/0001/work.ext4");
  CHECK(p.api_sock == "/r/instances/0001/fc.sock");
  CHECK(p.log == "/r/instances/0001/fc.log");
  CHECK(p.metrics == "/r/instances/0001/fc.metrics");
  CHECK(p.config_file == "/r/instances/0001/fc-config.json");
  VmSpec rel = spec();
  rel.instance_dir = "out/i";
  CHECK(std::filesystem::path(host_paths(rel).api_sock).is_absolute());
}

TEST_CASE("firecracker: boot args follow Firecracker's advice, minus what our guest cannot use",
          "[unit][firecracker]") {
  auto w = words(fc_boot_args(spec()));
  for (auto k : {"console=ttyS0", "reboot=k", "panic=-1", "i8042.noaux", "i8042.nomux",
                 "i8042.dumbkbd", "swiotlb=noforce", "fcbench.root=/dev/vda",
                 "fcbench.work=/dev/vdb", "fcbench.chan=/dev/vdc"})
    CHECK(w.count(k));
  CHECK_FALSE(w.count("nomodule"));         // the initramfs insmods virtio
  CHECK_FALSE(w.count("8250.nr_uarts=0"));  // ttyS0 is the console
  CHECK_FALSE(w.count("reboot=t"));
}

TEST_CASE("firecracker: the API requests come in the documented order with full bodies",
          "[unit][firecracker]") {
  auto cfg = make_fc_config(spec(), host_paths(spec()));
  auto reqs = fc_api_requests(cfg, {1, 10, 1});
  std::vector<std::string> order;
  for (auto& r : reqs) {
    CHECK(r.method == "PUT");
    order.push_back(r.path);
  }
  CHECK(order == std::vector<std::string>{"/logger", "/metrics", "/machine-config", "/boot-source",
                                          "/drives/rootfs", "/drives/work", "/drives/chan",
                                          "/actions"});
  CHECK(reqs[0].body == json{{"log_path", "/r/instances/0001/fc.log"},
                             {"level", "Info"},
                             {"show_level", false},
                             {"show_log_origin", false}});
  CHECK(reqs[1].body == json{{"metrics_path", "/r/instances/0001/fc.metrics"}});
  CHECK(reqs[2].body == json{{"vcpu_count", 2}, {"mem_size_mib", 512}, {"smt", false}});
  CHECK(reqs[3].body["kernel_image_path"] == "/c/vmlinux/abc.vmlinux");
  CHECK(reqs[3].body["initrd_path"] == "/c/initramfs/x.cpio.gz");
  CHECK(reqs[3].body["boot_args"] == fc_boot_args(spec()));
  CHECK(reqs[4].body == json{{"drive_id", "rootfs"},
                             {"path_on_host", "/c/rootfs/r.ext4"},
                             {"is_root_device", true},
                             {"is_read_only", true}});
  CHECK(reqs[5].body == json{{"drive_id", "work"},
                             {"path_on_host", "/r/instances/0001/work.ext4"},
                             {"is_root_device", false},
                             {"is_read_only", false}});
  CHECK(reqs[6].body["path_on_host"] == "/r/instances/0001/channel.img");
  CHECK(reqs[6].body["is_read_only"] == false);
  CHECK(reqs[7].body == json{{"action_type", "InstanceStart"}});
}

TEST_CASE("firecracker: pre-1.0 machine-config would say ht_enabled", "[unit][firecracker]") {
  auto cfg = make_fc_config(spec(), host_paths(spec()));
  auto reqs = fc_api_requests(cfg, {0, 25, 0});
  CHECK(reqs[2].body == json{{"vcpu_count", 2}, {"mem_size_mib", 512}, {"ht_enabled", false}});
}

TEST_CASE("firecracker: the config file holds the same configuration in one document",
          "[unit][firecracker]") {
  auto cfg = make_fc_config(spec(), host_paths(spec()));
  json f = fc_config_file(cfg, {1, 10, 1});
  std::set<std::string> keys;
  for (auto& [k, v] : f.items()) keys.insert(k);
  CHECK(keys ==
        std::set<std::string>{"boot-source", "drives", "machine-config", "logger", "metrics"});
  auto reqs = fc_api_requests(cfg, {1, 10, 1});
  CHECK(f["logger"] == reqs[0].body);
  CHECK(f["metrics"] == reqs[1].body);
  CHECK(f["machine-config"] == reqs[2].body);
  CHECK(f["boot-source"] == reqs[3].body);
  REQUIRE(f["drives"].size() == 3);
  CHECK(f["drives"][0] == reqs[4].body);
  CHECK(f["drives"][1] == reqs[5].body);
  CHECK(f["drives"][2] == reqs[6].body);
}

TEST_CASE("firecracker: command-line arguments per mode", "[unit][firecracker]") {
  FcPaths p = host_paths(spec());
  CHECK(fc_args("api", p, "0001-prime_n_1000_-r1", true) ==
        std::vector<std::string>{"--api-sock", "/r/instances/0001/fc.sock", "--id",
                                 "0001-prime-n-1000--r1", "--boot-timer"});
  CHECK(fc_args("config-file", p, "x", true) ==
        std::vector<std::string>{"--no-api", "--config-file", "/r/instances/0001/fc-config.json",
                                 "--id", "x", "--boot-timer"});
  CHECK(fc_args("api", p, "x", false) ==
        std::vector<std::string>{"--api-sock", "/r/instances/0001/fc.sock", "--boot-timer"});
}

TEST_CASE("firecracker: instance ids are reduced to Firecracker's alphabet",
          "[unit][firecracker]") {
  CHECK(fc_instance_id("0001-boot-r1") == "0001-boot-r1");
  CHECK(fc_instance_id("0002-prime_n_100.5_-r1") == "0002-prime-n-100-5--r1");
  CHECK(fc_instance_id(std::string(80, 'a')).size() == 64);
  CHECK(fc_instance_id("") == "fcbench");
}
