#include "vmm/accel_cache.hpp"

#include <nlohmann/json.hpp>

#include "util/fs.hpp"

namespace fcbench::vmm {

namespace {
std::string boot_id() {
  try {
    auto s = read_file("/proc/sys/kernel/random/boot_id");
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
  } catch (...) {
    return "unknown";
  }
}
fs::path cache_file() {
  return cache_dir() / "accel-probe.json";
}
}  // namespace

std::optional<AccelVerdict> cached_verdict(const std::string& vmm_version) {
  try {
    auto j = nlohmann::json::parse(read_file(cache_file()));
    if (j.at("boot_id") != boot_id() || j.at("vmm_version") != vmm_version) return std::nullopt;
    return AccelVerdict{j.at("kvm_ok").get<bool>(), j.at("reason").get<std::string>()};
  } catch (...) {
    return std::nullopt;
  }
}

void store_verdict(const std::string& vmm_version, const AccelVerdict& v) {
  nlohmann::json j = {{"boot_id", boot_id()},
                      {"vmm_version", vmm_version},
                      {"kvm_ok", v.kvm_ok},
                      {"reason", v.reason}};
  fs::create_directories(cache_dir());
  write_file_atomic(cache_file(), j.dump(2) + "\n");
}

}  // namespace fcbench::vmm
