// fcbench's Firecracker TEST DOUBLE: command-line flags.
#include "args.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace fcdouble {

namespace {

struct Flag {
  const char* name;
  bool takes_value;
  const char* help;
};

// Firecracker's flags that fcbench may pass. The seccomp and start-time
// flags are accepted (the jailer adds the latter) and have no effect here.
const Flag kFlags[] = {
    {"api-sock", true, "path of the API Unix socket"},
    {"id", true, "microVM id (letters, digits and '-', at most 64)"},
    {"config-file", true, "JSON configuration; the microVM boots at once"},
    {"no-api", false, "no API socket (needs --config-file)"},
    {"boot-timer", false, "log Guest-boot-time when the guest writes the boot timer"},
    {"log-path", true, "log file (must exist)"},
    {"level", true, "log level: Off, Error, Warning, Info, Debug, Trace"},
    {"module", true, "log only from this module (ignored by the double)"},
    {"show-level", false, "show the level in log lines"},
    {"show-log-origin", false, "show the source file and line in log lines"},
    {"metrics-path", true, "metrics file (must exist)"},
    {"no-seccomp", false, "accepted, no effect"},
    {"seccomp-filter", true, "accepted, no effect"},
    {"start-time-us", true, "accepted, no effect"},
    {"start-time-cpu-us", true, "accepted, no effect"},
    {"parent-cpu-time-us", true, "accepted, no effect"},
    {"version", false, "print the emulated Firecracker version"},
    {"help", false, "print this help"},
};

const Flag* find_flag(const std::string& name) {
  for (const Flag& f : kFlags)
    if (name == f.name) return &f;
  return nullptr;
}

bool valid_id(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
  });
}

}  // namespace

Options parse_args(const std::vector<std::string>& args) {
  Options o;
  std::set<std::string> seen;
  for (size_t i = 0; i < args.size(); i++) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0 || a.size() == 2) throw ArgError("unexpected argument: '" + a + "'");
    std::string name = a.substr(2);
    const Flag* f = find_flag(name);
    if (!f) throw ArgError("unknown argument: '" + a + "'");
    if (!seen.insert(name).second) throw ArgError("argument given twice: '" + a + "'");
    std::string value;
    if (f->takes_value) {
      if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0)
        throw ArgError("argument '" + a + "' needs a value");
      value = args[++i];
    }
    if (name == "api-sock")
      o.api_sock = value;
    else if (name == "id")
      o.id = value;
    else if (name == "config-file")
      o.config_file = value;
    else if (name == "no-api")
      o.no_api = true;
    else if (name == "boot-timer")
      o.boot_timer = true;
    else if (name == "log-path")
      o.log_path = value;
    else if (name == "level")
      o.level = value;
    else if (name == "module")
      o.module = value;
    else if (name == "show-level")
      o.show_level = true;
    else if (name == "show-log-origin")
      o.show_log_origin = true;
    else if (name == "metrics-path")
      o.metrics_path = value;
    else if (name == "version")
      o.version = true;
    else if (name == "help")
      o.help = true;
  }
  if (o.no_api && !o.config_file) throw ArgError("'--no-api' requires '--config-file'");
  if (!o.version && !o.help && !valid_id(o.id))
    throw ArgError("invalid --id '" + o.id + "': use 1 to 64 letters, digits or '-'");
  return o;
}

std::string usage() {
  std::string s =
      "fcbench Firecracker TEST DOUBLE: implements Firecracker's API and boots the guest\n"
      "with QEMU TCG. It is not Firecracker.\n\nflags:\n";
  for (const Flag& f : kFlags)
    s += std::string("  --") + f.name + (f.takes_value ? " <value>" : "") + "\n      " + f.help +
         "\n";
  return s;
}

}  // namespace fcdouble
