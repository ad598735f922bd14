#include "vmm/firecracker_config.hpp"

#include <cctype>

namespace fcbench::vmm {

FcPaths host_paths(const VmSpec& spec) {
  auto abs = [](const std::filesystem::path& p) {
    return p.empty() ? std::string() : std::filesystem::absolute(p).lexically_normal().string();
  };
  auto in = [&](const char* name) { return abs(spec.instance_dir / name); };
  return {abs(spec.kernel),    abs(spec.initrd),  abs(spec.rootfs),
          abs(spec.work_disk), abs(spec.channel), in("fc.log"),
          in("fc.metrics"),    in("fc.sock"),     in("fc-config.json")};
}

std::string fc_boot_args(const VmSpec& spec) {
  return guest_cmdline(spec, "reboot=k i8042.noaux i8042.nomux i8042.dumbkbd swiotlb=noforce");
}

FcVmConfig make_fc_config(const VmSpec& spec, const FcPaths& p) {
  FcVmConfig c;
  c.machine.vcpu_count = spec.vcpus;
  c.machine.mem_size_mib = spec.mem_mib;
  c.boot = {p.kernel, p.initrd, fc_boot_args(spec)};
  if (!spec.probe)
    c.drives = {{"rootfs", p.rootfs, true, true},
                {"work", p.work_disk, false, false},
                {"chan", p.channel, false, false}};
  c.logger.log_path = p.log;
  c.metrics_path = p.metrics;
  return c;
}

namespace {

nlohmann::json machine_json(const FcMachine& m, const FcVersion& v) {
  return {{"vcpu_count", m.vcpu_count}, {"mem_size_mib", m.mem_size_mib}, {smt_field(v), m.smt}};
}

nlohmann::json boot_json(const FcBootSource& b) {
  nlohmann::json j = {{"kernel_image_path", b.kernel_image_path}, {"boot_args", b.boot_args}};
  if (!b.initrd_path.empty()) j["initrd_path"] = b.initrd_path;
  return j;
}

nlohmann::json drive_json(const FcDrive& d) {
  return {{"drive_id", d.drive_id},
          {"path_on_host", d.path_on_host},
          {"is_root_device", d.is_root_device},
          {"is_read_only", d.is_read_only}};
}

nlohmann::json logger_json(const FcLogger& l) {
  return {{"log_path", l.log_path},
          {"level", l.level},
          {"show_level", false},
          {"show_log_origin", false}};
}

}  // namespace

std::vector<FcRequest> fc_api_requests(const FcVmConfig& c, const FcVersion& v) {
  std::vector<FcRequest> r;
  r.push_back({"PUT", "/logger", logger_json(c.logger)});
  r.push_back({"PUT", "/metrics", {{"metrics_path", c.metrics_path}}});
  r.push_back({"PUT", "/machine-config", machine_json(c.machine, v)});
  r.push_back({"PUT", "/boot-source", boot_json(c.boot)});
  for (auto& d : c.drives) r.push_back({"PUT", "/drives/" + d.drive_id, drive_json(d)});
  r.push_back({"PUT", "/actions", {{"action_type", "InstanceStart"}}});
  return r;
}

nlohmann::json fc_config_file(const FcVmConfig& c, const FcVersion& v) {
  nlohmann::json drives = nlohmann::json::array();
  for (auto& d : c.drives) drives.push_back(drive_json(d));
  return {{"boot-source", boot_json(c.boot)},
          {"drives", drives},
          {"machine-config", machine_json(c.machine, v)},
          {"logger", logger_json(c.logger)},
          {"metrics", {{"metrics_path", c.metrics_path}}}};
}

std::vector<std::string> fc_args(const std::string& mode, const FcPaths& p, const std::string& id,
                                 bool with_id) {
  std::vector<std::string> a;
  if (mode == "config-file")
    a = {"--no-api", "--config-file", p.config_file};
  else
    a = {"--api-sock", p.api_sock};
  if (with_id) a.insert(a.end(), {"--id", fc_instance_id(id)});
  a.push_back("--boot-timer");
  return a;
}

std::string fc_instance_id(const std::string& id) {
  std::string out;
  for (char c : id) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  if (out.empty()) out = "fcbench";
  return out.substr(0, 64);
}

}  // namespace fcbench::vmm
