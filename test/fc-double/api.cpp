// fcbench's Firecracker TEST DOUBLE: request validation and API state.
// Fault texts are our own wording; where Firecracker names a field or a file,
// so do we.
#include "api.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

namespace fcdouble {

namespace {

const char* type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    case json::value_t::number_float:
      return "a float";
    default:
      return "a number";
  }
}

// The fields of one JSON object body, checked the way a strict deserializer
// (deny unknown fields, required fields, exact types) would.
class Fields {
 public:
  Fields(const json& body, std::initializer_list<const char*> known) : body_(body) {
    if (!body.is_object())
      throw Fault("Invalid request body: expected a JSON object, got " +
                  std::string(type_name(body)) + ".");
    for (const auto& [key, value] : body.items()) {
      bool ok = std::any_of(known.begin(), known.end(), [&](const char* k) { return key == k; });
      if (!ok) {
        std::string list;
        for (const char* k : known) list += std::string(list.empty() ? "" : ", ") + k;
        throw Fault("Invalid request body: unknown field `" + key + "`; the known fields are " +
                    list + ".");
      }
    }
  }

  // The value of key, or nullptr when absent or null (an optional field left out).
  const json* get(const char* key, bool required) const {
    auto it = body_.find(key);
    if (it == body_.end() || it->is_null()) {
      if (required) throw Fault(std::string("Invalid request body: missing field `") + key + "`.");
      return nullptr;
    }
    return &*it;
  }

  std::optional<std::string> str(const char* key, bool required = false) const {
    const json* v = get(key, required);
    if (!v) return std::nullopt;
    if (!v->is_string()) type_error(key, "a string", *v);
    return v->get<std::string>();
  }

  std::optional<bool> boolean(const char* key, bool required = false) const {
    const json* v = get(key, required);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) type_error(key, "a boolean", *v);
    return v->get<bool>();
  }

  std::optional<std::uint64_t> uint(const char* key, bool required, std::uint64_t max) const {
    const json* v = get(key, required);
    if (!v) return std::nullopt;
    bool ok = v->is_number_unsigned() || (v->is_number_integer() && v->get<std::int64_t>() >= 0);
    if (!ok || v->get<std::uint64_t>() > max)
      type_error(key, "an unsigned integer no larger than " + std::to_string(max), *v);
    return v->get<std::uint64_t>();
  }

  std::optional<std::string> one_of(const char* key, std::initializer_list<const char*> allowed,
                                    bool required = false) const {
    auto s = str(key, required);
    if (s && std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return *s == a; })) {
      std::string list;
      for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
      throw Fault("Invalid request body: `" + std::string(key) + "` cannot be \"" + *s +
                  "\"; allowed values are " + list + ".");
    }
    return s;
  }

 private:
  [[noreturn]] static void type_error(const char* key, const std::string& want, const json& got) {
    throw Fault("Invalid request body: field `" + std::string(key) + "` must be " + want +
                ", not " + type_name(got) + " (" + got.dump() + ").");
  }

  const json& body_;
};

// Opens path the way the VMM would use it, to report a missing or
// inaccessible file at configuration time as Firecracker does.
void check_file(const std::string& what, const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0)
    throw Fault(what + " cannot be opened: " + path + ": " + std::strerror(errno) + " (errno " +
                std::to_string(errno) + ").");
  ::close(fd);
}

void check_rate_limiter(const json& rl) {
  Fields f(rl, {"bandwidth", "ops"});
  for (const char* bucket : {"bandwidth", "ops"})
    if (const json* b = f.get(bucket, false)) {
      Fields bf(*b, {"size", "one_time_burst", "refill_time"});
      bf.uint("size", true, UINT64_MAX);
      bf.uint("one_time_burst", false, UINT64_MAX);
      bf.uint("refill_time", true, UINT64_MAX);
    }
}

std::vector<std::string> split_path(std::string_view target) {
  target = target.substr(0, target.find('?'));
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < target.size()) {
    size_t j = target.find('/', i);
    if (j == std::string_view::npos) j = target.size();
    if (j > i) parts.emplace_back(target.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

}  // namespace

std::optional<Version> parse_version(std::string_view s) {
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s.remove_prefix(1);
  Version v;
  int* parts[3] = {&v.major, &v.minor, &v.patch};
  size_t pos = 0;
  for (int i = 0; i < 3; i++) {
    size_t start = pos;
    int n = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])) && pos - start < 6)
      n = n * 10 + (s[pos++] - '0');
    if (pos == start) return std::nullopt;
    *parts[i] = n;
    if (i < 2) {
      if (pos >= s.size() || s[pos] != '.') return std::nullopt;
      pos++;
    }
  }
  // A suffix such as "-dev" is kept in the text but ignored for comparisons.
  if (pos < s.size() && s[pos] != '-') return std::nullopt;
  v.text = std::string(s);
  return v;
}

Version emulated_version() {
  const char* env = std::getenv("FCBENCH_FC_DOUBLE_VERSION");
  if (env && *env)
    if (auto v = parse_version(env)) return *v;
  return Version{};
}

std::optional<Level> parse_level(std::string_view s) {
  std::string l(s);
  for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (l == "off") return Level::Off;
  if (l == "error") return Level::Error;
  if (l == "warn" || l == "warning") return Level::Warn;
  if (l == "info") return Level::Info;
  if (l == "debug") return Level::Debug;
  if (l == "trace") return Level::Trace;
  return std::nullopt;
}

const char* level_name(Level l) {
  switch (l) {
    case Level::Error:
      return "ERROR";
    case Level::Warn:
      return "WARN";
    case Level::Info:
      return "INFO";
    case Level::Debug:
      return "DEBUG";
    case Level::Trace:
      return "TRACE";
    default:
      return "OFF";
  }
}

json parse_body(std::string_view body) {
  try {
    return json::parse(body);
  } catch (const json::parse_error& e) {
    throw Fault(std::string("Invalid request body: not valid JSON: ") + e.what());
  }
}

MachineConfig parse_machine_config(const json& body, const Version& v) {
  // Firecracker 1.0 renamed ht_enabled to smt; each version knows only its own name.
  const char* smt_key = v.at_least(1, 0) ? "smt" : "ht_enabled";
  Fields f(body, {"vcpu_count", "mem_size_mib", smt_key, "track_dirty_pages", "huge_pages",
                  "cpu_template"});
  MachineConfig m;
  m.vcpu_count = static_cast<int>(*f.uint("vcpu_count", true, 255));
  m.mem_size_mib = *f.uint("mem_size_mib", true, UINT64_MAX >> 20);
  m.smt = f.boolean(smt_key).value_or(false);
  m.track_dirty_pages = f.boolean("track_dirty_pages").value_or(false);
  m.huge_pages = f.one_of("huge_pages", {"None", "2M"}).value_or("None");
  m.cpu_template = f.one_of("cpu_template", {"C3", "T2", "T2S", "T2CL", "T2A", "V1N1", "None"});
  return m;
}

void check_machine_config(const MachineConfig& m) {
  if (m.vcpu_count < 1 || m.vcpu_count > 32 || (m.vcpu_count > 1 && m.vcpu_count % 2 != 0))
    throw Fault("Machine configuration refused: vcpu_count is " + std::to_string(m.vcpu_count) +
                ", but it must be 1 or an even number, and at most 32.");
  if (m.mem_size_mib == 0 || (m.huge_pages == "2M" && m.mem_size_mib % 2 != 0))
    throw Fault("Machine configuration refused: mem_size_mib " + std::to_string(m.mem_size_mib) +
                " is zero or not a multiple of the page size.");
}

BootSource parse_boot_source(const json& body) {
  Fields f(body, {"kernel_image_path", "initrd_path", "boot_args"});
  BootSource b;
  b.kernel_image_path = *f.str("kernel_image_path", true);
  b.initrd_path = f.str("initrd_path");
  b.boot_args = f.str("boot_args");
  return b;
}

void check_boot_source(const BootSource& b) {
  check_file("Boot source refused: the kernel file", b.kernel_image_path, O_RDONLY);
  if (b.initrd_path) check_file("Boot source refused: the initrd file", *b.initrd_path, O_RDONLY);
}

Drive parse_drive(const json& body) {
  Fields f(body, {"drive_id", "path_on_host", "is_root_device", "is_read_only", "partuuid",
                  "cache_type", "io_engine", "rate_limiter", "socket"});
  Drive d;
  d.drive_id = *f.str("drive_id", true);
  d.is_root_device = *f.boolean("is_root_device", true);
  d.is_read_only = f.boolean("is_read_only").value_or(false);
  d.partuuid = f.str("partuuid");
  d.cache_type = f.one_of("cache_type", {"Unsafe", "Writeback"}).value_or("Unsafe");
  d.io_engine = f.one_of("io_engine", {"Sync", "Async"}).value_or("Sync");
  if (const json* rl = f.get("rate_limiter", false)) {
    check_rate_limiter(*rl);
    d.rate_limiter = *rl;
  }
  if (f.str("socket"))
    throw Fault(
        "Drive refused: vhost-user drives (`socket`) are not implemented by the fcbench "
        "Firecracker test double.");
  auto path = f.str("path_on_host");
  if (!path) throw Fault("Drive refused: a virtio-block drive needs `path_on_host`.");
  d.path_on_host = *path;
  return d;
}

void check_drive(const Drive& d) {
  check_file("Drive refused: the backing file", d.path_on_host, d.is_read_only ? O_RDONLY : O_RDWR);
}

void insert_drive(std::vector<Drive>& drives, Drive d) {
  auto it = std::find_if(drives.begin(), drives.end(),
                         [&](const Drive& x) { return x.drive_id == d.drive_id; });
  bool have_root = !drives.empty() && drives.front().is_root_device;
  if (d.is_root_device && have_root && it != drives.begin())
    throw Fault("Drive refused: a root device is already configured (drive `" +
                drives.front().drive_id + "`); only one is allowed.");
  if (it == drives.end()) {
    if (d.is_root_device)
      drives.insert(drives.begin(), std::move(d));
    else
      drives.push_back(std::move(d));
    return;
  }
  bool root = d.is_root_device;
  *it = std::move(d);  // an update keeps the drive's place...
  if (root && it != drives.begin()) std::iter_swap(it, drives.begin());  // ...unless it is root
}

LoggerConfig parse_logger(const json& body) {
  Fields f(body, {"log_path", "level", "show_level", "show_log_origin", "module"});
  LoggerConfig l;
  l.log_path = f.str("log_path");
  if (auto level = f.str("level")) {
    l.level = parse_level(*level);
    if (!l.level)
      throw Fault("Invalid request body: `level` cannot be \"" + *level +
                  "\"; use Off, Trace, Debug, Info, Warning or Error.");
  }
  l.show_level = f.boolean("show_level");
  l.show_log_origin = f.boolean("show_log_origin");
  l.module = f.str("module");
  return l;
}

MetricsConfig parse_metrics(const json& body) {
  Fields f(body, {"metrics_path"});
  return MetricsConfig{*f.str("metrics_path", true)};
}

std::string parse_action(const json& body) {
  Fields f(body, {"action_type"});
  return *f.one_of("action_type", {"InstanceStart", "SendCtrlAltDel", "FlushMetrics"}, true);
}

void check_id(std::string_view id) {
  if (id.empty()) throw Fault("The resource id in the path is empty.");
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      throw Fault("The resource id `" + std::string(id) +
                  "` is invalid: ids may only contain letters, digits and underscores.");
}

VmConfig parse_config_file(std::string_view text, const Version& v) {
  json doc = parse_body(text);
  if (!doc.is_object()) throw Fault("The configuration file must hold one JSON object.");
  // Like Firecracker, keys it does not know are ignored; "boot-source" and
  // "drives" are required.
  VmConfig c;
  auto section = [&](const char* key) -> const json* {
    auto it = doc.find(key);
    return it == doc.end() || it->is_null() ? nullptr : &*it;
  };
  auto in = [](const char* key, auto&& parse) {
    try {
      return parse();
    } catch (const Fault& e) {
      throw Fault(std::string("In \"") + key + "\": " + e.what());
    }
  };
  const json* boot = section("boot-source");
  if (!boot) throw Fault("The configuration file has no \"boot-source\".");
  c.boot = in("boot-source", [&] { return parse_boot_source(*boot); });
  in("boot-source", [&] { check_boot_source(*c.boot); });

  const json* drives = section("drives");
  if (!drives) throw Fault("The configuration file has no \"drives\" list.");
  if (!drives->is_array()) throw Fault("\"drives\" must be a list.");
  for (const json& d : *drives)
    in("drives", [&] {
      Drive drive = parse_drive(d);
      check_id(drive.drive_id);
      check_drive(drive);
      insert_drive(c.drives, std::move(drive));
    });

  if (const json* m = section("machine-config")) {
    c.machine = in("machine-config", [&] { return parse_machine_config(*m, v); });
    in("machine-config", [&] { check_machine_config(c.machine); });
  }
  if (const json* l = section("logger")) c.logger = in("logger", [&] { return parse_logger(*l); });
  if (const json* m = section("metrics"))
    c.metrics = in("metrics", [&] { return parse_metrics(*m); });

  if (const json* n = section("network-interfaces"); n && !(n->is_array() && n->empty()))
    throw Fault(
        "\"network-interfaces\" must be empty: networking is not implemented by the "
        "fcbench Firecracker test double.");
  for (const char* key : {"vsock", "balloon", "entropy", "mmds-config", "cpu-config"})
    if (section(key))
      throw Fault(std::string("\"") + key +
                  "\" is not implemented by the fcbench Firecracker test double.");
  return c;
}

json to_json(const MachineConfig& m, const Version& v) {
  json j = {{"vcpu_count", m.vcpu_count},
            {"mem_size_mib", m.mem_size_mib},
            {v.at_least(1, 0) ? "smt" : "ht_enabled", m.smt},
            {"track_dirty_pages", m.track_dirty_pages},
            {"huge_pages", m.huge_pages}};
  if (m.cpu_template) j["cpu_template"] = *m.cpu_template;
  return j;
}

json to_json(const VmConfig& c, const Version& v) {
  json j = {
      {"balloon", nullptr},    {"drives", json::array()}, {"boot-source", nullptr},
      {"cpu-config", nullptr}, {"logger", nullptr},       {"machine-config", to_json(c.machine, v)},
      {"metrics", nullptr},    {"mmds-config", nullptr},  {"network-interfaces", json::array()},
      {"vsock", nullptr},      {"entropy", nullptr}};
  if (c.boot) {
    json b = {{"kernel_image_path", c.boot->kernel_image_path},
              {"initrd_path", c.boot->initrd_path ? json(*c.boot->initrd_path) : json()}};
    if (c.boot->boot_args) b["boot_args"] = *c.boot->boot_args;
    j["boot-source"] = b;
  }
  for (const Drive& d : c.drives)
    j["drives"].push_back({{"drive_id", d.drive_id},
                           {"partuuid", d.partuuid ? json(*d.partuuid) : json()},
                           {"is_root_device", d.is_root_device},
                           {"cache_type", d.cache_type},
                           {"is_read_only", d.is_read_only},
                           {"path_on_host", d.path_on_host},
                           {"rate_limiter", d.rate_limiter ? *d.rate_limiter : json()},
                           {"io_engine", d.io_engine},
                           {"socket", nullptr}});
  if (c.logger) {
    json l = json::object();
    if (c.logger->log_path) l["log_path"] = *c.logger->log_path;
    if (c.logger->level) l["level"] = level_name(*c.logger->level);
    if (c.logger->show_level) l["show_level"] = *c.logger->show_level;
    if (c.logger->show_log_origin) l["show_log_origin"] = *c.logger->show_log_origin;
    if (c.logger->module) l["module"] = *c.logger->module;
    j["logger"] = l;
  }
  if (c.metrics) j["metrics"] = {{"metrics_path", c.metrics->metrics_path}};
  return j;
}

Reply fault_reply(const std::string& message) {
  return Reply{400, json{{"fault_message", message}}.dump(), false};
}

Api::Api(Version v, std::string id, Hooks hooks)
    : version_(std::move(v)), id_(std::move(id)), hooks_(std::move(hooks)) {}

json Api::instance_info() const {
  return {{"id", id_},
          {"state", state_ == State::Running ? "Running" : "Not started"},
          {"vmm_version", version_.text},
          {"app_name", "Firecracker"}};
}

namespace {
const char kPreBootOnly[] =
    "Refused: this request is only accepted before the microVM starts, and it has started.";
const char kPostBootOnly[] =
    "Refused: this request is only accepted once the microVM has started, and it has not.";
}  // namespace

Reply Api::handle(std::string_view method, std::string_view target, std::string_view body) {
  auto path = split_path(target);
  const std::string resource = path.empty() ? "" : path[0];
  const std::string sub = path.size() > 1 ? path[1] : "";
  const std::string where = std::string(method) + " " + std::string(target);
  auto bad_path = [&] {
    return fault_reply("Unknown request: " + where +
                       " (no such method and path in the Firecracker API).");
  };
  if (path.size() > 2) return bad_path();
  try {
    if (method == "GET") {
      if (!body.empty()) return fault_reply("Refused: a GET request must not have a body.");
      json out;
      if (resource.empty())
        out = instance_info();
      else if (resource == "version" && sub.empty())
        out = {{"firecracker_version", version_.text}};
      else if (resource == "vm" && sub == "config")
        out = to_json(config_, version_);
      else if (resource == "machine-config" && sub.empty())
        out = to_json(config_.machine, version_);
      else
        return bad_path();
      return Reply{200, out.dump(), false};
    }
    if (method == "PUT" || method == "PATCH") {
      if (body.empty()) return fault_reply("Refused: a " + std::string(method) + " needs a body.");
      json j = parse_body(body);
      if (method == "PUT") return put(resource, sub, j);
      if (resource != "vm" || !sub.empty())
        return fault_reply("Refused: " + where +
                           " is not implemented by the fcbench Firecracker test double.");
      Fields f(j, {"state"});
      bool pause = *f.one_of("state", {"Paused", "Resumed"}, true) == "Paused";
      if (state_ != State::Running) return fault_reply(kPostBootOnly);
      return hook_result(hooks_.pause ? hooks_.pause(pause) : "");
    }
  } catch (const Fault& e) {
    return fault_reply(e.what());
  }
  return bad_path();
}

Reply Api::put(const std::string& resource, const std::string& sub, const json& body) {
  // Shape first (as Firecracker's API thread does), then the VM state, then
  // the checks that touch files or limits (as its VMM thread does).
  bool pre_boot = state_ == State::NotStarted;
  if (resource == "actions" && sub.empty()) return action(parse_action(body));
  if (resource == "machine-config" && sub.empty()) {
    MachineConfig m = parse_machine_config(body, version_);
    if (!pre_boot) return fault_reply(kPreBootOnly);
    check_machine_config(m);
    config_.machine = m;
    return Reply{};
  }
  if (resource == "boot-source" && sub.empty()) {
    BootSource b = parse_boot_source(body);
    if (!pre_boot) return fault_reply(kPreBootOnly);
    check_boot_source(b);
    config_.boot = b;
    return Reply{};
  }
  if (resource == "drives") {
    if (sub.empty()) return fault_reply("Refused: PUT /drives needs a drive id in the path.");
    check_id(sub);
    Drive d = parse_drive(body);
    if (d.drive_id != sub)
      return fault_reply("Refused: the drive id in the path (`" + sub +
                         "`) differs from drive_id in the body (`" + d.drive_id + "`).");
    if (!pre_boot) return fault_reply(kPreBootOnly);
    check_drive(d);
    insert_drive(config_.drives, std::move(d));
    return Reply{};
  }
  if (resource == "logger" && sub.empty()) {
    LoggerConfig l = parse_logger(body);
    if (!pre_boot) return fault_reply(kPreBootOnly);
    if (hooks_.configure_logger)
      if (auto err = hooks_.configure_logger(l); !err.empty()) return fault_reply(err);
    config_.logger = l;
    return Reply{};
  }
  if (resource == "metrics" && sub.empty()) {
    MetricsConfig m = parse_metrics(body);
    if (!pre_boot) return fault_reply(kPreBootOnly);
    if (hooks_.configure_metrics)
      if (auto err = hooks_.configure_metrics(m); !err.empty()) return fault_reply(err);
    config_.metrics = m;
    return Reply{};
  }
  for (const char* known : {"network-interfaces", "vsock", "balloon", "entropy", "mmds", "snapshot",
                            "cpu-config", "serial", "pmem", "memory-hotplug"})
    if (resource == known)
      return fault_reply("Refused: PUT /" + resource +
                         " is not implemented by the fcbench Firecracker test double.");
  return fault_reply("Unknown request: PUT /" + resource + (sub.empty() ? "" : "/" + sub) +
                     " (no such method and path in the Firecracker API).");
}

Reply Api::action(const std::string& type) {
  if (type == "InstanceStart") {
    if (state_ != State::NotStarted) return fault_reply(kPreBootOnly);
    if (!config_.boot)
      return fault_reply(
          "Cannot start the microVM: no kernel is configured (PUT /boot-source first).");
    state_ = State::Starting;
    return Reply{0, "", true};
  }
  if (state_ != State::Running) return fault_reply(kPostBootOnly);
  if (type == "FlushMetrics")
    return hook_result(hooks_.flush_metrics ? hooks_.flush_metrics() : "");
  return hook_result(hooks_.send_ctrl_alt_del ? hooks_.send_ctrl_alt_del() : "");
}

Reply Api::start_done(const std::string& error) {
  if (!error.empty()) {
    state_ = State::NotStarted;
    return fault_reply("Cannot start the microVM: " + error);
  }
  state_ = State::Running;
  return Reply{};
}

Reply Api::hook_result(const std::string& error) {
  return error.empty() ? Reply{} : fault_reply(error);
}

}  // namespace fcdouble
