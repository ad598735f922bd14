// fcbench's Firecracker TEST DOUBLE: the guest, run by QEMU under TCG.
#include "vm.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <istream>
#include <stdexcept>

namespace fcdouble {

namespace {

bool has_word_prefix(const std::string& cmdline, const std::string& prefix) {
  size_t pos = 0;
  while ((pos = cmdline.find(prefix, pos)) != std::string::npos) {
    if (pos == 0 || cmdline[pos - 1] == ' ') return true;
    pos += prefix.size();
  }
  return false;
}

// Moves fd to a number at least 10, so that dup2() onto 3 and 4 in the child
// cannot clobber another of the fds being passed.
int high_fd(int fd) {
  int h = ::fcntl(fd, F_DUPFD_CLOEXEC, 10);
  if (h < 0) throw std::runtime_error(std::string("fcntl: ") + std::strerror(errno));
  ::close(fd);
  return h;
}

}  // namespace

std::uint64_t boot_timer_address(const Version& v) {
  return v.at_least(1, 13) ? 0xC0000000ull : 0xD0000000ull;
}

std::string default_boot_args(const Version& v) {
  if (v.at_least(1, 13))
    return "reboot=k panic=1 nomodule 8250.nr_uarts=0 i8042.noaux i8042.nomux i8042.dumbkbd "
           "swiotlb=noforce";
  if (v.at_least(1, 12))
    return "reboot=k panic=1 pci=off nomodule 8250.nr_uarts=0 i8042.noaux i8042.nomux "
           "i8042.dumbkbd";
  return "reboot=k panic=1 pci=off nomodule 8250.nr_uarts=0 i8042.noaux i8042.nomux i8042.nopnp "
         "i8042.dumbkbd";
}

long host_tsc_khz() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("cpu MHz", 0) == 0 && line.find(':') != std::string::npos)
      return static_cast<long>(std::atof(line.c_str() + line.find(':') + 1) * 1000);
  return 0;
}

std::string guest_cmdline(const VmConfig& c, const Version& v, long tsc_khz) {
  std::string cmd = c.boot && c.boot->boot_args ? *c.boot->boot_args : default_boot_args(v);
  // Arguments after " -- " belong to init; kernel arguments are added before them.
  std::string init;
  if (auto sep = (" " + cmd + " ").find(" -- "); sep != std::string::npos) {
    size_t start = sep == 0 ? 0 : sep - 1;  // the padded string is one character ahead
    init = cmd.substr(start);
    if (init[0] != ' ') init.insert(0, " ");
    cmd.resize(start);
  }
  if (!c.drives.empty() && c.drives.front().is_root_device) {
    const Drive& root = c.drives.front();
    cmd += root.partuuid ? " root=PARTUUID=" + *root.partuuid : " root=/dev/vda";
    cmd += root.is_read_only ? " ro" : " rw";
  }
  if (tsc_khz > 0 && !has_word_prefix(cmd, "tsc_early_khz="))
    cmd += " tsc_early_khz=" + std::to_string(tsc_khz);
  if (tsc_khz > 0 && !has_word_prefix(cmd, "tsc=")) cmd += " tsc=reliable";
  cmd += init;
  return cmd.substr(cmd.find_first_not_of(' ') == std::string::npos ? cmd.size()
                                                                    : cmd.find_first_not_of(' '));
}

std::vector<std::string> qemu_command(const QemuSetup& s, const VmConfig& c,
                                      const std::string& cmdline) {
  const MachineConfig& m = c.machine;
  std::string smp = std::to_string(m.vcpu_count);
  if (m.smt && m.vcpu_count > 1) smp += ",threads=2";
  std::vector<std::string> a = {
      s.binary, "-name", s.name, "-accel", "tcg", "-cpu", "max", "-M",
      // The PCIe host is only there so that the boot timer write can be traced.
      s.trace_fd ? "microvm,acpi=on,pcie=on" : "microvm,acpi=on", "-smp", smp, "-m",
      std::to_string(m.mem_size_mib), "-nodefaults", "-no-user-config", "-display", "none",
      "-serial", "stdio",
      // Firecracker emulates an i8042 for reboot=k and Ctrl-Alt-Del; microvm has none.
      "-device", "i8042", "-chardev",
      "socket,id=fcdouble_qmp,fd=" + std::to_string(s.qmp_fd) + ",server=off", "-mon",
      "chardev=fcdouble_qmp,mode=control", "-action", "reboot=shutdown,shutdown=pause"};
  if (s.trace_fd)
    a.insert(a.end(), {"-msg", "timestamp=on", "-trace", "memory_region_ops_write", "-D",
                       "/proc/self/fd/" + std::to_string(*s.trace_fd)});
  a.insert(a.end(), {"-kernel", c.boot ? c.boot->kernel_image_path : ""});
  if (c.boot && c.boot->initrd_path) a.insert(a.end(), {"-initrd", *c.boot->initrd_path});
  a.insert(a.end(), {"-append", cmdline});
  for (size_t i = 0; i < c.drives.size(); i++) {
    const Drive& d = c.drives[i];
    std::string id = "drive" + std::to_string(i);
    std::string spec = "id=" + id + ",file=" + d.path_on_host + ",format=raw,if=none";
    spec += d.cache_type == "Writeback" ? ",cache=writeback" : ",cache=unsafe";
    if (d.is_read_only) spec += ",readonly=on";
    a.insert(a.end(), {"-drive", spec, "-device", "virtio-blk-device,drive=" + id});
  }
  return a;
}

std::optional<TracedWrite> parse_trace_line(std::string_view line) {
  auto colon = line.find(":memory_region_ops_write ");
  auto at = line.find('@');
  if (colon == std::string_view::npos || at == std::string_view::npos || at > colon)
    return std::nullopt;
  TracedWrite w;
  std::string stamp(line.substr(at + 1, colon - at - 1));  // "sec.usec"
  auto dot = stamp.find('.');
  if (dot == std::string::npos) return std::nullopt;
  w.realtime_us = std::atoll(stamp.substr(0, dot).c_str()) * 1000000 +
                  std::atoll(stamp.substr(dot + 1).c_str());
  auto field = [&](std::string_view key, std::uint64_t& out) {
    auto p = line.find(key, colon);
    if (p == std::string_view::npos) return false;
    std::string rest(line.substr(p + key.size(), 24));
    char* end = nullptr;
    out = std::strtoull(rest.c_str(), &end, 0);
    return end != rest.c_str();
  };
  if (!field(" addr ", w.addr) || !field(" value ", w.value) || !field(" size ", w.size))
    return std::nullopt;
  return w;
}

Qemu::Qemu(asio::io_context& io, Events ev)
    : io_(io),
      ev_(std::move(ev)),
      qmp_(io),
      trace_(io),
      err_(io),
      sigchld_(io, SIGCHLD),
      kill_timer_(io) {}

Qemu::~Qemu() {
  if (pid_ > 0 && !exited_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void Qemu::start(QemuSetup setup, const VmConfig& c, const std::string& cmdline) {
  int sv[2], tr[2] = {-1, -1}, er[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0 ||
      (setup.trace_fd && ::pipe2(tr, O_CLOEXEC) < 0) || ::pipe2(er, O_CLOEXEC) < 0)
    throw std::runtime_error(std::string("cannot create QEMU channels: ") + std::strerror(errno));
  int child_qmp = high_fd(sv[1]), child_trace = tr[1] >= 0 ? high_fd(tr[1]) : -1,
      child_err = high_fd(er[1]);
  setup.qmp_fd = 3;
  if (setup.trace_fd) setup.trace_fd = 4;

  // Everything the child needs is prepared before fork().
  std::vector<std::string> argv = qemu_command(setup, c, cmdline);
  std::vector<char*> cargv;
  for (auto& s : argv) cargv.push_back(s.data());
  cargv.push_back(nullptr);
  pid_t parent = ::getpid();

  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    // QEMU must not outlive the double, whatever signal ends it.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    if (::dup2(child_qmp, 3) < 0 || (child_trace >= 0 && ::dup2(child_trace, 4) < 0) ||
        ::dup2(child_err, 2) < 0)
      ::_exit(127);
    ::close_range(5, ~0U, 0);  // nothing else of the double's (API socket...) leaks
    ::execvp(cargv[0], cargv.data());
    const char msg[] = "fcbench Firecracker test double: cannot execute QEMU\n";
    ssize_t n = ::write(2, msg, sizeof msg - 1);
    (void)n;
    ::_exit(127);
  }
  pid_ = pid;
  ::close(child_qmp);
  ::close(child_err);
  if (child_trace >= 0) ::close(child_trace);
  qmp_.assign(asio::local::stream_protocol(), sv[0]);
  err_.assign(er[0]);
  if (tr[0] >= 0) {
    trace_.assign(tr[0]);
    read_trace();
  }
  sigchld_.async_wait([this](auto ec, int) {
    if (!ec) reap();
  });
  read_qmp();
  read_stderr();
}

void Qemu::command(const json& cmd) {
  if (!qmp_.is_open()) return;
  auto text = std::make_shared<std::string>(cmd.dump() + "\n");
  asio::async_write(qmp_, asio::buffer(*text), [text](auto, auto) {});
}

void Qemu::stop(int grace_ms) {
  if (pid_ < 0 || exited_) return;
  command({{"execute", "quit"}});
  kill_timer_.expires_after(std::chrono::milliseconds(grace_ms));
  kill_timer_.async_wait([this](auto ec) {
    if (!ec && !exited_) ::kill(pid_, SIGKILL);
  });
}

void Qemu::read_qmp() {
  asio::async_read_until(qmp_, qmp_buf_, '\n', [this](auto ec, std::size_t) {
    if (ec) return;  // QEMU is gone; reap() reports it
    std::istream in(&qmp_buf_);
    std::string line;
    std::getline(in, line);
    on_qmp(line);
    read_qmp();
  });
}

void Qemu::on_qmp(const std::string& line) {
  json msg = json::parse(line, nullptr, false);
  if (msg.is_discarded()) return;
  if (msg.contains("QMP")) {
    // The greeting may come before QEMU has loaded the kernel; a command is
    // only answered from QEMU's main loop, that is once the machine is built.
    command({{"execute", "qmp_capabilities"}});
    command({{"execute", "query-status"}, {"id", "fcdouble-ready"}});
    return;
  }
  if (msg.value("id", "") == "fcdouble-ready" && !qmp_ready_) {
    qmp_ready_ = true;
    if (ev_.started) ev_.started("");
    return;
  }
  if (msg.value("event", "") != "SHUTDOWN") return;
  std::string reason = msg.contains("data") ? msg["data"].value("reason", "") : "";
  if (reason == "guest-reset" && ev_.guest_reset) ev_.guest_reset();
  if (reason == "guest-shutdown" && ev_.guest_poweroff) ev_.guest_poweroff();
}

void Qemu::read_trace() {
  asio::async_read_until(trace_, trace_buf_, '\n', [this](auto ec, std::size_t) {
    if (ec) return;
    std::istream in(&trace_buf_);
    std::string line;
    std::getline(in, line);
    if (auto w = parse_trace_line(line); w && ev_.traced_write) ev_.traced_write(*w);
    read_trace();  // keep draining so that QEMU never blocks on the pipe
  });
}

void Qemu::read_stderr() {
  asio::async_read_until(err_, err_buf_, '\n', [this](auto ec, std::size_t) {
    if (ec) {
      stderr_closed_ = true;
      finish();
      return;
    }
    std::istream in(&err_buf_);
    std::string line;
    std::getline(in, line);
    std::string out = line + "\n";  // forwarded: QEMU's messages stay visible
    ssize_t n = ::write(2, out.data(), out.size());
    (void)n;
    stderr_tail_ = line.substr(0, 300);
    read_stderr();
  });
}

void Qemu::reap() {
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exited_ = true;
    status_ = status;
    kill_timer_.cancel();
    finish();
    return;
  }
  sigchld_.async_wait([this](auto ec, int) {
    if (!ec) reap();
  });
}

// Reports QEMU's end once it is reaped and its stderr is drained, so that a
// start failure carries QEMU's last error line.
void Qemu::finish() {
  if (!exited_ || !stderr_closed_ || reported_) return;
  reported_ = true;
  if (!qmp_ready_ && ev_.started) {
    qmp_ready_ = true;
    ev_.started("QEMU exited before it was ready" +
                (stderr_tail_.empty() ? std::string() : ": " + stderr_tail_));
    return;
  }
  if (ev_.exited) ev_.exited(status_);
}

}  // namespace fcdouble
