#include "run/env.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>

namespace fcbench::run {

nlohmann::json host_env() {
  utsname u{};
  ::uname(&u);
  std::string cpu;
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  return {{"host_kernel", std::string(u.release) + " " + u.version},
          {"host_arch", u.machine},
          {"cpu_model", cpu},
          {"online_cpus", ::sysconf(_SC_NPROCESSORS_ONLN)},
          {"fcbench_version", FCBENCH_VERSION}};
}

}  // namespace fcbench::run
