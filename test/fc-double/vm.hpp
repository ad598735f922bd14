// fcbench's Firecracker TEST DOUBLE: the guest, run by QEMU under TCG.
//
// Firecracker runs guests with KVM, which cannot boot guests on fcbench's
// build machines, so the double hands the configured microVM to
// qemu-system-x86_64 (-M microvm, TCG) and watches it through QMP:
//  - a guest reset (reboot=k through the i8042 QEMU is given) is reported as
//    SHUTDOWN/guest-reset because of -action reboot=shutdown: the double exits 0;
//  - a guest poweroff is SHUTDOWN/guest-shutdown and QEMU pauses
//    (-action shutdown=pause): the double stays alive, as Firecracker on x86;
//  - the boot timer write is seen through QEMU's memory_region_ops_write
//    trace event. It only traces writes that reach a device, so the double
//    enables microvm's PCIe host (pcie=on), whose MMIO window
//    0xC0000000-0xDFFFFFFF covers both Firecracker boot timer addresses.
#pragma once

#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api.hpp"

namespace fcdouble {

namespace asio = boost::asio;

// Firecracker's boot timer MMIO address: 0xD0000000 up to 1.12, 0xC0000000 from 1.13.
std::uint64_t boot_timer_address(const Version& v);
// Firecracker's boot_args default, which differs between releases.
std::string default_boot_args(const Version& v);

// The kernel command line: boot_args (or the default), then "root=... ro|rw"
// for a root drive as Firecracker appends it, then tsc_early_khz when absent
// and known (TCG's emulated PIT makes early TSC calibration unreliable).
std::string guest_cmdline(const VmConfig& c, const Version& v, long tsc_khz);
long host_tsc_khz();  // from /proc/cpuinfo, or 0

struct QemuSetup {
  std::string binary = "qemu-system-x86_64";
  std::string name;             // -name
  int qmp_fd = 3;               // the child's QMP socket
  std::optional<int> trace_fd;  // the child's trace pipe: set with --boot-timer
};
std::vector<std::string> qemu_command(const QemuSetup& s, const VmConfig& c,
                                      const std::string& cmdline);

// One traced guest write, from a line of QEMU's log trace backend such as
// "123@1700000000.123456:memory_region_ops_write cpu 0 mr 0x.. addr 0xc0000000 value 0x7b
// size 1 name 'gpex_mmio_window'".
struct TracedWrite {
  std::uint64_t addr = 0, value = 0, size = 0;
  std::int64_t realtime_us = 0;  // when QEMU saw it (gettimeofday)
};
std::optional<TracedWrite> parse_trace_line(std::string_view line);

// A running QEMU. Events arrive on the io_context.
class Qemu {
 public:
  struct Events {
    std::function<void(const std::string& error)> started;  // "" once QMP is up
    std::function<void()> guest_reset;
    std::function<void()> guest_poweroff;
    std::function<void(const TracedWrite&)> traced_write;
    std::function<void(int status)> exited;  // waitpid status, after started("")
  };

  Qemu(asio::io_context& io, Events ev);
  ~Qemu();
  Qemu(const Qemu&) = delete;
  Qemu& operator=(const Qemu&) = delete;

  // Forks and execs QEMU (it dies with the double: PR_SET_PDEATHSIG). The
  // guest console goes straight to the double's stdout. Throws on failure.
  void start(QemuSetup setup, const VmConfig& c, const std::string& cmdline);
  void command(const json& cmd);  // a QMP command; replies are ignored
  // Graceful "quit", then SIGKILL if QEMU is still there after grace_ms.
  void stop(int grace_ms = 3000);
  pid_t pid() const { return pid_; }
  const std::string& stderr_tail() const { return stderr_tail_; }

 private:
  void read_qmp();
  void on_qmp(const std::string& line);
  void read_trace();
  void read_stderr();
  void reap();
  void finish();

  asio::io_context& io_;
  Events ev_;
  pid_t pid_ = -1;
  bool qmp_ready_ = false, exited_ = false, stderr_closed_ = false, reported_ = false;
  int status_ = 0;
  asio::local::stream_protocol::socket qmp_;
  asio::posix::stream_descriptor trace_, err_;
  asio::streambuf qmp_buf_, trace_buf_, err_buf_;
  asio::signal_set sigchld_;
  asio::steady_timer kill_timer_;
  std::string stderr_tail_;
};

}  // namespace fcdouble
