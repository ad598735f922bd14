#include "run/instance.hpp"

#include <fcntl.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

#include "host/pinning.hpp"
#include "run/channel.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace fcbench::run {

namespace {

// After the guest's "reboot: Power down", how long the VMM gets to exit on
// its own (QEMU does; Firecracker on x86 does not) before it is stopped.
constexpr int64_t kPoweroffGraceNs = 2'000'000'000;
// SIGTERM → SIGKILL grace when fcbench stops a process after a timeout.
constexpr int64_t kStopGraceNs = 3'000'000'000;
// The same when the stop was for an interrupt or a poweroff.
constexpr int64_t kQuickStopNs = 1'000'000'000;

// Last non-empty lines of the serial log, for failure messages.
std::string tail_lines(const std::string& text, size_t n) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string l = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.pop_back();
    if (!l.empty()) lines.push_back(l);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  size_t skip = lines.size() > n ? lines.size() - n : 0;
  return fmt::format("{}", fmt::join(lines.begin() + long(skip), lines.end(), " | "));
}

// A native payload's outputs, in the shape the guest agent returns them.
GuestResult native_result(const Placed& inst, int wait_status, int64_t payload_ns, std::string out,
                          std::string err) {
  GuestResult g;
  g.complete = true;
  g.payload_ns = payload_ns;
  if (WIFEXITED(wait_status)) {
    g.status = "exited";
    g.exit_status = WEXITSTATUS(wait_status);
  } else {
    g.status = "signaled";
    g.term_signal = WTERMSIG(wait_status);
  }
  g.out = std::move(out);
  g.err = std::move(err);
  const auto& work = inst.spec.work_disk;
  for (const auto& f : inst.job.result_files) {
    std::filesystem::path p = f == "/work"                ? work
                              : f.rfind("/work/", 0) == 0 ? work / f.substr(6)
                                                          : work / f;
    try {
      g.files.emplace_back(f, read_file(p));
    } catch (const std::exception& e) {
      g.missing.emplace_back(f, e.what());
    }
  }
  return g;
}

}  // namespace

Execution::Execution(const Placed& inst, const ExecContext& ctx, Start how)
    : inst_(inst), ctx_(ctx) {
  starting_ = true;
  if (how == Start::gated) {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
      throw SystemError("socketpair (launch gate)", errno);
    gate_ = Fd(sv[0]);
    gate_child_ = Fd(sv[1]);
  }
  if (how != Start::now) return;
  start();
  attach();
}

// The clock starts once the process is in its cgroups and, if gated, let
// go: joining a cgroup (v1: milliseconds) is fcbench's set-up, not the
// VM's.
void Execution::start() {
  make_cgroup();
  started_at_ = utc_now_iso();
  launched_ = now_ns();
  try {
    child_ = launch();
  } catch (const std::exception& e) {
    spawn_failed_ = true;
    spawn_error_ = e.what();
    exited_ = now_ns();
  }
  gate_child_.reset();
  const int64_t ready = std::max(ready_ns_.load(std::memory_order_acquire),
                                 opened_ns_.load(std::memory_order_acquire));
  if (ready > launched_) {
    launched_ = ready;
    started_at_ = utc_now_iso();
  }
  timeout_at_ = launched_ + int64_t(std::llround(inst_.bench->vm.timeout_s * 1e9));
  if (cgroup_) cgroup_->close_join_fds();
}

void Execution::open_gate() {
  if (!gate_.valid()) return;
  opened_ns_.store(now_ns(), std::memory_order_release);
  [[maybe_unused]] ssize_t n = ::send(gate_.get(), "1", 1, MSG_NOSIGNAL);
  gate_.reset();
}

void Execution::close_gate() {
  gate_.reset();
}

// The instance's own cgroup, where the run has them. One that cannot be
// made is said on stderr; the instance runs without it.
void Execution::make_cgroup() {
  if (!ctx_.cgroups) return;
  const auto limits =
      host::decide_cgroup_limits(inst_.spec.mem_mib, inst_.driver->is_vm(), inst_.spec.accel,
                                 ctx_.cores ? ctx_.cores->allowed() : std::set<int>{});
  std::string why;
  cgroup_ = ctx_.cgroups->create(inst_.id, limits, why);
  if (!cgroup_) fmt::print(stderr, "warning: {}: runs without a cgroup: {}\n", inst_.id, why);
}

// The driver's start, inside the instance's cgroup if it has one.
Child Execution::launch() {
  if (!cgroup_ && !gate_child_.valid()) return inst_.driver->start(inst_.spec);
  vmm::VmSpec spec = inst_.spec;
  if (cgroup_) spec.cgroup_procs_fds = cgroup_->join_fds();
  spec.gate_fd = gate_child_.get();
  spec.ready_ns = &ready_ns_;
  return inst_.driver->start(spec);
}

void Execution::attach() {
  starting_ = false;
  if (spawn_failed_) {
    // Failed before its gate opened: it counts from the opening, not from
    // its early start.
    if (const int64_t opened = opened_ns_.load(std::memory_order_acquire); opened > launched_)
      launched_ = exited_ = opened;
    reaped_ = true;
    return;
  }
  const Child& c = child_;
  pid_ = c.pid;
  out_fd_ = c.out_fd;
  err_fd_ = c.err_fd;
  for (int fd : {out_fd_, err_fd_})
    if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  pid_fd_ = pidfd_open(pid_);
  if (ctx_.on_launch) ctx_.on_launch(inst_, pid_);
  // With --pin: the VMM's threads go to their cores right after launch.
  if (ctx_.cores && inst_.driver->is_vm()) {
    auto p = host::pin_vmm(pid_, inst_.spec.vcpus, *ctx_.cores);
    if (p.granted) grant_ = p.grant;
    pinning_ = p.to_json();
  }
}

Execution::~Execution() {
  if (starting_) {  // started but never attached
    for (int fd : {child_.out_fd, child_.err_fd})
      if (fd >= 0) ::close(fd);
    if (child_.pid > 0) kill_and_reap(child_.pid);
  }
  close_output();
  if (pid_fd_ >= 0) ::close(pid_fd_);
  if (!reaped_ && pid_ > 0) kill_and_reap(pid_);
  if (ctx_.cores && grant_) ctx_.cores->release(*grant_);
}

void Execution::close_output() {
  for (int* fd : {&out_fd_, &err_fd_}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

void Execution::save_log(const std::string& suffix, const std::string& text) const {
  auto file = ctx_.logs_dir / (inst_.id + suffix);
  if (ctx_.save_log) return ctx_.save_log(file, text);
  try {
    write_file(file, text, 0600);
  } catch (...) {  // a log that cannot be written never changes the record
  }
}

namespace {

// Appends what `fd` holds now to `out` and returns the new bytes; at end of
// file it closes `fd` and sets it to -1.
std::string_view read_available(int& fd, std::string& out) {
  const size_t before = out.size();
  char buf[16384];
  while (fd >= 0) {
    ssize_t got = ::read(fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && errno == EAGAIN) break;
    if (got <= 0) {  // closed: the process is ending
      ::close(fd);
      fd = -1;
      break;
    }
    out.append(buf, size_t(got));
  }
  return std::string_view(out).substr(before);
}

}  // namespace

void Execution::on_output(int64_t now) {
  std::string_view chunk = read_available(out_fd_, serial_);
  if (chunk.empty() || !inst_.driver->is_vm()) return;
  mon_.feed(chunk, now);
  if (!mon_.poweroff.empty() && !poweroff_at_) poweroff_at_ = now + kPoweroffGraceNs;
}

void Execution::on_error_output() {
  read_available(err_fd_, err_);
}

void Execution::on_exit() {
  if (reaped_ || pid_ <= 0) return;
  int st = 0;
  rusage ru{};
  pid_t w = ::wait4(pid_, &st, WNOHANG, &ru);
  if (w == 0 || (w < 0 && errno == EINTR)) return;
  exited_ = now_ns();
  reaped_ = true;
  wait_status_ = w == pid_ ? st : 0;
  if (w == pid_) {
    auto ms = [](const timeval& t) { return double(t.tv_sec) * 1e3 + double(t.tv_usec) / 1e3; };
    usage_ = results::ProcessUsage{ms(ru.ru_utime), ms(ru.ru_stime)};
  }
  on_output(exited_);  // what the pipes still hold
  on_error_output();
  close_output();
  if (pid_fd_ >= 0) ::close(pid_fd_);
  pid_fd_ = -1;
}

void Execution::stop(int64_t now, int64_t grace_ns) {
  if (stopping_ || reaped_) return;
  stopping_ = true;
  ::kill(-pid_, SIGTERM);
  ::kill(pid_, SIGTERM);
  kill_at_ = now + grace_ns;
}

void Execution::interrupt(int64_t now, int64_t grace_ns) {
  if (reaped_) return;
  if (starting_) {  // acted on once it has started
    interrupt_at_ = now + grace_ns;
    return;
  }
  if (!interrupt_at_ || now + grace_ns < interrupt_at_) interrupt_at_ = now + grace_ns;
  if (grace_ns <= 0) on_time(now);
}

void Execution::on_time(int64_t now) {
  if (reaped_ || starting_) return;
  if (stopping_) {
    if (now >= kill_at_) {
      ::kill(-pid_, SIGKILL);
      ::kill(pid_, SIGKILL);
      kill_at_ = now + kStopGraceNs;  // re-sent if it somehow survives
    }
    return;
  }
  if (interrupt_at_ && now >= interrupt_at_) {
    interrupted_ = true;
    stop(now, kQuickStopNs);
  } else if (now >= timeout_at_) {
    timed_out_ = true;
    stop(now, kStopGraceNs);
  } else if (poweroff_at_ && now >= poweroff_at_) {
    powered_off_ = true;
    stop(now, kQuickStopNs);
  }
}

int64_t Execution::next_deadline() const {
  if (reaped_ || starting_) return 0;
  if (stopping_) return kill_at_;
  int64_t d = timeout_at_;
  if (poweroff_at_) d = std::min(d, poweroff_at_);
  if (interrupt_at_) d = std::min(d, interrupt_at_);
  return d;
}

results::Record Execution::finish() {
  results::Record rec = outcome();
  if (cgroup_) settle_cgroup(rec);
  return rec;
}

// Ends what is left in the cgroup, puts its account on the record and
// removes it. An OOM kill in it fails the instance, whatever else happened.
void Execution::settle_cgroup(results::Record& rec) {
  cgroup_->kill_all();
  const host::CgroupUsage u = cgroup_->usage();
  const host::CgroupLimits l = cgroup_->limits();
  cgroup_.reset();  // removes it
  if (spawn_failed_) return;
  rec.memory_limit_bytes = l.memory_bytes;
  rec.memory_peak_bytes = u.memory_peak_bytes;
  rec.cgroup_cpu_ns = u.cpu_ns;
  if (u.oom_kills == 0) return;
  const std::string why =
      fmt::format("killed by its cgroup memory limit ({} MiB: mem_mib {} + a {} MiB allowance)",
                  l.memory_bytes >> 20, inst_.spec.mem_mib, l.allowance_mib);
  rec.status = results::Status::failed;
  rec.error = rec.error.empty() ? why : why + "; " + rec.error;
  rec.metrics.clear();
}

// The record from what was seen of the process (the cgroup aside).
results::Record Execution::outcome() {
  results::Record rec = inst_.base;
  rec.started_at = started_at_;
  rec.pinning = pinning_;
  rec.ts.launched = launched_;
  rec.ts.exited = exited_;
  rec.started_ns = launched_;
  rec.process_usage = usage_;
  const bool vm = inst_.driver->is_vm();
  auto fail = [&](results::Status status, std::string why) {
    rec.status = status;
    rec.error = std::move(why);
    return rec;
  };
  if (spawn_failed_)
    return fail(results::Status::failed,
                std::string(vm ? "VMM" : "payload") + " did not start: " + spawn_error_);
  if (vm) {
    rec.ts.guest_booted = mon_.at("booted");
    rec.ts.payload_start = mon_.at("payload_start");
    rec.ts.payload_end = mon_.at("payload_end");
  } else if (!timed_out_ && !interrupted_) {
    rec.ts.payload_start = launched_;
    rec.ts.payload_end = exited_;
  }
  if (!timed_out_ && !interrupted_ && !powered_off_ && vm)
    rec.vmm_exit_code =
        WIFSIGNALED(wait_status_) ? 128 + WTERMSIG(wait_status_) : WEXITSTATUS(wait_status_);
  if (interrupted_ || timed_out_) save_console();  // finish_vm/native save it otherwise
  if (interrupted_) return fail(results::Status::interrupted, "interrupted by signal; stopped");
  if (timed_out_)
    return fail(results::Status::timeout,
                "no result within timeout_s=" + fmt::format("{:g}", inst_.bench->vm.timeout_s) +
                    "; killed" + (vm ? " (last console: " + tail_lines(serial_, 2) + ")" : ""));
  return vm ? finish_vm(std::move(rec)) : finish_native(std::move(rec));
}

void Execution::save_console() const {
  if (inst_.driver->is_vm()) {
    save_log(".serial.log", serial_);
  } else {
    save_log(".stdout.log", serial_);
    save_log(".stderr.log", err_);
  }
}

namespace {

// Parses a complete result (guest or native) into rec's metrics and status.
results::Record parse_result(const Placed& inst, results::Record rec, GuestResult g) {
  rec.guest_payload_ns = g.payload_ns;
  if (g.status == "exited" || g.status == "signaled") {
    rec.payload_exit_status = g.exit_status;
    rec.payload_term_signal = g.term_signal;
  }
  if (g.status == "exec_failed" || g.status == "agent_error") {
    rec.status = results::Status::failed;
    rec.error = g.status + ": " + (g.error.empty() ? "no detail" : g.error);
    return rec;
  }
  plugin::GuestOutput out;
  out.params = inst.bench->params;
  out.out = std::move(g.out);
  out.err = std::move(g.err);
  out.exit_status = g.exit_status;
  out.term_signal = g.term_signal;
  out.files = std::move(g.files);
  out.guest_payload_ns = g.payload_ns;
  out.time_to_payload_ns = rec.ts.payload_start ? rec.ts.payload_start - rec.ts.launched : 0;
  try {
    rec.metrics = inst.plugin->parse(out);
  } catch (const std::exception& e) {
    std::string why = e.what();
    for (auto& [path, reason] : g.missing) why += "; result file " + path + " missing: " + reason;
    if (g.out_truncated) why += "; note: the guest truncated stdout to fit the result channel";
    if (g.err_truncated) why += "; note: the guest truncated stderr to fit the result channel";
    rec.status = results::Status::failed;
    rec.error = why;
    return rec;
  }
  rec.status = results::Status::ok;
  rec.error.clear();
  return rec;
}

}  // namespace

results::Record Execution::finish_native(results::Record rec) {
  save_console();
  GuestResult g =
      native_result(inst_, wait_status_, exited_ - launched_, std::move(serial_), std::move(err_));
  return parse_result(inst_, std::move(rec), std::move(g));
}

results::Record Execution::finish_vm(results::Record rec) {
  vmm::VmFacts facts;
  try {
    facts = inst_.driver->collect(inst_.spec);
  } catch (...) {
  }
  rec.vmm_boot_time_us = facts.boot_time_us;
  save_console();
  if (!facts.log.empty()) save_log(".vmm.log", facts.log);
  const int code = WIFEXITED(wait_status_) ? WEXITSTATUS(wait_status_) : -1;
  const int sig = WIFSIGNALED(wait_status_) ? WTERMSIG(wait_status_) : 0;
  auto fail = [&](std::string why) {
    rec.status = results::Status::failed;
    rec.error = std::move(why);
    return rec;
  };
  if (!mon_.panic.empty()) return fail("guest panic: " + mon_.panic);
  if (!mon_.poweroff.empty())
    return fail("the guest powered off instead of rebooting (\"" + mon_.poweroff + "\")" +
                (powered_off_ ? "; the VMM stayed alive, so fcbench stopped it" : ""));
  GuestResult g = read_results(inst_.spec.channel);
  if (!g.complete) {
    std::string why = !mon_.agent_error.empty() ? "guest agent error: " + mon_.agent_error
                                                : "no results came back from the guest";
    if (sig)
      why += "; VMM killed by signal " + std::to_string(sig) +
             (sig == SIGKILL ? " (not by fcbench; the kernel's OOM killer?)" : "");
    else if (code != 0)
      why += "; VMM exited with status " + inst_.driver->describe_exit(code);
    return fail(why + " (last console: " + tail_lines(serial_, 3) + ")");
  }
  save_log(".stdout.log", g.out);
  save_log(".stderr.log", g.err);
  if (g.status != "exec_failed" && g.status != "agent_error" && (code != 0 || sig)) {
    rec.guest_payload_ns = g.payload_ns;
    return fail("VMM exited with status " +
                (sig ? "signal " + std::to_string(sig) : inst_.driver->describe_exit(code)));
  }
  return parse_result(inst_, std::move(rec), std::move(g));
}

}  // namespace fcbench::run
