#include "vmm/firecracker.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/number.hpp"
#include "util/path_watch.hpp"
#include "vmm/firecracker_api.hpp"
#include "vmm/firecracker_exit.hpp"
#include "vmm/firecracker_log.hpp"
#include "vmm/jailer.hpp"

namespace fcbench::vmm {

namespace fs = std::filesystem;

namespace {

constexpr const char* kHowToGet =
    "Firecracker is not packaged in Debian: download a release archive "
    "(firecracker-vX.Y.Z-x86_64.tgz) from "
    "https://github.com/firecracker-microvm/firecracker/releases "
    "or run ./setup.sh --with-firecracker, then put `firecracker` in PATH, set FIRECRACKER, or "
    "pass "
    "--firecracker PATH (see docs/running-on-firecracker.md)";

// How long Firecracker gets to create its API socket, and to answer each request.
std::chrono::milliseconds api_timeout() {
  const char* t = std::getenv("FCBENCH_FIRECRACKER_API_TIMEOUT_S");
  return std::chrono::seconds(parse_number<int>(t ? t : "", 1, INT_MAX).value_or(15));
}

std::string resolve_binary(const std::string& path, const std::string& origin) {
  std::string w = which(path);
  if (w.empty()) throw UserError(origin + " " + path + ": no such executable file. " + kHowToGet);
  return fs::absolute(w).string();
}

// Firecracker binds the socket and then listens: a connect in between is
// refused. Retries with a short, growing back-off until the deadline.
void wait_listening(const fs::path& sock, int64_t deadline) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, sock.c_str(), sizeof addr.sun_path - 1);
  for (useconds_t backoff = 200;; backoff = std::min<useconds_t>(backoff * 2, 20'000)) {
    int s = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) throw SystemError("socket", errno);
    int rc = ::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    int err = errno;
    ::close(s);
    if (rc == 0) return;
    if ((err != ECONNREFUSED && err != ENOENT && err != EINTR) || now_ns() > deadline)
      throw UserError("cannot connect to the Firecracker API socket " + sock.string() + ": " +
                      std::strerror(err));
    ::usleep(backoff);
  }
}

std::string drain(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0) out.append(buf, size_t(n));
  return out;
}

std::string last_lines(const std::string& text, size_t max_chars) {
  std::string t = text;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.pop_back();
  if (t.size() > max_chars) t = "…" + t.substr(t.size() - max_chars);
  for (auto& c : t)
    if (c == '\n' || c == '\r') c = ' ';
  return t;
}

}  // namespace

std::string find_firecracker(const std::string& explicit_path) {
  if (!explicit_path.empty()) return resolve_binary(explicit_path, "--firecracker");
  if (const char* e = std::getenv("FIRECRACKER"); e && *e) return resolve_binary(e, "FIRECRACKER=");
  std::string w = which("firecracker");
  if (w.empty()) w = which((cache_dir() / "firecracker" / "firecracker").string());  // setup.sh
  if (w.empty()) throw UserError(std::string("firecracker not found in PATH. ") + kHowToGet);
  return fs::absolute(w).string();
}

std::string find_jailer(const std::string& firecracker_binary) {
  if (const char* e = std::getenv("JAILER"); e && *e) return which(e);
  if (!firecracker_binary.empty()) {
    auto beside = fs::path(firecracker_binary).parent_path() / "jailer";
    if (!which(beside.string()).empty()) return beside.string();
  }
  return which("jailer");
}

const std::string& FirecrackerDriver::binary() const {
  if (binary_.empty()) binary_ = find_firecracker(explicit_);
  return binary_;
}

std::string FirecrackerDriver::version() const {
  if (version_out_.empty()) {
    auto r = run_command({binary(), "--version"}, std::chrono::seconds(10));
    if (r.exit_code != 0)
      throw UserError(binary() + " --version failed (" +
                      (r.signal ? "signal " + std::to_string(r.signal)
                                : "status " + fc_describe_exit(r.exit_code)) +
                      "): " + last_lines(r.output, 300));
    auto v = parse_fc_version(r.output);
    if (!v)
      throw UserError(binary() +
                      " --version printed no version (expected \"Firecracker vX.Y.Z\"): " +
                      last_lines(r.output, 200));
    if (auto why = unsupported_reason(*v); !why.empty())
      throw UserError(why + ". Install a newer release. " + kHowToGet);
    version_ = *v;
    version_out_ = r.output;
  }
  return version_out_.substr(0, version_out_.find('\n'));
}

FcVersion FirecrackerDriver::fc_version() const {
  version();
  return version_;
}

std::string FirecrackerDriver::resolve_accel(const std::string& requested, const VmSpec&) const {
  version();
  std::string declared = declared_accel(version_out_);
  std::string actual = declared.empty() ? "kvm" : declared;
  if (requested != "auto" && requested != actual) {
    if (declared.empty())
      throw UserError("--accel " + requested +
                      ": Firecracker always runs guests under KVM; use --vmm qemu for " +
                      requested);
    throw UserError("--accel " + requested + ": " + binary() + " declares 'accelerator: " +
                    declared + "' in its --version output, so its guests run under " + declared);
  }
  if (actual == "kvm") {
    int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (fd < 0)
      throw UserError(std::string("Firecracker needs KVM, but /dev/kvm cannot be opened (") +
                      std::strerror(errno) +
                      "); fix: sudo usermod -aG kvm $USER and log in again (or run "
                      "`fcbench doctor`)");
    ::close(fd);
  }
  return actual;
}

FcPaths FirecrackerDriver::fc_paths(const VmSpec& spec) const {
  return spec.jailer ? jailed_paths() : host_paths(spec);
}

FcPaths FirecrackerDriver::host_side(const VmSpec& spec) const {
  if (!spec.jailer) return host_paths(spec);
  fs::path root = jail_root(*spec.jailer, binary(), fc_instance_id(spec.id));
  FcPaths in = jailed_paths();
  for (auto* f : {&in.kernel, &in.initrd, &in.rootfs, &in.work_disk, &in.channel, &in.log,
                  &in.metrics, &in.api_sock, &in.config_file})
    *f = host_path_in(root, *f).string();
  return in;
}

std::vector<std::string> FirecrackerDriver::command(const VmSpec& spec) const {
  auto args = fc_args(spec.firecracker_mode, fc_paths(spec), spec.id, !spec.jailer);
  if (spec.jailer) {
    std::string jailer = find_jailer(binary());
    if (jailer.empty())
      throw UserError(
          "the suite asks for the jailer, but `jailer` was not found (beside " + binary() +
          ", in PATH, or $JAILER); it ships in the same release archive as firecracker");
    return jailer_argv(jailer, binary(), *spec.jailer, fc_instance_id(spec.id), args);
  }
  args.insert(args.begin(), binary());
  return args;
}

void FirecrackerDriver::prepare(const VmSpec& spec) const {
  const FcPaths host = host_paths(spec), side = host_side(spec);
  if (spec.jailer) {
    stage_jail(fs::path(side.api_sock).parent_path(), *spec.jailer, host);
  } else {
    write_file(side.log, "", 0600);  // Firecracker opens, but does not create, these
    write_file(side.metrics, "", 0600);
  }
  std::error_code ec;
  fs::remove(side.api_sock, ec);
  FcVmConfig cfg = make_fc_config(spec, fc_paths(spec));
  if (spec.firecracker_mode == "config-file") {
    write_file(side.config_file, fc_config_file(cfg, fc_version()).dump(2) + "\n", 0600);
    if (spec.jailer) give_to_jail(side.config_file, *spec.jailer);
  } else {
    if (side.api_sock.size() >= sizeof(sockaddr_un::sun_path))
      throw UserError("the API socket path " + side.api_sock + " is longer than " +
                      std::to_string(sizeof(sockaddr_un::sun_path) - 1) +
                      " bytes (a Unix socket limit): choose a shorter --output directory");
    // What start() will send, for --dry-run readers and post-mortems.
    nlohmann::json plan = nlohmann::json::array();
    for (auto& r : fc_api_requests(cfg, fc_version()))
      plan.push_back({{"method", r.method}, {"path", r.path}, {"body", r.body}});
    write_file(spec.instance_dir / "fc-api-requests.json", plan.dump(2) + "\n", 0600);
  }
}

Child FirecrackerDriver::start(const VmSpec& spec) const {
  if (spec.firecracker_mode == "config-file") return spawn(command(spec), spawn_options(spec));
  const FcPaths side = host_side(spec);
  const fs::path sock = side.api_sock;
  const auto timeout = api_timeout();
  PathWatch watch(sock.parent_path());  // before the spawn: no event is missed
  Child c = spawn(command(spec), spawn_options(spec));
  try {
    switch (watch.wait(sock.filename().string(), c.out_fd, timeout)) {
      case PathWatch::Result::appeared:
        break;
      case PathWatch::Result::hangup: {
        std::string out = drain(c.out_fd);
        // Its output closed: it is exiting. Take its own status if it comes.
        auto exited = wait_exit(c.pid, std::chrono::seconds(2));
        int st = exited ? *exited : terminate_and_reap(c.pid, std::chrono::seconds(1));
        c.pid = -1;
        std::string how = WIFEXITED(st) ? "exited with status " + fc_describe_exit(WEXITSTATUS(st))
                                        : "was killed by signal " + std::to_string(WTERMSIG(st));
        throw UserError("firecracker " + how +
                        " before creating its API socket: " + last_lines(out, 400));
      }
      case PathWatch::Result::timeout:
        throw UserError("firecracker did not create its API socket " + sock.string() + " within " +
                        std::to_string(timeout.count() / 1000) + " s");
    }
    wait_listening(sock, now_ns() + int64_t(timeout.count()) * 1'000'000);
    ApiClient api(sock, timeout);
    for (auto& r : fc_api_requests(make_fc_config(spec, fc_paths(spec)), fc_version())) {
      try {
        api.call(r.method, r.path, r.body.dump());
      } catch (const ApiError& e) {
        throw UserError("Firecracker refused " + std::string(e.what()));
      }
    }
  } catch (const std::exception& e) {
    if (c.pid > 0) terminate_and_reap(c.pid, std::chrono::seconds(2));
    ::close(c.out_fd);
    if (dynamic_cast<const UserError*>(&e)) throw;
    throw UserError(std::string("Firecracker API: ") + e.what());  // transport problems
  }
  return c;
}

std::string FirecrackerDriver::boot_timer_addr() const {
  return fmt::format("0x{:x}", boot_timer_address(fc_version()));
}

std::string FirecrackerDriver::dry_run_note(const VmSpec& spec) const {
  if (spec.firecracker_mode == "config-file")
    return "firecracker config-file mode: each command runs as-is; the VM boots from the "
           "fc-config.json it names";
  return "firecracker API mode: after starting each command, fcbench sends over its API socket "
         "PUT /logger, /metrics, /machine-config, /boot-source, /drives/{rootfs,work,chan} and "
         "/actions InstanceStart (bodies in <instance dir>/fc-api-requests.json); use "
         "--firecracker-mode config-file for commands that run as-is";
}

std::string FirecrackerDriver::describe_exit(int code) const {
  return fc_describe_exit(code);
}

std::map<std::string, std::string> FirecrackerDriver::env_facts(const VmSpec& spec) const {
  std::string declared = declared_accel(version_out_);
  std::map<std::string, std::string> f = {{"firecracker_mode", spec.firecracker_mode},
                                          {"firecracker_binary", binary()},
                                          {"jailer", spec.jailer ? "yes" : "no"}};
  if (!declared.empty()) f["vmm_declared_accel"] = declared;
  return f;
}

VmFacts FirecrackerDriver::collect(const VmSpec& spec) const {
  VmFacts f;
  const FcPaths side = host_side(spec);
  if (spec.jailer) {
    try {
      unstage_channel(fs::path(side.api_sock).parent_path(), host_paths(spec));
    } catch (...) {
    }
  }
  std::error_code ec;
  if (fs::is_regular_file(side.log, ec)) {
    try {
      f.log = read_file(side.log);
    } catch (...) {
    }
    f.boot_time_us = parse_boot_time_us(f.log);
  }
  return f;
}

void FirecrackerDriver::cleanup(const VmSpec& spec) const {
  if (!spec.jailer) return;
  std::error_code ec;
  fs::remove_all(fs::path(host_side(spec).api_sock).parent_path().parent_path(), ec);
}

}  // namespace fcbench::vmm
