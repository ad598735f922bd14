#include "run/environment.hpp"

#include <map>

#include "util/hash.hpp"
#include "util/process.hpp"

#ifndef FCBENCH_GIT_COMMIT
#define FCBENCH_GIT_COMMIT "unknown"
#endif

namespace fcbench::run {

namespace {

nlohmann::json file_sha256(const std::string& path) {
  if (path.empty()) return nullptr;
  try {
    return Sha256().add_file(path).hex();
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

nlohmann::json run_env(const nlohmann::json& host_fingerprint, const host::Session& session,
                       const Assets& assets, const std::vector<Placed>& plan,
                       const std::string& source_sha256) {
  // What the plan uses, each once: VMMs by name (the binary is the first
  // word of the command each driver builds), kernels by `kernel:` value.
  std::map<std::string, const Placed*> vmms;
  std::map<std::string, const Placed*> kernels;
  std::map<std::string, std::string> plugins;
  nlohmann::json sources = nlohmann::json::object();  // each plugin loaded, with its hash
  for (auto& inst : plan) {
    const plugin::Source& s = inst.plugin->source();
    sources[inst.bench->plugin] = {
        {"name", inst.plugin->name()},
        {"version", inst.plugin->version()},
        {"library", inst.plugin->library_path().string()},
        {"sha256", s.sha256},
        {"pack", s.pack.empty() ? nlohmann::json() : nlohmann::json(s.pack)},
        {"pack_version", s.pack.empty() ? nlohmann::json() : nlohmann::json(s.pack_version)}};
    vmms.emplace(inst.bench->vm.vmm, &inst);
    if (inst.driver->is_vm()) kernels.emplace(inst.bench->vm.kernel, &inst);
    plugins.emplace(inst.bench->plugin, inst.plugin->version());
  }
  nlohmann::json vmm_json = nlohmann::json::object();
  for (auto& [name, inst] : vmms) {
    // A native "command" is the payload itself, not a VMM binary.
    std::string path =
        inst->command.empty() || !inst->driver->is_vm() ? "" : which(inst->command[0]);
    nlohmann::json version;
    try {
      version = assets.driver(inst->bench->vm).version();
    } catch (const std::exception&) {
    }
    vmm_json[name] = {{"path", path.empty() ? nlohmann::json() : nlohmann::json(path)},
                      {"version", version},
                      {"sha256", file_sha256(path)}};
  }
  nlohmann::json kernel_json = nlohmann::json::object();
  for (auto& [key, inst] : kernels) {
    const auto& k = assets.kernels.at(key);
    kernel_json[key.empty() ? "default" : key] = {{"path", k.image.string()},
                                                  {"release", k.release},
                                                  {"sha256", file_sha256(k.image.string())}};
  }
  return {
      {"host", host_fingerprint},
      {"host_settings", session.describe()},
      {"vmms", vmm_json},
      {"guest_kernels", kernel_json},
      {"rootfs_sha256", assets.rootfs.hash},
      {"plugins", plugins},
      {"plugin_sources", sources},
      {"fcbench", {{"version", FCBENCH_VERSION}, {"git_commit", FCBENCH_GIT_COMMIT}}},
      {"suite_sha256", source_sha256},
  };
}

nlohmann::json record_env(const nlohmann::json& host) {
  // uname's release and version, as /proc/sys/kernel has them.
  std::string kernel;
  for (const char* key : {"host_kernel", "host_kernel_version"})
    if (host.value(key, nlohmann::json()).is_string())
      kernel += (kernel.empty() ? "" : " ") + host[key].get<std::string>();
  return {{"host_kernel", kernel.empty() ? nlohmann::json() : nlohmann::json(kernel)},
          {"host_arch", host.value("host_arch", nlohmann::json())},
          {"cpu_model", host.value("cpu_model", nlohmann::json())},
          {"online_cpus", host.value("cpu_threads", nlohmann::json())},
          {"cgroups", host.value("cgroups", nlohmann::json())},
          {"fcbench_version", FCBENCH_VERSION}};
}

}  // namespace fcbench::run
