#include "config/suite_loader.hpp"

#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

#include "config/chunk_reader.hpp"
#include "config/list_split.hpp"
#include "config/matrix.hpp"
#include "config/repetitions.hpp"
#include "config/yaml_reader.hpp"
#include "plugin/param_text.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/text.hpp"

namespace fcbench::config {

std::string Location::str() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

namespace {

class Loader : YamlReader {
 public:
  Loader(std::filesystem::path file, const plugin::Registry& plugins, const LoadOptions& opt)
      : YamlReader(std::move(file)), plugins_(plugins), opt_(opt) {}

  Suite load(const std::string& text) {
    if (invalid_utf8_at(text) == std::string::npos)
      if (auto split = split_top_list(text, "benchmarks", kItemsPerChunk)) {
        if (auto s = load_split(text, *split)) return std::move(*s);
        check_syntax(text);  // a part did not parse: the whole text's error, if it has one
      }
    const YAML::Node root = read_yaml(text);
    Suite s = read_head(root, text);
    if (s.workload) return s;
    const YAML::Node benches = root["benchmarks"];
    if (!benches.IsSequence() || benches.size() == 0)
      fail(benches, "'benchmarks' must be a non-empty list");
    Names names;
    add_list(benches, s, names);
    return s;
  }

 private:
  using Names = std::unordered_set<std::string>;
  // yaml-cpp needs ~5 KB per node: a chunk of benchmark entries at a time.
  static constexpr size_t kItemsPerChunk = 512;

  // The suite from the text without its `benchmarks:` list, then the list a
  // chunk at a time; nullopt when a part does not parse as it should (the
  // cut was wrong, or the text is not YAML).
  std::optional<Suite> load_split(const std::string& text, const ListSplit& split) {
    const std::optional<YAML::Node> root = parse_part(split.rest, 0);
    if (!root || !list_key_at(*root, "benchmarks", split.key_line)) return std::nullopt;
    Suite s = read_head(*root, text);
    s.benchmarks.reserve(split.items);  // at least
    Names names;
    names.reserve(split.items);
    ChunkReader chunks(text, split.chunks);
    for (const auto& c : split.chunks) {
      auto list = chunks.next();
      if (!list || !list->IsSequence()) return std::nullopt;
      line_offset_ = c.line;
      check_unique_keys(*list);
      add_list(*list, s, names);
      line_offset_ = 0;
      chunks.give_back(list);
    }
    return s;
  }

  // `part` of the text, which starts on `line` (0-based); nullopt if it is
  // not YAML by itself.
  std::optional<YAML::Node> parse_part(const std::string& part, int line) {
    line_offset_ = line;
    auto n = try_parse_yaml(part);
    line_offset_ = 0;
    return n;
  }

  // `root` is a mapping whose `key` was found on `line` (0-based), empty.
  static bool list_key_at(const YAML::Node& root, const std::string& key, int line) {
    if (!root.IsMap()) return false;
    for (const auto& kv : root)
      if (kv.first.IsScalar() && kv.first.Scalar() == key)
        return kv.first.Mark().line == line && kv.second.IsNull();
    return false;
  }

  // Everything but the benchmarks: name, defaults, host, workload.
  Suite read_head(const YAML::Node& root, const std::string& text) {
    Suite s;
    s.file = file_;
    s.sha256 = sha256_hex(text);
    if (root.IsNull())
      throw ConfigError(Location{file_.string(), 1, 1}.str() + ": the suite is empty");
    if (!root.IsMap())
      fail(root, "a suite must be a mapping with 'name', 'defaults' and 'benchmarks'");
    check_keys(root, {"name", "defaults", "benchmarks", "host", "workload"}, "suite");
    s.name = root["name"] ? scalar(root["name"], "name") : file_.stem().string();
    if (invalid_utf8_at(s.name) != std::string::npos)  // only a file name can be
      fail(root, "the suite has no 'name' and its file name is not valid UTF-8; give it a 'name'");
    if (auto d = root["defaults"]; d && !d.IsNull()) {
      if (!d.IsMap()) fail(d, "'defaults' must be a mapping");
      check_keys(d, kVmKeys, "defaults");
      read_vm(d, s.defaults);
    }
    if (auto h = root["host"]; h && !h.IsNull()) {
      if (!h.IsMap()) fail(h, "'host' must be a mapping");
      check_keys(h, {"smt", "governor", "turbo", "drop_caches", "pin", "cpuset"}, "host");
      read_host(h, s.host);
    }
    auto benches = root["benchmarks"];
    if (auto w = root["workload"]; w && !w.IsNull()) {
      if (benches) fail(w, "a suite has either 'benchmarks' or a 'workload', not both");
      s.workload = read_workload_ref(w);
    } else if (!benches) {
      fail(root, "missing required key 'benchmarks' (or 'workload')");
    }
    return s;
  }

  // The benchmarks of the entries of `list`, in order, each name new. Their
  // jobs are asked for first, a plugin's in one round trip; errors come in
  // the order of the entries.
  void add_list(const YAML::Node& list, Suite& s, Names& names) {
    std::vector<std::pair<YAML::Node, std::vector<Benchmark>>> entries;
    entries.reserve(list.size());  // a Node is copied, not moved, when it grows
    std::exception_ptr stop;       // an entry that could not be read
    for (const auto& b : list) {
      try {
        entries.emplace_back(b, read_benchmark(b, s.defaults));
      } catch (const ConfigError&) {
        stop = std::current_exception();
        break;
      }
    }
    prefetch_jobs(entries);
    for (auto& [b, benches] : entries)
      for (auto& bench : benches) {
        check_job(b, bench);
        if (!names.insert(bench.name).second)
          fail(b, "duplicate benchmark name '" + bench.name + "'; give each a distinct 'name'");
        s.benchmarks.push_back(std::move(bench));
      }
    if (stop) std::rethrow_exception(stop);
  }

  void prefetch_jobs(
      const std::vector<std::pair<YAML::Node, std::vector<Benchmark>>>& entries) const {
    std::map<std::string, std::vector<ParamMap>> by_plugin;
    for (const auto& e : entries)
      for (const auto& bench : e.second) by_plugin[bench.plugin].push_back(bench.params);
    for (const auto& [name, sets] : by_plugin) plugins_.find(name)->prefetch_jobs(sets);
  }

  // workload: FILE, or {file, max_concurrent, baseline: FILE | {repetitions, vmm}}
  WorkloadRef read_workload_ref(const YAML::Node& w) {
    WorkloadRef r;
    r.where = loc(w);
    auto rel = [&](const YAML::Node& n, const std::string& what) {
      std::filesystem::path p = scalar(n, what);
      return p.is_absolute() ? p : file_.parent_path() / p;
    };
    if (w.IsScalar()) {
      r.file = rel(w, "workload");
    } else {
      if (!w.IsMap()) fail(w, "'workload' must be a file name or a mapping with 'file'");
      check_keys(w, {"file", "max_concurrent", "baseline"}, "workload");
      if (!w["file"]) fail(w, "workload is missing required key 'file'");
      r.file = rel(w["file"], "file");
      if (auto n = w["max_concurrent"])
        r.max_concurrent = uint32_t(integer(n, "max_concurrent", 0, 1000000));
      if (auto b = w["baseline"]; b && !b.IsNull()) {
        if (b.IsScalar()) {
          r.baseline = rel(b, "baseline");
        } else {
          if (!b.IsMap()) fail(b, "'baseline' must be a baseline.json path or {repetitions, vmm}");
          check_keys(b, {"repetitions", "vmm"}, "baseline");
          r.baseline_repetitions =
              b["repetitions"] ? uint32_t(integer(b["repetitions"], "repetitions", 1, 10000)) : 5;
          if (auto v = b["vmm"]) {
            r.baseline_vmm = scalar(v, "vmm");
            if (!opt_.vmms.count(r.baseline_vmm)) fail(v, "unknown vmm '" + r.baseline_vmm + "'");
          }
        }
      }
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(r.file, ec))
      fail(w.IsMap() ? w["file"] : w,
           "workload file " + r.file.string() +
               " does not exist (make one with `fcbench generate SPEC.yaml -o FILE`)");
    return r;
  }

  inline static const std::set<std::string> kVmKeys = {
      "vmm",         "accel",         "vcpus",  "mem_mib",
      "repetitions", "timeout_s",     "kernel", "firecracker_mode",
      "jailer",      "primary_metric"};
  inline static const std::set<std::string> kBenchmarkKeys = [] {
    auto keys = kVmKeys;
    keys.insert({"plugin", "params", "name"});
    return keys;
  }();

  static bool has_vm_key(const YAML::Node& m) {
    for (const auto& kv : m)
      if (kv.first.IsScalar() && kVmKeys.count(kv.first.Scalar())) return true;
    return false;
  }

  void read_vm(const YAML::Node& m, VmSettings& vm) {
    if (auto n = m["vmm"]) {
      vm.vmm = scalar(n, "vmm");
      if (!opt_.vmms.count(vm.vmm))
        fail(n,
             fmt::format("unknown vmm '{}' (available: {})", vm.vmm, fmt::join(opt_.vmms, ", ")));
    }
    if (auto n = m["accel"]) {
      vm.accel = scalar(n, "accel");
      if (vm.accel != "auto" && vm.accel != "kvm" && vm.accel != "tcg")
        fail(n, "accel must be auto, kvm or tcg, got '" + vm.accel + "'");
    }
    if (auto n = m["vcpus"]) vm.vcpus = uint32_t(integer(n, "vcpus", 1, 32));
    if (auto n = m["mem_mib"]) vm.mem_mib = uint32_t(integer(n, "mem_mib", 64, 1 << 20));
    read_repetitions(*this, m, vm);
    if (auto n = m["timeout_s"]) {
      vm.timeout_s = number(n, "timeout_s");
      if (!(vm.timeout_s > 0 && vm.timeout_s <= kMaxTimeoutS))
        fail(n, fmt::format("'timeout_s' must be in (0, {:g}] (seconds; a week at most)",
                            kMaxTimeoutS));
    }
    if (auto n = m["kernel"]) {
      std::filesystem::path k = scalar(n, "kernel");
      if (k.is_relative()) k = file_.parent_path() / k;
      std::error_code ec;
      if (!std::filesystem::is_regular_file(k, ec))
        fail(n, "kernel '" + k.string() + "' does not exist or is not a file");
      vm.kernel = std::filesystem::absolute(k).string();
    }
    if (auto n = m["firecracker_mode"]) {
      vm.firecracker_mode = scalar(n, "firecracker_mode");
      if (vm.firecracker_mode != "api" && vm.firecracker_mode != "config-file")
        fail(n, "firecracker_mode must be api or config-file, got '" + vm.firecracker_mode + "'");
    }
    if (auto n = m["jailer"]) vm.jailer = read_jailer(n);
  }

  // The `jailer:` block; `null` (or `jailer: ~`) turns an inherited one off.
  std::optional<Jailer> read_jailer(const YAML::Node& n) {
    if (n.IsNull()) return std::nullopt;
    if (!n.IsMap())
      fail(n,
           "'jailer' must be a mapping with uid, gid and optional chroot_base, "
           "cgroup_version, cpuset_cpus");
    check_keys(n, {"uid", "gid", "chroot_base", "cgroup_version", "cpuset_cpus"}, "jailer");
    Jailer j;
    for (const char* k : {"uid", "gid"})
      if (!n[k]) fail(n, std::string("jailer is missing required key '") + k + "'");
    j.uid = uint32_t(integer(n["uid"], "uid", 0, UINT32_MAX - 1));
    j.gid = uint32_t(integer(n["gid"], "gid", 0, UINT32_MAX - 1));
    if (auto c = n["chroot_base"]) {
      j.chroot_base = scalar(c, "chroot_base");
      if (j.chroot_base.is_relative() || j.chroot_base == "/")
        fail(c, "'chroot_base' must be an absolute directory other than /");
    }
    if (auto c = n["cgroup_version"]) j.cgroup_version = int(integer(c, "cgroup_version", 1, 2));
    if (auto c = n["cpuset_cpus"]) {
      j.cpuset_cpus = scalar(c, "cpuset_cpus");
      if (j.cpuset_cpus.empty() ||
          j.cpuset_cpus.find_first_not_of("0123456789,-") != std::string::npos)
        fail(c, "'cpuset_cpus' must be a CPU list such as 2-3 or 0,2, got '" + j.cpuset_cpus + "'");
    }
    return j;
  }

  void read_host(const YAML::Node& m, host::Settings& h) const {
    for (const char* key : {"smt", "turbo"})
      if (auto n = m[key]) {
        auto t = host::parse_toggle(scalar(n, key));
        if (!t)
          fail(n, std::string("'") + key + "' must be on, off or keep, got '" + n.Scalar() + "'");
        (std::string(key) == "smt" ? h.smt : h.turbo) = *t;
      }
    if (auto n = m["governor"]) {
      auto g = host::parse_governor(scalar(n, "governor"));
      if (!g)
        fail(n, "'governor' must be a cpufreq governor name (e.g. performance) or keep, got '" +
                    n.Scalar() + "'");
      h.governor = *g;
    }
    if (auto n = m["drop_caches"]) h.drop_caches = boolean(n, "drop_caches");
    if (auto n = m["pin"]) h.pin = boolean(n, "pin");
    if (auto n = m["cpuset"]) {
      auto c = host::parse_cpuset(scalar(n, "cpuset"));
      if (!c) fail(n, "'cpuset' must be a CPU list such as 0-3 or 0,2, got '" + n.Scalar() + "'");
      h.cpuset = *c;
    }
  }

  bool boolean(const YAML::Node& n, const std::string& what) const {
    std::string s = scalar(n, what);
    if (auto b = plugin::parse_bool(s)) return *b;
    fail(n, "'" + what + "' must be true or false, got '" + s + "'");
  }

  // Checks one scalar against the parameter's type; returns canonical text.
  std::string param_value(const YAML::Node& n, const plugin::ParamDef& def) const {
    return param_scalar(n, def, " or a list of them");
  }

  std::vector<Benchmark> read_benchmark(const YAML::Node& b, const VmSettings& defaults) {
    if (!b.IsMap()) fail(b, "each benchmark must be a mapping with at least 'plugin'");
    check_keys(b, kBenchmarkKeys, "benchmark");
    if (!b["plugin"]) fail(b, "benchmark is missing required key 'plugin'");
    auto plug = plugin_named(b["plugin"], plugins_);
    const std::string& pname = plug->name();
    VmSettings vm = defaults;
    if (has_vm_key(b)) read_vm(b, vm);  // most have none: skip the lookups
    std::string base = b["name"] ? scalar(b["name"], "name") : pname;

    std::vector<Axis> axes;
    YAML::Node params = b["params"];
    if (params && !params.IsNull()) {
      if (!params.IsMap()) fail(params, "'params' must be a mapping of parameter names to values");
      for (const auto& kv : params) {
        const plugin::ParamDef& def = param_named(kv.first, *plug);
        const std::string& key = def.name;
        Axis axis{key, {}};
        if (kv.second.IsSequence()) {
          if (kv.second.size() == 0) fail(kv.second, "parameter '" + key + "' has an empty list");
          for (const auto& v : kv.second) axis.second.push_back(param_value(v, def));
        } else {
          axis.second.push_back(param_value(kv.second, def));
        }
        axes.push_back(std::move(axis));
      }
    }

    std::vector<Benchmark> out;
    for (auto& point : expand_matrix(axes)) {
      Benchmark bench;
      bench.plugin = pname;
      bench.params = plug->with_defaults(point);
      for (auto& d : plug->params()) bench.param_types[d.name] = d.type;
      bench.vm = vm;
      bench.where = loc(b);
      bench.name = matrix_label(base, axes, point);
      out.push_back(std::move(bench));
    }
    return out;
  }

  // The plugin accepts `bench`'s parameters and its VM is large enough.
  void check_job(const YAML::Node& b, const Benchmark& bench) const {
    const YAML::Node params = b["params"];
    const YAML::Node& blame = params && !params.IsNull() ? params : b;
    try {
      auto job = plugins_.find(bench.plugin)->describe_job(bench.params);
      const auto& r = job.requirements;
      if (bench.vm.vcpus < r.min_vcpus)
        fail(b, "benchmark '" + bench.name + "' needs at least " + std::to_string(r.min_vcpus) +
                    " vCPUs (vcpus is " + std::to_string(bench.vm.vcpus) + ")");
      if (bench.vm.mem_mib < r.min_mem_mib)
        fail(b, "benchmark '" + bench.name + "' needs at least " + std::to_string(r.min_mem_mib) +
                    " MiB of memory (mem_mib is " + std::to_string(bench.vm.mem_mib) + ")");
    } catch (const plugin::PluginError& e) {
      fail(blame, "invalid parameters for plugin '" + bench.plugin + "': " + e.what());
    }
  }

  const plugin::Registry& plugins_;
  const LoadOptions& opt_;
};

}  // namespace

Suite parse_suite(const std::string& text, const std::filesystem::path& file,
                  const plugin::Registry& plugins, const LoadOptions& opt) {
  return Loader(file, plugins, opt).load(text);
}

Suite load_suite(const std::filesystem::path& file, const plugin::Registry& plugins,
                 const LoadOptions& opt) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw UserError("suite file not found: " + file.string(), 2);
  return parse_suite(read_file(file), file, plugins, opt);
}

}  // namespace fcbench::config
