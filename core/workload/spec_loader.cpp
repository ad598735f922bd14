#include "workload/spec_loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <sstream>

#include "config/yaml_reader.hpp"
#include "plugin/param_text.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/number.hpp"

namespace fcbench::workload {

namespace {

class Loader : config::YamlReader {
 public:
  Loader(std::filesystem::path file, const plugin::Registry& plugins)
      : YamlReader(std::move(file)), plugins_(plugins) {}

  Spec load(const std::string& text) {
    const YAML::Node root = read_yaml(text);
    if (root.IsNull()) throw ConfigError(file_.string() + ":1:1: the workload spec is empty");
    if (!root.IsMap()) fail(root, "a workload spec must be a mapping");
    check_keys(root, {"seed", "instances", "duration_s", "arrival", "vm", "mix"}, "workload spec");
    Spec s;
    if (auto n = root["seed"]; n && !n.IsNull()) s.seed = seed(n);
    read_arrival(root, s);
    if (auto vm = root["vm"]; vm && !vm.IsNull()) {
      if (!vm.IsMap()) fail(vm, "'vm' must be a mapping with vcpus and mem_mib");
      check_keys(vm, {"vcpus", "mem_mib"}, "vm");
      if (auto n = vm["vcpus"]) s.vcpus = uint32_t(integer(n, "vcpus", 1, 32));
      if (auto n = vm["mem_mib"]) s.mem_mib = uint32_t(integer(n, "mem_mib", 64, 1 << 20));
    }
    auto mix = root["mix"];
    if (!mix) fail(root, "missing required key 'mix'");
    if (!mix.IsSequence() || mix.size() == 0) fail(mix, "'mix' must be a non-empty list");
    for (const auto& e : mix) s.mix.push_back(read_entry(e));
    return s;
  }

 private:
  double positive(const YAML::Node& n, const std::string& what) const {
    double v = number(n, what);
    if (v <= 0) fail(n, "'" + what + "' must be positive");
    return v;
  }

  uint64_t seed(const YAML::Node& n) const {
    std::string s = scalar(n, "seed");
    auto v = parse_number<uint64_t>(s);
    if (!v) fail(n, "'seed' must be an integer from 0 to 18446744073709551615, got '" + s + "'");
    return *v;
  }

  void read_arrival(const YAML::Node& root, Spec& s) const {
    auto a = root["arrival"];
    if (!a) fail(root, "missing required key 'arrival'");
    if (!a.IsMap() || !a["process"])
      fail(a, "'arrival' must be a mapping with 'process' (poisson, uniform, burst or trace)");
    std::string p = scalar(a["process"], "process");
    auto n_inst = root["instances"];
    auto dur = root["duration_s"];
    if (dur) s.duration_s = within_30_days(dur, positive(dur, "duration_s"), "duration_s");
    if (p == "poisson" || p == "uniform") {
      check_keys(a, {"process"}, "arrival (" + p + ")");
      s.arrival.process = p == "poisson" ? Process::Poisson : Process::Uniform;
      if (!dur) fail(root, "missing required key 'duration_s' (the span " + p + " arrivals cover)");
    } else if (p == "burst") {
      check_keys(a, {"process", "size", "interval_s"}, "arrival (burst)");
      s.arrival.process = Process::Burst;
      if (!a["size"] || !a["interval_s"]) fail(a, "a burst arrival needs 'size' and 'interval_s'");
      s.arrival.burst_size = uint32_t(integer(a["size"], "size", 1, 1000000));
      s.arrival.interval_s = positive(a["interval_s"], "interval_s");
    } else if (p == "trace") {
      check_keys(a, {"process", "file"}, "arrival (trace)");
      s.arrival.process = Process::Trace;
      if (!a["file"]) fail(a, "a trace arrival needs 'file'");
      s.arrival.trace_file = scalar(a["file"], "file");
      s.arrival.trace_offsets_s = read_trace(a["file"], s.arrival.trace_file);
      uint64_t lines = s.arrival.trace_offsets_s.size();
      if (!n_inst) {
        s.instances = lines;
        return;
      }
      s.instances = uint64_t(integer(n_inst, "instances", 1, 100000000));
      if (s.instances != lines)
        fail(n_inst, "'instances' is " + std::to_string(s.instances) + " but the trace has " +
                         std::to_string(lines) + " offsets; make them agree or omit 'instances'");
      return;
    } else {
      fail(a["process"],
           "unknown arrival process '" + p + "' (allowed: poisson, uniform, burst, trace)");
    }
    if (!n_inst) fail(root, "missing required key 'instances'");
    s.instances = uint64_t(integer(n_inst, "instances", 1, 100000000));
    if (p == "burst")
      within_30_days(a["interval_s"],
                     double((s.instances - 1) / s.arrival.burst_size) * s.arrival.interval_s,
                     "the last burst (interval_s x bursts)");
  }

  // `v` seconds, if no later than the latest arrival a workload may have.
  double within_30_days(const YAML::Node& n, double v, const std::string& what) const {
    if (v > kMaxArrivalS)
      fail(n, fmt::format("{} is {:g} s; arrivals must lie within 30 days ({:g} s)", what, v,
                          kMaxArrivalS));
    return v;
  }

  std::vector<double> read_trace(const YAML::Node& n, const std::string& name) const {
    std::filesystem::path f = name;
    if (f.is_relative()) f = file_.parent_path() / f;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(f, ec))
      fail(n, "trace file '" + f.string() + "' does not exist or is not a file");
    std::istringstream in(read_file(f));
    std::vector<double> out;
    std::string line;
    for (int no = 1; std::getline(in, line); ++no) {
      size_t b = line.find_first_not_of(" \t\r");
      if (b == std::string::npos || line[b] == '#') continue;
      size_t e = line.find_last_not_of(" \t\r");
      std::string s = line.substr(b, e - b + 1);
      auto v = parse_number<double>(s);
      if (!v || *v < 0 || *v > kMaxArrivalS)
        throw ConfigError(
            f.string() + ":" + std::to_string(no) + ":" + std::to_string(b + 1) +
            ": expected an offset in seconds (a number from 0 to 2592000, 30 days), got '" + s +
            "'");
      out.push_back(*v);
    }
    if (out.empty()) fail(n, "trace file '" + f.string() + "' holds no offsets");
    return out;
  }

  std::vector<double> weights(const YAML::Node& n, size_t count) const {
    if (!n.IsSequence() || n.size() != count)
      fail(n, "'weights' must be a list of " + std::to_string(count) + " numbers, one per choice");
    std::vector<double> out;
    double total = 0;
    for (const auto& w : n) {
      double v = number(w, "weight");
      if (v < 0) fail(w, "weights must not be negative");
      out.push_back(v);
      total += v;
    }
    if (total <= 0) fail(n, "the weights must not all be zero");
    return out;
  }

  // A two-number list [a, b] with a <= b.
  std::pair<YAML::Node, YAML::Node> bounds(const YAML::Node& n, const std::string& what) const {
    if (!n.IsSequence() || n.size() != 2) fail(n, "'" + what + "' must be a list [low, high]");
    return {n[0], n[1]};
  }

  ParamDist dist(const YAML::Node& n, const plugin::ParamDef& def) const {
    ParamDist d;
    d.type = def.type;
    auto canonical = [&](const YAML::Node& v) { return param_scalar(v, def); };
    if (n.IsScalar()) {
      d.values.push_back(canonical(n));
      return d;
    }
    if (!n.IsMap())
      fail(n, "parameter '" + def.name +
                  "' must be a value or one of {choice: [...]}, {uniform_int: [a, b]}, "
                  "{uniform: [a, b]}");
    if (n["choice"]) {
      check_keys(n, {"choice", "weights"}, "parameter '" + def.name + "'");
      auto c = n["choice"];
      if (!c.IsSequence() || c.size() == 0) fail(c, "'choice' must be a non-empty list");
      d.kind = ParamDist::Kind::Choice;
      for (const auto& v : c) d.values.push_back(canonical(v));
      if (auto w = n["weights"]) d.weights = weights(w, c.size());
    } else if (n["uniform_int"]) {
      check_keys(n, {"uniform_int"}, "parameter '" + def.name + "'");
      if (def.type != FCB_PARAM_INT && def.type != FCB_PARAM_FLOAT)
        fail(n, "'uniform_int' needs a numeric parameter; '" + def.name + "' is " +
                    plugin::type_name(def.type));
      auto [a, b] = bounds(n["uniform_int"], "uniform_int");
      d.kind = ParamDist::Kind::UniformInt;
      d.lo_int = integer(a, "uniform_int", INT64_MIN, INT64_MAX);
      d.hi_int = integer(b, "uniform_int", INT64_MIN, INT64_MAX);
      if (d.lo_int > d.hi_int) fail(n["uniform_int"], "'uniform_int' needs low <= high");
    } else if (n["uniform"]) {
      check_keys(n, {"uniform"}, "parameter '" + def.name + "'");
      if (def.type != FCB_PARAM_FLOAT)
        fail(n, "'uniform' draws real numbers and needs a float parameter; '" + def.name + "' is " +
                    plugin::type_name(def.type) + " (use uniform_int)");
      auto [a, b] = bounds(n["uniform"], "uniform");
      d.kind = ParamDist::Kind::Uniform;
      d.lo = number(a, "uniform");
      d.hi = number(b, "uniform");
      if (d.lo > d.hi) fail(n["uniform"], "'uniform' needs low <= high");
    } else {
      check_keys(n, {"choice", "uniform_int", "uniform"}, "parameter '" + def.name + "'");
      fail(n, "parameter '" + def.name + "' needs one of choice, uniform_int or uniform");
    }
    return d;
  }

  MixEntry read_entry(const YAML::Node& e) const {
    if (!e.IsMap()) fail(e, "each mix entry must be a mapping with 'plugin'");
    check_keys(e, {"weight", "plugin", "params"}, "mix entry");
    MixEntry m;
    m.where = loc(e);
    if (auto w = e["weight"]) m.weight = positive(w, "weight");
    if (!e["plugin"]) fail(e, "mix entry is missing required key 'plugin'");
    auto plug = plugin_named(e["plugin"], plugins_);
    m.plugin = plug->name();
    if (auto params = e["params"]; params && !params.IsNull()) {
      if (!params.IsMap()) fail(params, "'params' must be a mapping of parameter names to values");
      for (const auto& kv : params) {
        const plugin::ParamDef& def = param_named(kv.first, *plug);
        m.params[def.name] = dist(kv.second, def);
      }
    }
    for (auto& def : plug->params())
      if (!m.params.count(def.name)) {
        ParamDist d;
        d.type = def.type;
        d.values.push_back(plugin::canonical_param(def, def.default_value));
        d.from_default = true;
        m.params[def.name] = d;
      }
    return m;
  }

  const plugin::Registry& plugins_;
};

}  // namespace

Spec parse_spec(const std::string& text, const std::filesystem::path& file,
                const plugin::Registry& plugins) {
  return Loader(file, plugins).load(text);
}

Spec load_spec(const std::filesystem::path& file, const plugin::Registry& plugins) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw UserError("workload spec not found: " + file.string(), 2);
  return parse_spec(read_file(file), file, plugins);
}

}  // namespace fcbench::workload
