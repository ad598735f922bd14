// fcbench's Firecracker TEST DOUBLE.
//
// An executable that fcbench can run in place of `firecracker`: it accepts
// Firecracker's flags, serves its HTTP API (or reads a config file), checks
// requests as Firecracker documents, and boots the configured guest with
// QEMU under TCG. It is NOT Firecracker; what it cannot imitate is listed in
// test/fc-double/README.md.
#include <time.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "api.hpp"
#include "args.hpp"
#include "log.hpp"
#include "server.hpp"
#include "vm.hpp"

namespace fcdouble {
namespace {

constexpr int kExitGeneric = 1;
constexpr int kExitBadConfig = 152;
constexpr int kExitArgs = 153;

std::int64_t clock_us(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return std::int64_t(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

std::int64_t process_cpu_us(pid_t pid) {
  clockid_t clock;
  if (pid <= 0 || clock_getcpuclockid(pid, &clock) != 0) return 0;
  return clock_us(clock);
}

class Double {
 public:
  Double(Options o, Version v)
      : opt_(std::move(o)),
        version_(std::move(v)),
        log_(opt_.id),
        api_(version_, opt_.id, hooks()) {}

  int run();

 private:
  Hooks hooks();
  void handle(const std::string& method, const std::string& target, const std::string& body,
              ApiServer::Done done);
  void boot(std::function<void(const std::string& error)> done);
  void on_write(const TracedWrite& w);
  void info(const std::string& m, const char* thread = "main") { log_.log(Level::Info, thread, m); }

  Options opt_;
  Version version_;
  asio::io_context io_;
  Logger log_;
  Metrics metrics_;
  Api api_;
  std::unique_ptr<ApiServer> server_;
  std::unique_ptr<Qemu> qemu_;
  std::int64_t start_us_ = 0, start_cpu_us_ = 0;
  bool boot_time_logged_ = false, stopping_ = false;
  int exit_code_ = 0;
};

Hooks Double::hooks() {
  Hooks h;
  h.configure_logger = [this](const LoggerConfig& c) { return log_.configure(c); };
  h.configure_metrics = [this](const MetricsConfig& c) { return metrics_.configure(c); };
  h.flush_metrics = [this] { return metrics_.flush(); };
  h.send_ctrl_alt_del = [this] {
    // Keys go through the i8042 given to QEMU, as Firecracker's own i8042 does.
    json keys = json::array();
    for (const char* k : {"ctrl", "alt", "delete"})
      keys.push_back({{"type", "qcode"}, {"data", k}});
    qemu_->command({{"execute", "send-key"}, {"arguments", {{"keys", keys}}}});
    return std::string();
  };
  h.pause = [this](bool pause) {
    qemu_->command({{"execute", pause ? "stop" : "cont"}});
    return std::string();
  };
  return h;
}

int Double::run() {
  LoggerConfig flags;
  flags.log_path = opt_.log_path;
  if (opt_.level) {
    flags.level = parse_level(*opt_.level);
    if (!flags.level) {
      std::cerr << "Error: invalid log level '" << *opt_.level
                << "' (use Off, Error, Warning, Info, Debug or Trace)\n";
      return kExitBadConfig;
    }
  }
  if (opt_.show_level) flags.show_level = true;
  if (opt_.show_log_origin) flags.show_log_origin = true;
  if (auto err = log_.configure(flags); !err.empty()) {
    std::cerr << "Error: " << err << "\n";
    return kExitGeneric;
  }
  info("Running Firecracker v" + version_.text +
       " -- fcbench TEST DOUBLE: Firecracker's API, guest booted by QEMU TCG, not Firecracker");
  if (opt_.metrics_path)
    if (auto err = metrics_.configure({*opt_.metrics_path}); !err.empty()) {
      std::cerr << "Error: " << err << "\n";
      return kExitGeneric;
    }

  if (opt_.config_file) {
    std::ifstream in(*opt_.config_file);
    std::stringstream text;
    text << in.rdbuf();
    try {
      if (!in) throw Fault("cannot read the configuration file " + *opt_.config_file);
      VmConfig c = parse_config_file(text.str(), version_);
      if (c.logger)
        if (auto err = log_.configure(*c.logger); !err.empty()) throw Fault(err);
      if (c.metrics)
        if (auto err = metrics_.configure(*c.metrics); !err.empty()) throw Fault(err);
      api_.set_config(std::move(c));
    } catch (const Fault& e) {
      log_.log(Level::Error, "main", std::string("Bad configuration file: ") + e.what());
      std::cerr << "Error: bad configuration file " << *opt_.config_file << ": " << e.what()
                << "\n";
      return kExitBadConfig;
    }
  }

  if (!opt_.no_api) {
    try {
      server_ = std::make_unique<ApiServer>(
          io_, opt_.api_sock,
          [this](const std::string& m, const std::string& t, const std::string& b,
                 ApiServer::Done done) { handle(m, t, b, std::move(done)); });
    } catch (const std::exception& e) {
      std::cerr << "Error: " << e.what() << "\n";
      return kExitGeneric;
    }
    info("API server listening on " + opt_.api_sock, "fc_api");
  }

  if (opt_.config_file)
    boot([this](const std::string& error) {
      if (error.empty()) {
        api_.set_running();
        info("microVM started from the configuration file");
        return;
      }
      log_.log(Level::Error, "main", "Cannot start the microVM: " + error);
      exit_code_ = kExitGeneric;
      io_.stop();
    });

  io_.run();
  return exit_code_;
}

void Double::handle(const std::string& method, const std::string& target, const std::string& body,
                    ApiServer::Done done) {
  info("API request: " + method + " " + target + (body.empty() ? "" : " " + body), "fc_api");
  Reply r = api_.handle(method, target, body);
  auto finish = [this, done](const Reply& r) {
    if (r.status >= 400) log_.log(Level::Error, "fc_api", "API request refused (400): " + r.body);
    done(r);
  };
  if (!r.start) return finish(r);
  boot([this, finish](const std::string& error) { finish(api_.start_done(error)); });
}

void Double::boot(std::function<void(const std::string&)> done) {
  start_us_ = clock_us(CLOCK_REALTIME);
  start_cpu_us_ = clock_us(CLOCK_PROCESS_CPUTIME_ID);
  const VmConfig& c = api_.config();
  std::string cmdline = guest_cmdline(c, version_, host_tsc_khz());

  QemuSetup setup;
  if (const char* q = std::getenv("FCBENCH_QEMU"); q && *q) setup.binary = q;
  setup.name = "fcbench-fc-double-" + opt_.id;
  if (opt_.boot_timer) setup.trace_fd = 4;

  Qemu::Events ev;
  ev.started = [this, done](const std::string& error) {
    if (error.empty()) info("microVM running (QEMU TCG, pid " + std::to_string(qemu_->pid()) + ")");
    done(error);
  };
  ev.guest_reset = [this] {
    info("The guest reset itself: stopping the microVM; exit code 0");
    metrics_.flush();
    stopping_ = true;
    qemu_->stop();
  };
  ev.guest_poweroff = [this] {
    log_.log(Level::Warn, "main",
             "The guest powered off: the microVM stays up until the process is killed "
             "(as Firecracker on x86)");
  };
  ev.traced_write = [this](const TracedWrite& w) { on_write(w); };
  ev.exited = [this](int status) {
    if (!stopping_) {
      log_.log(Level::Error, "main",
               "QEMU ended unexpectedly (wait status " + std::to_string(status) + ")");
      exit_code_ = kExitGeneric;
    }
    io_.stop();
  };
  qemu_ = std::make_unique<Qemu>(io_, std::move(ev));
  info("Guest kernel command line: " + cmdline);
  try {
    qemu_->start(setup, c, cmdline);
  } catch (const std::exception& e) {
    done(e.what());
  }
}

void Double::on_write(const TracedWrite& w) {
  if (boot_time_logged_ || w.addr != boot_timer_address(version_) || w.size != 1 || w.value != 123)
    return;
  boot_time_logged_ = true;
  auto us = w.realtime_us - start_us_;
  auto cpu = clock_us(CLOCK_PROCESS_CPUTIME_ID) - start_cpu_us_ + process_cpu_us(qemu_->pid());
  log_.log(Level::Info, "fc_vcpu 0", boot_time_message(us > 0 ? us : 0, cpu > 0 ? cpu : 0));
  // The trace is only needed once; stop QEMU from tracing every device write.
  qemu_->command({{"execute", "trace-event-set-state"},
                  {"arguments", {{"name", "memory_region_ops_write"}, {"enable", false}}}});
}

}  // namespace
}  // namespace fcdouble

int main(int argc, char** argv) {
  using namespace fcdouble;
  Options o;
  try {
    o = parse_args(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const ArgError& e) {
    std::cerr << "Error: argument parsing: " << e.what()
              << "\n\nFor more information try --help.\n";
    return kExitArgs;
  }
  Version v = emulated_version();
  if (o.help) {
    std::cout << "Firecracker v" << v.text << "\n\n" << usage();
    return 0;
  }
  if (o.version) {
    std::cout << "Firecracker v" << v.text << std::endl;
    // fcbench reads this line to label records honestly (not Firecracker's output).
    std::cerr << "accelerator: tcg\n"
              << "(fcbench Firecracker test double: not Firecracker; guests run under QEMU TCG)\n";
    return 0;
  }
  std::signal(SIGPIPE, SIG_IGN);
  return Double(std::move(o), std::move(v)).run();
}
