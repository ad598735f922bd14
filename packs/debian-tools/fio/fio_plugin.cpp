// fio: block I/O on the instance's write disk with Debian's fio
// (--output-format=json): IOPS, bandwidth and completion-latency
// percentiles for each direction the rw pattern exercises.
#include <algorithm>
#include <fcbench/plugin.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../common/size.hpp"

namespace sdk = fcbench::sdk;
using nlohmann::json;

namespace {

constexpr int64_t kMaxBs = 16 << 20;
constexpr int64_t kMaxSize = int64_t(4) << 30;
const char* const kRw[] = {"read", "write", "randread", "randwrite", "readwrite", "randrw"};
// --percentile_list; fio prints each as "<p>.000000"-style keys.
const char* const kPercentiles[][2] = {
    {"50.000000", "p50"}, {"99.000000", "p99"}, {"99.900000", "p99_9"}};

struct Settings {
  std::string rw, ioengine;
  int64_t bs, size, iodepth, runtime_s;
  bool direct;
  bool reads() const { return rw.find("read") != std::string::npos || rw == "randrw"; }
  bool writes() const { return rw.find("write") != std::string::npos || rw == "randrw"; }
};

std::string range_error(const std::string& param, int64_t lo, int64_t hi, int64_t got) {
  return "parameter " + param + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) +
         "], got " + std::to_string(got);
}

Settings checked(const sdk::Params& p) {
  Settings s{p.str("rw"),
             p.str("ioengine"),
             debian_tools::parse_size("bs", p.str("bs")),
             debian_tools::parse_size("size", p.str("size")),
             p.integer("iodepth"),
             p.integer("runtime_s"),
             p.boolean("direct")};
  if (std::find(std::begin(kRw), std::end(kRw), s.rw) == std::end(kRw))
    throw sdk::Error(
        "parameter rw must be one of read, write, randread, randwrite, readwrite, "
        "randrw; got '" +
        s.rw + "'");
  if (s.ioengine != "psync" && s.ioengine != "libaio")
    throw sdk::Error("parameter ioengine must be psync or libaio, got '" + s.ioengine + "'");
  if (s.bs < 512 || s.bs > kMaxBs || s.bs % 512 != 0)
    throw sdk::Error("parameter bs must be a multiple of 512 in [512, 16m], got '" + p.str("bs") +
                     "'");
  if (s.size < s.bs || s.size > kMaxSize || s.size % s.bs != 0)
    throw sdk::Error("parameter size must be a multiple of bs (" + p.str("bs") +
                     ") up to 4g, got '" + p.str("size") + "'");
  if (s.iodepth < 1 || s.iodepth > 256) throw sdk::Error(range_error("iodepth", 1, 256, s.iodepth));
  if (s.iodepth > 1 && s.ioengine == "psync")
    throw sdk::Error("parameter iodepth > 1 needs ioengine=libaio (psync is synchronous)");
  if (s.runtime_s < 1 || s.runtime_s > 3600)
    throw sdk::Error(range_error("runtime_s", 1, 3600, s.runtime_s));
  return s;
}

// The number at `path` under `j`; `where` names j in the message.
double number_at(const json& j, std::initializer_list<const char*> path, std::string where) {
  const json* cur = &j;
  for (const char* key : path) {
    where += std::string(".") + key;
    if (!cur->is_object() || !cur->contains(key))
      throw sdk::Error("fio JSON output has no " + where);
    cur = &(*cur)[key];
  }
  if (!cur->is_number()) throw sdk::Error("fio JSON output: " + where + " is not a number");
  return cur->get<double>();
}

// The output's single job, checked against the parameters.
const json& the_job(const json& doc, const Settings& s) {
  if (!doc.is_object() || !doc.contains("jobs") || !doc["jobs"].is_array())
    throw sdk::Error("fio JSON output has no 'jobs' array");
  if (doc["jobs"].size() != 1)
    throw sdk::Error("fio JSON output has " + std::to_string(doc["jobs"].size()) +
                     " jobs, expected 1");
  const json& job = doc["jobs"][0];
  if (double err = number_at(job, {"error"}, "jobs[0]"); err != 0)
    throw sdk::Error("fio job failed with error " + std::to_string(int(err)));
  const json* rw = job.contains("job options") ? &job["job options"] : nullptr;
  if (!rw || !rw->contains("rw") || (*rw)["rw"] != s.rw)
    throw sdk::Error("fio JSON output is not for rw=" + s.rw +
                     (rw && rw->contains("rw") ? " (it says rw=" + (*rw)["rw"].dump() + ")" : ""));
  return job;
}

void add_direction(std::vector<sdk::Metric>& m, const json& job, const std::string& dir) {
  std::string where = "jobs[0]." + dir;
  if (number_at(job, {dir.c_str(), "total_ios"}, "jobs[0]") <= 0)
    throw sdk::Error("fio did no " + dir + " I/O (" + where + ".total_ios is 0)");
  m.push_back({dir + "_iops", number_at(job, {dir.c_str(), "iops"}, "jobs[0]"), "IOPS",
               sdk::Better::Higher});
  m.push_back({dir + "_bw", number_at(job, {dir.c_str(), "bw_bytes"}, "jobs[0]") / (1 << 20),
               "MiB/s", sdk::Better::Higher});
  for (auto& [key, name] : kPercentiles)
    m.push_back({dir + "_clat_" + name,
                 number_at(job, {dir.c_str(), "clat_ns", "percentile", key}, "jobs[0]") / 1e3, "us",
                 sdk::Better::Lower});
}

// fio may print notes before the JSON document: it starts at the first
// line that begins with '{'.
json parse_document(std::string_view out) {
  size_t start = out.rfind('{', 0) == 0 ? 0 : out.find("\n{");
  if (out.empty() || start == std::string_view::npos)
    throw sdk::Error("fio output has no JSON document (no line starts with '{')");
  try {
    return json::parse(out.substr(start == 0 ? 0 : start + 1));
  } catch (const json::exception& e) {
    throw sdk::Error(std::string("fio JSON output is malformed: ") + e.what());
  }
}

}  // namespace

struct Fio {
  static sdk::Info info() {
    return {"fio",
            "1.0.0",
            "Block I/O with fio on the write disk: IOPS, MiB/s, completion-latency percentiles",
            {{"rw", sdk::ParamType::String, "randread",
              "read, write, randread, randwrite, readwrite or randrw"},
             {"bs", sdk::ParamType::String, "4k", "block size (512 to 16m, a multiple of 512)"},
             {"size", sdk::ParamType::String, "16m", "file size (a multiple of bs, up to 4g)"},
             {"iodepth", sdk::ParamType::Int, "1", "I/Os in flight (1 to 256; >1 needs libaio)"},
             {"ioengine", sdk::ParamType::String, "psync", "psync or libaio"},
             {"direct", sdk::ParamType::Bool, "true", "O_DIRECT (bypass the guest page cache)"},
             {"runtime_s", sdk::ParamType::Int, "10", "stop after this many seconds (1 to 3600)"}},
            {sdk::PayloadFile::host_binary("fio", "/usr/bin/fio")}};
  }

  sdk::Job job(const sdk::Params& p) {
    Settings s = checked(p);
    sdk::Job j;
    j.argv = {"/usr/bin/fio",
              "--output-format=json",
              "--name=fcbench",
              "--filename=fio.dat",
              "--rw=" + s.rw,
              "--bs=" + std::to_string(s.bs),
              "--size=" + std::to_string(s.size),
              "--iodepth=" + std::to_string(s.iodepth),
              "--ioengine=" + s.ioengine,
              std::string("--direct=") + (s.direct ? "1" : "0"),
              "--runtime=" + std::to_string(s.runtime_s),
              "--percentile_list=50:99:99.9"};
    // The file plus ext4 metadata and journal.
    j.requirements = {1, 128, static_cast<uint32_t>((s.size + s.size / 8) / (1 << 20) + 32)};
    return j;
  }

  std::vector<sdk::Metric> parse(const sdk::Output& out) {
    sdk::require_success(out);
    Settings s = checked(out.params);
    json doc = parse_document(out.out);
    const json& job = the_job(doc, s);
    std::vector<sdk::Metric> m;
    if (s.reads()) add_direction(m, job, "read");
    if (s.writes()) add_direction(m, job, "write");
    return m;
  }
};

FCBENCH_PLUGIN(Fio)
