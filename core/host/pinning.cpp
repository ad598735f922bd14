#include "host/pinning.hpp"

#include <fmt/format.h>
#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <thread>

#include "util/number.hpp"

namespace fcbench::host {

namespace {

// A non-negative number making up all of `s`, or nullopt.
std::optional<int> whole_number(std::string_view s) {
  return parse_number<int>(s, 0, std::numeric_limits<int>::max());
}

std::string comm_of(const std::filesystem::path& task_dir) {
  std::ifstream f(task_dir / "comm");
  std::string line;
  std::getline(f, line);
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
  return line;
}

std::string set_affinity(pid_t tid, int core) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(core, &set);
  if (::sched_setaffinity(tid, sizeof set, &set) == 0) return "";
  if (errno == ESRCH) return "";  // the thread has ended meanwhile
  return std::strerror(errno);
}

}  // namespace

std::optional<int> vcpu_index(std::string_view comm) {
  // QEMU: "CPU <n>/<ACCEL>" (KVM, TCG, HVF, ...).
  if (comm.substr(0, 4) == "CPU ") {
    auto slash = comm.find('/', 4);
    if (slash == std::string_view::npos || slash + 1 == comm.size()) return std::nullopt;
    for (char c : comm.substr(slash + 1))
      if (c < 'A' || c > 'Z') return std::nullopt;
    return whole_number(comm.substr(4, slash - 4));
  }
  // Firecracker: "fc_vcpu <n>".
  if (comm.substr(0, 8) == "fc_vcpu ") return whole_number(comm.substr(8));
  return std::nullopt;
}

std::vector<VmmThread> list_threads(const std::filesystem::path& proc_root, pid_t pid) {
  std::vector<VmmThread> out;
  std::error_code ec;
  std::filesystem::directory_iterator it(proc_root / std::to_string(pid) / "task", ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    auto tid = whole_number(it->path().filename().string());
    if (!tid) continue;
    VmmThread t;
    t.tid = pid_t(*tid);
    t.comm = comm_of(it->path());
    t.vcpu = vcpu_index(t.comm);
    out.push_back(std::move(t));
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.tid < b.tid; });
  return out;
}

std::set<int> usable_cpus() {
  std::set<int> out;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return out;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) out.insert(c);
  return out;
}

nlohmann::json PinResult::to_json() const {
  nlohmann::json vc = nlohmann::json::object();
  for (auto& [v, core] : grant.vcpus) vc[std::to_string(v)] = core;
  return {{"vcpus", vc},
          {"vmm_threads", granted ? nlohmann::json(grant.vmm_threads) : nlohmann::json()},
          {"shared", grant.shared},
          {"warnings", warnings}};
}

PinResult pin_vmm(pid_t pid, unsigned vcpus, CoreAllocator& cores, const PinOptions& opt) {
  PinResult r;
  auto count_vcpus = [](const std::vector<VmmThread>& ts) {
    return size_t(std::count_if(ts.begin(), ts.end(), [](auto& t) { return t.vcpu.has_value(); }));
  };
  auto deadline = std::chrono::steady_clock::now() + opt.wait;
  std::vector<VmmThread> threads = list_threads(opt.proc_root, pid);
  while (count_vcpus(threads) < vcpus && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(opt.poll);
    threads = list_threads(opt.proc_root, pid);
  }
  if (threads.empty()) {
    r.warnings.push_back(fmt::format("pinning: VMM process {} has no threads to pin (gone?)", pid));
    return r;
  }
  size_t found = count_vcpus(threads);
  if (found < vcpus)
    r.warnings.push_back(fmt::format(
        "pinning: found {} of {} vCPU thread(s) after {} ms; the missing ones are not pinned",
        found, vcpus, opt.wait.count()));

  try {
    r.grant = cores.allocate(vcpus);
    r.granted = true;
  } catch (const std::exception& e) {
    r.warnings.push_back(std::string("pinning: ") + e.what());
    return r;
  }
  if (r.grant.shared)
    r.warnings.push_back(fmt::format(
        "pinning: {} core(s) allowed for {} vCPU(s) + the VMM's other threads (and other "
        "instances); some cores are shared",
        cores.allowed().size(), vcpus));
  std::set<int> pinned_vcpus;
  for (auto& t : threads) {
    int core = r.grant.vmm_threads;
    if (t.vcpu) {
      auto it = r.grant.vcpus.find(*t.vcpu);
      if (it == r.grant.vcpus.end() || !pinned_vcpus.insert(*t.vcpu).second) {
        r.warnings.push_back(
            fmt::format("pinning: unexpected vCPU thread '{}' (tid {}) put with the VMM's threads",
                        t.comm, t.tid));
      } else {
        core = it->second;
      }
    }
    if (auto err = set_affinity(t.tid, core); !err.empty())
      r.warnings.push_back(
          fmt::format("pinning: thread '{}' (tid {}) to core {}: {}", t.comm, t.tid, core, err));
  }
  return r;
}

}  // namespace fcbench::host
