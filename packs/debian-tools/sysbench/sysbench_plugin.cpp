// sysbench: Debian's sysbench 1.0 built-in tests (cpu, memory, threads,
// mutex): events/s, MiB/s, total time and latency, as the test reports them.
#include <algorithm>
#include <cstdlib>
#include <fcbench/plugin.hpp>
#include <map>
#include <string>
#include <vector>

#include "../common/size.hpp"

namespace sdk = fcbench::sdk;

namespace {

using Section = std::map<std::string, std::string>;

struct Limit {
  const char* param;
  int64_t lo, hi;
};
// Integer parameters and their ranges; sysbench's option is the name with
// '-' for '_' (cpu_max_prime -> --cpu-max-prime).
const Limit kLimits[] = {{"threads", 1, 64},
                         {"time_s", 1, 3600},
                         {"percentile", 1, 99},
                         {"cpu_max_prime", 3, 100'000'000},
                         {"thread_yields", 1, 1'000'000},
                         {"thread_locks", 1, 1'000'000},
                         {"mutex_num", 1, 1'000'000},
                         {"mutex_locks", 1, 1'000'000'000},
                         {"mutex_loops", 0, 1'000'000'000}};

int64_t checked_int(const sdk::Params& p, const char* name) {
  for (auto& l : kLimits) {
    if (std::string(l.param) != name) continue;
    int64_t v = p.integer(name);
    if (v < l.lo || v > l.hi)
      throw sdk::Error("parameter " + std::string(name) + " must be in [" + std::to_string(l.lo) +
                       ", " + std::to_string(l.hi) + "], got " + std::to_string(v));
    return v;
  }
  throw sdk::Error(std::string("sysbench plugin: no limits for parameter ") + name);
}

std::string option(const std::string& param, const std::string& value) {
  std::string o = "--" + param + "=" + value;
  std::replace(o.begin(), o.end() - value.size() - 1, '_', '-');
  return o;
}

// The test-specific options, after checking the test's parameters.
std::vector<std::string> test_options(const sdk::Params& p, const std::string& test) {
  std::vector<std::string> o;
  auto num = [&](const char* name) {
    o.push_back(option(name, std::to_string(checked_int(p, name))));
  };
  if (test == "cpu") {
    num("cpu_max_prime");
  } else if (test == "memory") {
    for (const char* size : {"memory_block_size", "memory_total_size"}) {
      int64_t bytes = debian_tools::parse_size(size, p.str(size));
      if (bytes < 1) throw sdk::Error(std::string("parameter ") + size + " must be positive");
      o.push_back(option(size, std::to_string(bytes)));
    }
    const std::string& oper = p.str("memory_oper");
    if (oper != "read" && oper != "write")
      throw sdk::Error("parameter memory_oper must be read or write, got '" + oper + "'");
    o.push_back(option("memory_oper", oper));
  } else if (test == "threads") {
    num("thread_yields");
    num("thread_locks");
  } else if (test == "mutex") {
    num("mutex_num");
    num("mutex_locks");
    num("mutex_loops");
  } else {
    throw sdk::Error("parameter test must be cpu, memory, threads or mutex, got '" + test + "'");
  }
  return o;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

// The "key: value" lines after the line `header` up to the next blank line.
Section section(std::string_view out, const std::string& header) {
  size_t at = out.find("\n" + header + "\n");
  if (at == std::string_view::npos)
    throw sdk::Error("sysbench output has no '" + header + "' section (truncated?)");
  Section s;
  std::string_view rest = out.substr(at + header.size() + 2);
  while (!rest.empty()) {
    size_t eol = rest.find('\n');
    std::string line = trim(rest.substr(0, eol));
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
    if (line.empty()) break;
    size_t colon = line.rfind(':');
    if (colon == std::string::npos) continue;
    s[trim(line.substr(0, colon))] = trim(line.substr(colon + 1));
  }
  return s;
}

// The leading number of section[key] ("1.0201s" -> 1.0201).
double number(const Section& s, const std::string& header, const std::string& key) {
  auto it = s.find(key);
  if (it == s.end()) throw sdk::Error("sysbench output: '" + header + "' has no '" + key + "'");
  char* end = nullptr;
  double v = std::strtod(it->second.c_str(), &end);
  if (end == it->second.c_str() || !(v - v == 0) || v < 0)
    throw sdk::Error("sysbench output: '" + header + "' has a bad '" + key + "': '" + it->second +
                     "'");
  return v;
}

// "<label> <number>" anywhere in the output, e.g. "MiB transferred (" 927.46.
double after(std::string_view out, const std::string& label) {
  auto v = sdk::number_after(out, label);
  if (!v || !(*v - *v == 0) || *v < 0)
    throw sdk::Error("sysbench output has no number after '" + label + "'");
  return *v;
}

void check_threads(std::string_view out, int64_t threads) {
  if (after(out, "Number of threads:") != double(threads))
    throw sdk::Error("sysbench output is not for threads=" + std::to_string(threads));
}

}  // namespace

namespace {

const char* const kGeneral = "General statistics:";
const char* const kLatency = "Latency (ms):";

// Average, chosen percentile and maximum latency of one event, in ms.
void add_latency(std::vector<sdk::Metric>& m, std::string_view out, int64_t percentile) {
  Section lat = section(out, kLatency);
  std::string p = std::to_string(percentile);
  m.push_back({"latency_avg", number(lat, kLatency, "avg"), "ms", sdk::Better::Lower});
  m.push_back(
      {"latency_p" + p, number(lat, kLatency, p + "th percentile"), "ms", sdk::Better::Lower});
  m.push_back({"latency_max", number(lat, kLatency, "max"), "ms", sdk::Better::Lower});
}

// The number after `inner` on the line that holds `label`.
double on_line(std::string_view out, const std::string& label, const std::string& inner) {
  size_t at = out.find(label);
  if (at == std::string_view::npos) throw sdk::Error("sysbench output has no '" + label + "'");
  std::string_view line = out.substr(at, out.find('\n', at) - at);
  auto v = sdk::number_after(line, inner);
  if (!v || !(*v - *v == 0) || *v < 0)
    throw sdk::Error("sysbench output: '" + std::string(line) + "' has no number after '" + inner +
                     "'");
  return *v;
}

std::vector<sdk::Metric> test_metrics(std::string_view out, const std::string& test) {
  Section general = section(out, kGeneral);
  double seconds = number(general, kGeneral, "total time");
  double events = number(general, kGeneral, "total number of events");
  if (events <= 0 || seconds <= 0)
    throw sdk::Error("sysbench output: no events ran (total time " + general["total time"] +
                     ", events " + general["total number of events"] + ")");
  if (test == "cpu")
    return {{"events_per_s", after(out, "events per second:"), "events/s", sdk::Better::Higher}};
  if (test == "memory")
    return {{"throughput", on_line(out, "MiB transferred", "("), "MiB/s", sdk::Better::Higher},
            {"ops_per_s", on_line(out, "Total operations:", "("), "ops/s", sdk::Better::Higher}};
  if (test == "threads")
    return {{"events_per_s", events / seconds, "events/s", sdk::Better::Higher}};
  return {{"total_time", seconds * 1e3, "ms", sdk::Better::Lower}};  // mutex
}

}  // namespace

struct Sysbench {
  static sdk::Info info() {
    using T = sdk::ParamType;
    return {"sysbench",
            "1.0.0",
            "sysbench cpu, memory, threads or mutex: events/s, MiB/s or time, and latency",
            {{"test", T::String, "cpu", "cpu, memory, threads or mutex"},
             {"threads", T::Int, "1", "worker threads (1 to 64)"},
             {"time_s", T::Int, "2", "stop after this many seconds (1 to 3600)"},
             {"percentile", T::Int, "99", "latency percentile to report (1 to 99)"},
             {"cpu_max_prime", T::Int, "2000", "cpu: primes are checked up to this"},
             {"memory_block_size", T::String, "1k", "memory: block size (e.g. 1k, 1m)"},
             {"memory_total_size", T::String, "64m", "memory: total to transfer"},
             {"memory_oper", T::String, "write", "memory: read or write"},
             {"thread_yields", T::Int, "100", "threads: yields per lock"},
             {"thread_locks", T::Int, "4", "threads: mutexes"},
             {"mutex_num", T::Int, "1024", "mutex: mutexes in the array"},
             {"mutex_locks", T::Int, "10000", "mutex: locks per thread"},
             {"mutex_loops", T::Int, "1000", "mutex: empty loops outside the lock"}},
            {sdk::PayloadFile::host_binary("sysbench", "/usr/bin/sysbench")}};
  }

  sdk::Job job(const sdk::Params& p) {
    const std::string& test = p.str("test");
    std::vector<std::string> opts = test_options(p, test);
    sdk::Job j;
    j.argv = {"/usr/bin/sysbench", test};
    for (const char* name : {"threads", "percentile"})
      j.argv.push_back(option(name, std::to_string(checked_int(p, name))));
    j.argv.push_back(option("time", std::to_string(checked_int(p, "time_s"))));
    j.argv.push_back("--events=0");
    j.argv.insert(j.argv.end(), opts.begin(), opts.end());
    j.argv.push_back("run");
    j.requirements = {1, 128, 16};
    return j;
  }

  std::vector<sdk::Metric> parse(const sdk::Output& out) {
    sdk::require_success(out);
    const std::string& test = out.params.str("test");
    test_options(out.params, test);  // validates
    check_threads(out.out, checked_int(out.params, "threads"));
    std::vector<sdk::Metric> m = test_metrics(out.out, test);
    add_latency(m, out.out, checked_int(out.params, "percentile"));
    return m;
  }
};

FCBENCH_PLUGIN(Sysbench)
