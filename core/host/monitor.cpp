#include "host/monitor.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "util/stop_signals.hpp"

namespace fcbench::host {

namespace {

using Clock = std::chrono::steady_clock;

double round2(double x) {
  return std::round(x * 100.0) / 100.0;
}

// /proc files report size 0, so read until EOF.
std::string read_proc(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string() + ": " + std::strerror(errno));
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read " + file.string());
  return out.str();
}

// Skips spaces and tabs, then parses one number; false if there is none.
template <typename T>
bool next_number(std::string_view& s, T& out) {
  size_t i = s.find_first_not_of(" \t");
  if (i == std::string_view::npos) return false;
  s.remove_prefix(i);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc()) return false;
  s.remove_prefix(size_t(end - s.data()));
  return true;
}

// The rest of the first line starting with `prefix`, if any.
std::optional<std::string_view> line_after(std::string_view text, std::string_view prefix) {
  for (size_t pos = 0; pos < text.size();) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    if (line.starts_with(prefix)) return line.substr(prefix.size());
    pos = eol + 1;
  }
  return std::nullopt;
}

uint64_t delta(uint64_t a, uint64_t b) {
  return b > a ? b - a : 0;
}  // counters may step back

void append_error(HostSample& s, const std::string& what) {
  if (!s.error.empty()) s.error += "; ";
  s.error += what;
}

}  // namespace

nlohmann::json to_json(const HostSample& s) {
  nlohmann::json j = {{"t_ns", s.t_ns},
                      {"time", s.time},
                      {"interval_s", std::round(s.interval_s * 1e6) / 1e6},
                      {"cpu",
                       {{"user", round2(s.cpu_user)},
                        {"system", round2(s.cpu_system)},
                        {"idle", round2(s.cpu_idle)},
                        {"iowait", round2(s.cpu_iowait)},
                        {"irq", round2(s.cpu_irq)},
                        {"steal", round2(s.cpu_steal)}}},
                      {"mem_available_kib", s.mem_available_kib},
                      {"mem_total_kib", s.mem_total_kib},
                      {"loadavg", {s.load1, s.load5, s.load15}},
                      {"running", s.running}};
  if (!s.error.empty()) j["error"] = s.error;
  return j;
}

HostSample host_sample_from_json(const nlohmann::json& j) {
  HostSample s;
  s.t_ns = json_integer_at(j, "t_ns", int64_t(0));
  s.time = j.value("time", "");
  s.interval_s = j.value("interval_s", 0.0);
  if (auto c = j.find("cpu"); c != j.end() && c->is_object()) {
    s.cpu_user = c->value("user", 0.0);
    s.cpu_system = c->value("system", 0.0);
    s.cpu_idle = c->value("idle", 0.0);
    s.cpu_iowait = c->value("iowait", 0.0);
    s.cpu_irq = c->value("irq", 0.0);
    s.cpu_steal = c->value("steal", 0.0);
  }
  s.mem_available_kib = json_integer_at(j, "mem_available_kib", uint64_t(0));
  s.mem_total_kib = json_integer_at(j, "mem_total_kib", uint64_t(0));
  if (auto l = j.find("loadavg"); l != j.end() && l->is_array() && l->size() == 3)
    s.load1 = (*l)[0].get<double>(), s.load5 = (*l)[1].get<double>(),
    s.load15 = (*l)[2].get<double>();
  s.running = json_integer_at(j, "running", int64_t(0));
  s.error = j.value("error", "");
  return s;
}

CpuTimes parse_proc_stat(const std::string& text) {
  auto rest = line_after(text, "cpu ");
  if (!rest) throw std::runtime_error("/proc/stat has no aggregate cpu line");
  CpuTimes t;
  uint64_t* out[] = {&t.user, &t.nice, &t.system, &t.idle, &t.iowait, &t.irq, &t.softirq, &t.steal};
  std::string_view s = *rest;
  size_t n = 0;
  while (n < std::size(out) && next_number(s, *out[n])) ++n;
  if (n < 4) throw std::runtime_error("/proc/stat: malformed cpu line");  // user..idle at least
  return t;
}

void cpu_fractions(const CpuTimes& a, const CpuTimes& b, HostSample& out) {
  double user = double(delta(a.user, b.user) + delta(a.nice, b.nice));
  double system = double(delta(a.system, b.system));
  double idle = double(delta(a.idle, b.idle));
  double iowait = double(delta(a.iowait, b.iowait));
  double irq = double(delta(a.irq, b.irq) + delta(a.softirq, b.softirq));
  double steal = double(delta(a.steal, b.steal));
  double total = user + system + idle + iowait + irq + steal;
  double k = total > 0 ? 100.0 / total : 0.0;
  out.cpu_user = user * k;
  out.cpu_system = system * k;
  out.cpu_idle = idle * k;
  out.cpu_iowait = iowait * k;
  out.cpu_irq = irq * k;
  out.cpu_steal = steal * k;
}

void parse_meminfo(const std::string& text, HostSample& out) {
  auto field = [&](std::string_view key) {
    auto rest = line_after(text, key);
    uint64_t v = 0;
    if (!rest || !next_number(*rest, v))
      throw std::runtime_error("/proc/meminfo has no " + std::string(key));
    return v;
  };
  out.mem_available_kib = field("MemAvailable:");
  out.mem_total_kib = field("MemTotal:");
}

void parse_loadavg(const std::string& text, HostSample& out) {
  std::string_view s = text;
  double l[3];
  for (double& x : l)
    if (!next_number(s, x)) throw std::runtime_error("/proc/loadavg: malformed");
  out.load1 = l[0], out.load5 = l[1], out.load15 = l[2];
}

Monitor::Monitor(std::filesystem::path file, std::chrono::milliseconds interval,
                 std::function<int64_t()> running, std::filesystem::path proc_root)
    : file_(std::move(file)),
      interval_(interval),
      running_(std::move(running)),
      proc_root_(std::move(proc_root)),
      out_(file_) {
  if (interval_.count() <= 0) throw std::invalid_argument("host monitor: interval must be > 0");
  // The thread blocks the signals itself; they are also blocked around its
  // creation so that it inherits the mask and none lands in between.
  sigset_t block = stop_signals(), old;
  pthread_sigmask(SIG_BLOCK, &block, &old);
  try {
    thread_ = std::thread([this] { run(); });
  } catch (...) {
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    throw;
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

Monitor::~Monitor() {
  stop();
}

void Monitor::stop() {
  std::lock_guard join(join_mu_);
  {
    std::lock_guard lock(mu_);
    stop_requested_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

size_t Monitor::samples_written() const {
  std::lock_guard lock(mu_);
  return written_;
}

void Monitor::run() {
  // Leave SIGINT/SIGTERM to the main thread, whose event loop relies on EINTR.
  block_stop_signals();

  auto start = Clock::now();
  // The baseline reading. If it fails, the first good reading becomes the
  // baseline instead (that line has interval_s 0).
  try {
    prev_cpu_ = parse_proc_stat(read_proc(proc_root_ / "stat"));
    prev_cpu_ns_ = now_ns();
    have_prev_cpu_ = true;
  } catch (const std::exception&) {
  }

  // Sample k is due at start + k * interval, so the schedule does not drift;
  // slots missed while the host was too busy are skipped, not caught up.
  int64_t k = 1;
  std::unique_lock lock(mu_);
  while (true) {
    auto due = start + k * interval_;
    if (cv_.wait_until(lock, due, [this] { return stop_requested_; })) break;
    lock.unlock();
    write_line(sample());
    auto late = Clock::now() - start;
    k = std::max<int64_t>(k + 1, late / interval_ + 1);
    lock.lock();
  }
  lock.unlock();
  if (!have_prev_cpu_ || now_ns() > prev_cpu_ns_) write_line(sample());  // the partial interval
}

HostSample Monitor::sample() {
  HostSample s;
  try {
    CpuTimes cur = parse_proc_stat(read_proc(proc_root_ / "stat"));
    int64_t t = now_ns();
    if (have_prev_cpu_) {
      cpu_fractions(prev_cpu_, cur, s);
      s.interval_s = double(t - prev_cpu_ns_) / 1e9;
    }
    prev_cpu_ = cur, prev_cpu_ns_ = t, have_prev_cpu_ = true;
  } catch (const std::exception& e) {
    append_error(s, e.what());
  }
  try {
    parse_meminfo(read_proc(proc_root_ / "meminfo"), s);
  } catch (const std::exception& e) {
    append_error(s, e.what());
  }
  try {
    parse_loadavg(read_proc(proc_root_ / "loadavg"), s);
  } catch (const std::exception& e) {
    append_error(s, e.what());
  }
  try {
    if (running_) s.running = running_();
  } catch (const std::exception& e) {
    append_error(s, std::string("running: ") + e.what());
  } catch (...) {
    append_error(s, "running: unknown exception");
  }
  s.t_ns = now_ns();
  s.time = utc_now_iso();
  return s;
}

void Monitor::write_line(const HostSample& s) {
  // replace: a non-UTF-8 path in an error must not throw on this thread.
  std::string line =
      to_json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  // Whole or not at all: a line that does not fit (a full disk) is dropped.
  if (out_.append(line) == 0) {
    std::lock_guard lock(mu_);
    ++written_;
  }
}

}  // namespace fcbench::host
