// Writes a synthetic results directory for the report benchmark: N records
// shaped like `fcbench run` writes them (results::to_json), a mix of
// statuses, 4 plugin metrics each, overlapping arrivals, a host.jsonl and an
// env.json. Deterministic (seeded).
//   fcbench_gen_results DIR N
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "host/monitor.hpp"
#include "results/record.hpp"

using namespace fcbench;

namespace {

results::Record make(size_t i, std::mt19937_64& rng, int64_t& clock_ns) {
  static const char* plugins[] = {"prime", "dd", "stream", "sysbench"};
  std::normal_distribution<double> noise(1.0, 0.05);
  std::exponential_distribution<double> gap(2000.0);  // 2000 arrivals/s
  results::Record r;
  const size_t p = i % 4;
  r.id = fmt::format("{:07}-{}-r{}", i + 1, plugins[p], i / 4 + 1);
  r.suite = "bench";
  r.benchmark = fmt::format("{}-{}", plugins[p], i % 3);
  r.plugin = plugins[p];
  r.params = {{"n", std::to_string(1000 * (i % 3 + 1))}, {"method", "trial"}};
  r.param_types = {{"n", FCB_PARAM_INT}, {"method", FCB_PARAM_STRING}};
  r.repetition = uint32_t(i / 4 + 1);
  r.vmm = "qemu";
  r.accel = "tcg";
  r.mem_mib = 256;
  clock_ns += int64_t(gap(rng) * 1e9);
  r.scheduled_ns = r.started_ns = r.ts.launched = clock_ns;
  const int roll = int(rng() % 100);
  r.status = roll < 94   ? results::Status::ok
             : roll < 97 ? results::Status::failed
             : roll < 99 ? results::Status::timeout
                         : results::Status::interrupted;
  r.started_at = "2026-12-02T08:00:00.000Z";
  r.env = {{"host_kernel", "6.1.0-28-cloud-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1"},
           {"host_arch", "x86_64"},
           {"cpu_model", "Intel(R) Xeon(R) CPU @ 2.20GHz"},
           {"vmm_version", "QEMU emulator version 7.2.15"}};
  r.env_id = "3f5e0c1d2b4a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0";
  if (r.status != results::Status::ok) {
    r.error = roll < 97 ? "guest exited with status 1" : "timed out after 120 s";
    r.ts.exited = clock_ns + 5'000'000'000;
    return r;
  }
  const double scale = noise(rng);
  r.ts.guest_booted = clock_ns + int64_t(2.1e9 * scale);
  r.ts.payload_start = clock_ns + int64_t(2.4e9 * scale);
  r.ts.payload_end = r.ts.payload_start + int64_t(0.8e9 * scale);
  r.ts.exited = r.ts.payload_end + 150'000'000;
  r.guest_payload_ns = r.ts.payload_end - r.ts.payload_start;
  r.vmm_exit_code = 0;
  r.payload_exit_status = 0;
  r.process_usage = results::ProcessUsage{2900.0 * scale, 310.0 * scale};
  r.metrics = {{"runtime", 800 * scale, "ms", false},
               {"ops", 1.2e6 / scale, "ops/s", true},
               {"checksum_ok", 1, "bool", true},
               {"bytes", 4096 * scale, "MiB", true}};
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: fcbench_gen_results DIR N\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const size_t n = std::stoul(argv[2]);
  std::filesystem::create_directories(dir);
  std::mt19937_64 rng(42);
  int64_t clock_ns = 1'000'000'000'000;
  std::ofstream out(dir / "results.jsonl");
  for (size_t i = 0; i < n; ++i) out << results::to_json(make(i, rng, clock_ns)).dump() << '\n';
  std::ofstream host(dir / "host.jsonl");
  for (int64_t t = 1'000'000'000'000; t <= clock_ns; t += 1'000'000'000) {
    host::HostSample s;
    s.t_ns = t;
    s.interval_s = 1;
    s.cpu_user = 60 + double(rng() % 30), s.cpu_system = 10, s.cpu_idle = 100 - s.cpu_user - 10;
    s.mem_available_kib = 20'000'000 - rng() % 1'000'000, s.mem_total_kib = 24'000'000;
    s.load1 = 2 + double(rng() % 100) / 50;
    s.running = int64_t(rng() % 40);
    host << host::to_json(s).dump() << '\n';
  }
  std::ofstream(dir / "env.json") << nlohmann::json{
      {"host",
       {{"cpu_model", "Intel(R) Xeon(R) CPU @ 2.20GHz"},
        {"host_kernel", "6.1.0-28-cloud-amd64"},
        {"cpu_threads", 2}}}}.dump(2);
  return 0;
}
