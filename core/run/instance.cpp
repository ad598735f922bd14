#include "run/instance.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <optional>

#include "host/pinning.hpp"
#include "run/channel.hpp"
#include "run/serial.hpp"
#include "util/clock.hpp"
#include "util/fs.hpp"

namespace fcbench::run {

namespace {

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
  std::string out;
  for (size_t i = lines.size() > n ? lines.size() - n : 0; i < lines.size(); ++i)
    out += (out.empty() ? "" : " | ") + lines[i];
  return out;
}

struct VmRun {
  int64_t launched = 0, exited = 0;
  bool timed_out = false, interrupted = false, spawn_failed = false, powered_off = false;
  int exit_code = -1, signal = 0;
  std::string serial, spawn_error, started_at;
  nlohmann::json pinning;  // null unless pinned
};

// After the guest's "reboot: Power down", how long the VMM gets to exit on
// its own (QEMU does; Firecracker on x86 does not) before it is stopped.
constexpr int64_t kPoweroffGraceNs = 2'000'000'000;
// SIGTERM → SIGKILL grace when fcbench stops a VMM.
constexpr std::chrono::milliseconds kStopGrace{3000};

std::string utc_now_iso() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", std::gmtime(&t));
  return fmt::format("{}.{:03}Z", buf, ms);
}

VmRun boot(const Instance& inst, const ExecContext& ctx, SerialMonitor& mon) {
  VmRun r;
  int64_t timeout_ns = int64_t(std::llround(inst.bench->vm.timeout_s * 1e9));
  r.started_at = utc_now_iso();
  r.launched = now_ns();
  Child c;
  try {
    c = ctx.driver->start(inst.spec);
  } catch (const std::exception& e) {
    r.spawn_failed = true;
    r.spawn_error = e.what();
    r.exited = now_ns();
    return r;
  }
  // With --pin: the VMM's threads go to their cores right after launch;
  // the cores go back to the allocator however boot() returns.
  std::optional<host::CoreGrant> grant;
  struct Release {
    host::CoreAllocator* cores;
    std::optional<host::CoreGrant>& grant;
    ~Release() {
      if (cores && grant) cores->release(*grant);
    }
  } release{ctx.cores, grant};
  if (ctx.cores) {
    auto p = host::pin_vmm(c.pid, inst.spec.vcpus, *ctx.cores);
    if (p.granted) grant = p.grant;
    r.pinning = p.to_json();
  }
  int64_t deadline = r.launched + timeout_ns;
  int64_t poweroff_deadline = 0;
  char buf[16384];
  bool eof = false;
  auto stopped = [&] {  // checks the flags that end the wait; true to stop
    if (ctx.interrupted && ctx.interrupted->load()) return r.interrupted = true;
    int64_t now = now_ns();
    if (now >= deadline) return r.timed_out = true;
    if (!mon.poweroff.empty() && !poweroff_deadline) poweroff_deadline = now + kPoweroffGraceNs;
    if (poweroff_deadline && now >= poweroff_deadline) return r.powered_off = true;
    return false;
  };
  while (!eof && !stopped()) {
    int64_t left = std::min(deadline, poweroff_deadline ? poweroff_deadline : deadline) - now_ns();
    pollfd p{c.out_fd, POLLIN, 0};
    int n = ::poll(&p, 1, int(std::clamp<int64_t>(left / 1'000'000 + 1, 1, 200)));
    if (n <= 0) continue;  // timeout slice or EINTR: re-check flags
    ssize_t got = ::read(c.out_fd, buf, sizeof buf);
    int64_t now = now_ns();
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      eof = true;
      break;
    }
    r.serial.append(buf, size_t(got));
    mon.feed(std::string_view(buf, size_t(got)), now);
  }
  ::close(c.out_fd);
  if (!eof) {
    terminate_and_reap(c.pid, r.timed_out ? kStopGrace : std::chrono::milliseconds(1000));
    r.exited = now_ns();
    return r;
  }
  // Console closed: the VMM is exiting. Reap it, within the deadline.
  std::optional<int> st;
  while (!st) {
    int64_t left = deadline - now_ns();
    if (left > 0)
      st =
          wait_exit(c.pid, std::chrono::milliseconds(std::min<int64_t>(left / 1'000'000 + 1, 200)));
    if (st) break;
    if (now_ns() >= deadline || (ctx.interrupted && ctx.interrupted->load())) {
      r.timed_out = now_ns() >= deadline;
      r.interrupted = !r.timed_out;
      terminate_and_reap(c.pid, r.timed_out ? kStopGrace : std::chrono::milliseconds(1000));
      r.exited = now_ns();
      return r;
    }
  }
  r.exited = now_ns();
  if (WIFEXITED(*st)) r.exit_code = WEXITSTATUS(*st);
  if (WIFSIGNALED(*st)) r.signal = WTERMSIG(*st);
  return r;
}

}  // namespace

results::Record execute(const Instance& inst, const ExecContext& ctx) {
  results::Record rec = inst.base;
  SerialMonitor mon;
  VmRun vm = boot(inst, ctx, mon);
  rec.started_at = vm.started_at;
  rec.pinning = vm.pinning;
  rec.ts.launched = vm.launched;
  rec.ts.exited = vm.exited;
  rec.ts.guest_booted = mon.at("booted");
  rec.ts.payload_start = mon.at("payload_start");
  rec.ts.payload_end = mon.at("payload_end");
  if (!vm.spawn_failed && !vm.timed_out && !vm.interrupted && !vm.powered_off)
    rec.vmm_exit_code = vm.signal ? 128 + vm.signal : vm.exit_code;  // else we killed it
  vmm::VmFacts facts;
  try {
    facts = ctx.driver->collect(inst.spec);
  } catch (...) {
  }
  rec.vmm_boot_time_us = facts.boot_time_us;
  try {
    write_file(ctx.logs_dir / (inst.id + ".serial.log"), vm.serial, 0600);
    if (!facts.log.empty()) write_file(ctx.logs_dir / (inst.id + ".vmm.log"), facts.log, 0600);
  } catch (...) {
  }
  auto vmm_status = [&] { return ctx.driver->describe_exit(vm.exit_code); };

  auto fail = [&](std::string status, std::string why) {
    rec.status = std::move(status);
    rec.error = std::move(why);
    return rec;
  };
  if (vm.spawn_failed) return fail("failed", "VMM did not start: " + vm.spawn_error);
  if (vm.interrupted) return fail("interrupted", "interrupted by signal; VM stopped");
  if (vm.timed_out)
    return fail("timeout",
                "no result within timeout_s=" + fmt::format("{:g}", inst.bench->vm.timeout_s) +
                    "; VM killed (last console: " + tail_lines(vm.serial, 2) + ")");
  if (!mon.panic.empty()) return fail("failed", "guest panic: " + mon.panic);
  if (!mon.poweroff.empty())
    return fail("failed",
                "the guest powered off instead of rebooting (\"" + mon.poweroff + "\")" +
                    (vm.powered_off ? "; the VMM stayed alive, so fcbench stopped it" : ""));

  GuestResult g = read_results(inst.spec.channel);
  if (!g.complete) {
    std::string why = !mon.agent_error.empty() ? "guest agent error: " + mon.agent_error
                                               : "no results came back from the guest";
    if (vm.signal)
      why += "; VMM killed by signal " + std::to_string(vm.signal);
    else if (vm.exit_code != 0)
      why += "; VMM exited with status " + vmm_status();
    return fail("failed", why + " (last console: " + tail_lines(vm.serial, 3) + ")");
  }
  rec.guest_payload_ns = g.payload_ns;
  if (g.status == "exited" || g.status == "signaled") {
    rec.payload_exit_status = g.exit_status;
    rec.payload_term_signal = g.term_signal;
  }
  try {
    write_file(ctx.logs_dir / (inst.id + ".stdout.log"), g.out, 0600);
    write_file(ctx.logs_dir / (inst.id + ".stderr.log"), g.err, 0600);
  } catch (...) {
  }
  if (g.status == "exec_failed" || g.status == "agent_error")
    return fail("failed", g.status + ": " + (g.error.empty() ? "no detail" : g.error));
  if (vm.exit_code != 0) return fail("failed", "VMM exited with status " + vmm_status());

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
    return fail("failed", why);
  }
  rec.status = "ok";
  rec.error.clear();
  return rec;
}

}  // namespace fcbench::run
