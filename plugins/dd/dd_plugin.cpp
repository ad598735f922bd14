// dd: block I/O benchmark that writes a file on the instance's write disk
// and flushes it with fsync (optionally with O_DIRECT).
#include <cmath>
#include <cstdlib>
#include <fcbench/plugin.hpp>
#include <map>
#include <string>
#include <vector>

namespace sdk = fcbench::sdk;

namespace {

constexpr int64_t kMaxSizeMib = 64 * 1024;
constexpr int64_t kMaxBlockKib = 64 * 1024;

struct Settings {
  int64_t size_mib, block_kib;
  bool direct;
};

Settings checked(const sdk::Params& p) {
  Settings s{p.integer("size_mib"), p.integer("block_kib"), p.boolean("direct")};
  if (s.size_mib < 1 || s.size_mib > kMaxSizeMib)
    throw sdk::Error("parameter size_mib must be in [1, " + std::to_string(kMaxSizeMib) +
                     "], got " + std::to_string(s.size_mib));
  if (s.block_kib < 1 || s.block_kib > kMaxBlockKib)
    throw sdk::Error("parameter block_kib must be in [1, " + std::to_string(kMaxBlockKib) +
                     "], got " + std::to_string(s.block_kib));
  if (s.size_mib * 1024 % s.block_kib != 0)
    throw sdk::Error("parameter block_kib (" + std::to_string(s.block_kib) +
                     ") must divide size_mib*1024 (" + std::to_string(s.size_mib * 1024) + ")");
  if (s.direct && s.block_kib % 4 != 0)
    throw sdk::Error("with direct=true, block_kib must be a multiple of 4, got " +
                     std::to_string(s.block_kib));
  return s;
}

}  // namespace

struct Dd {
  static sdk::Info info() {
    return {
        "dd",
        "1.0.0",
        "Block I/O: writes size_mib MiB to the write disk in block_kib blocks, then fsync",
        {{"size_mib", sdk::ParamType::Int, "16", "MiB to write (1 to 65536)"},
         {"block_kib", sdk::ParamType::Int, "1024", "write size in KiB; must divide size_mib*1024"},
         {"direct", sdk::ParamType::Bool, "false",
          "open with O_DIRECT (block_kib must then be a multiple of 4)"}},
        {sdk::PayloadFile::bundled("dd.payload/dd", "/opt/fcbench/dd/dd")}};
  }

  sdk::Job job(const sdk::Params& p) {
    Settings s = checked(p);
    sdk::Job j;
    j.argv = {"/opt/fcbench/dd/dd", "dd.out", std::to_string(s.size_mib),
              std::to_string(s.block_kib), s.direct ? "1" : "0"};
    // Room for the file plus ext4 metadata and journal; one block in memory.
    j.requirements = {1, static_cast<uint32_t>(64 + s.block_kib / 1024 + 1),
                      static_cast<uint32_t>(s.size_mib + s.size_mib / 8 + 16)};
    return j;
  }

  std::vector<sdk::Metric> parse(const sdk::Output& out) {
    sdk::require_success(out);
    Settings s = checked(out.params);
    sdk::Fields kv(out.out, "dd output");
    double bytes = kv.number("bytes");
    double want = static_cast<double>(s.size_mib) * 1024 * 1024;
    if (bytes != want)
      throw sdk::Error("dd output says " + kv["bytes"] + " bytes were written, expected " +
                       std::to_string(static_cast<int64_t>(want)));
    if (kv.number("direct") != (s.direct ? 1 : 0))
      throw sdk::Error("dd output has direct: " + kv["direct"] + ", but parameter direct is " +
                       (s.direct ? "true" : "false"));
    double runtime = kv.number("runtime_ms");
    if (runtime <= 0)
      throw sdk::Error("dd output has a non-positive runtime_ms: " + kv["runtime_ms"]);
    return {{"throughput", static_cast<double>(s.size_mib) / (runtime / 1e3), "MiB/s",
             sdk::Better::Higher},
            {"runtime", runtime, "ms", sdk::Better::Lower}};
  }
};

FCBENCH_PLUGIN(Dd)
