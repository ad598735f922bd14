// fcbench's Firecracker TEST DOUBLE: the API model.
//
// Request validation and the pre-boot/running state machine, written from
// Firecracker's documented API 1.x. Nothing here opens sockets or starts
// processes, so unit tests drive it directly. This is not Firecracker.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fcdouble {

using json = nlohmann::json;

// A request Firecracker would refuse. The HTTP API answers it with 400 and
// {"fault_message": what()}; in a config file it is a bad configuration.
struct Fault : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The Firecracker version the double pretends to be.
struct Version {
  int major = 1, minor = 10, patch = 1;
  std::string text = "1.10.1";
  bool at_least(int ma, int mi) const { return major > ma || (major == ma && minor >= mi); }
};
std::optional<Version> parse_version(std::string_view s);  // "1.10.1" or "v1.10.1"
// $FCBENCH_FC_DOUBLE_VERSION if set and valid, else 1.10.1.
Version emulated_version();

enum class Level { Off, Error, Warn, Info, Debug, Trace };
std::optional<Level> parse_level(std::string_view s);  // case-insensitive; "warning" too
const char* level_name(Level l);                       // "INFO", ...

struct MachineConfig {
  int vcpu_count = 1;
  std::uint64_t mem_size_mib = 128;
  bool smt = false;  // "ht_enabled" before Firecracker 1.0
  bool track_dirty_pages = false;
  std::string huge_pages = "None";
  std::optional<std::string> cpu_template;
};

struct BootSource {
  std::string kernel_image_path;
  std::optional<std::string> initrd_path;
  std::optional<std::string> boot_args;
};

struct Drive {
  std::string drive_id;
  std::string path_on_host;
  bool is_root_device = false;
  bool is_read_only = false;
  std::optional<std::string> partuuid;
  std::string cache_type = "Unsafe";
  std::string io_engine = "Sync";
  std::optional<json> rate_limiter;
};

struct LoggerConfig {
  std::optional<std::string> log_path;
  std::optional<Level> level;
  std::optional<bool> show_level, show_log_origin;
  std::optional<std::string> module;
};

struct MetricsConfig {
  std::string metrics_path;
};

struct VmConfig {
  MachineConfig machine;
  std::optional<BootSource> boot;
  std::vector<Drive> drives;  // Firecracker's order: the root device first, then as PUT
  std::optional<LoggerConfig> logger;
  std::optional<MetricsConfig> metrics;
};

// Body parsers: JSON shape only (object, known fields, required fields,
// types, enum values), as Firecracker's deserializer checks before the VMM
// sees a request. They throw Fault.
json parse_body(std::string_view body);
MachineConfig parse_machine_config(const json& body, const Version& v);
BootSource parse_boot_source(const json& body);
Drive parse_drive(const json& body);
LoggerConfig parse_logger(const json& body);
MetricsConfig parse_metrics(const json& body);
std::string parse_action(const json& body);  // the action_type
// Resource ids in URLs: non-empty, alphanumerics and '_' only.
void check_id(std::string_view id);

// Checks the VMM applies afterwards (throw Fault).
void check_machine_config(const MachineConfig& m);
void check_boot_source(const BootSource& b);  // the files must open
void check_drive(const Drive& d);             // the file must open with the drive's mode
// Adds or replaces a drive: at most one root device, kept first; others in PUT order.
void insert_drive(std::vector<Drive>& drives, Drive d);

// A whole --config-file document, fully checked (throws Fault).
VmConfig parse_config_file(std::string_view text, const Version& v);

json to_json(const MachineConfig& m, const Version& v);
json to_json(const VmConfig& c, const Version& v);  // GET /vm/config

struct Reply {
  int status = 204;
  std::string body;    // JSON for 200 and 400
  bool start = false;  // InstanceStart accepted: boot, then call Api::start_done()
};

// Side effects the model asks for; each returns an error text, empty on success.
struct Hooks {
  std::function<std::string(const LoggerConfig&)> configure_logger;
  std::function<std::string(const MetricsConfig&)> configure_metrics;
  std::function<std::string()> flush_metrics;
  std::function<std::string()> send_ctrl_alt_del;
  std::function<std::string(bool pause)> pause;
};

Reply fault_reply(const std::string& message);

class Api {
 public:
  Api(Version v, std::string id, Hooks hooks = {});

  Reply handle(std::string_view method, std::string_view target, std::string_view body);
  // The outcome of a start that handle() asked for; an empty error means running.
  Reply start_done(const std::string& error);
  // Config-file mode: the configuration is given whole and the VM boots at once.
  void set_config(VmConfig c) { config_ = std::move(c); }
  void set_running() { state_ = State::Running; }

  bool started() const { return state_ != State::NotStarted; }
  const VmConfig& config() const { return config_; }
  json instance_info() const;

 private:
  enum class State { NotStarted, Starting, Running };
  Reply put(const std::string& resource, const std::string& sub, const json& body);
  Reply action(const std::string& type);
  Reply hook_result(const std::string& error);

  Version version_;
  std::string id_;
  Hooks hooks_;
  VmConfig config_;
  State state_ = State::NotStarted;
};

}  // namespace fcdouble
