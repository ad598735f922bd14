// Baselines: building from records, baseline.json writing and loading.
#include "results/baseline.hpp"

#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>

#include "results/stats.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace fcbench::results {

namespace {

constexpr const char* kFormat = "fcbench-baseline-1";

int64_t median_of(const std::vector<int64_t>& ns) {
  if (ns.empty()) return 0;
  std::vector<double> v(ns.begin(), ns.end());
  return std::llround(describe(std::move(v)).median);
}

// Param types are not stored in baseline.json; the JSON value's type says it.
fcb_param_type type_of(const nlohmann::json& v) {
  if (v.is_number_integer()) return FCB_PARAM_INT;
  if (v.is_number()) return FCB_PARAM_FLOAT;
  if (v.is_boolean()) return FCB_PARAM_BOOL;
  return FCB_PARAM_STRING;
}

}  // namespace

BaselineKey key_of(const Record& r) {
  return {r.plugin, r.params};
}

std::string to_string(const BaselineKey& k) {
  auto pair = [](const auto& kv) { return kv.first + "=" + kv.second; };
  return fmt::format("{}{{{}}}", k.plugin, fmt::join(mapped(k.params, pair), ","));
}

BaselineBuilder::BaselineBuilder(uint32_t repetitions) {
  b_.repetitions = repetitions;
}

void BaselineBuilder::add(const Record& r) {
  if (first_) b_.vmm = r.vmm, b_.accel = r.accel, first_ = false;
  auto [it, fresh] = b_.entries.try_emplace(key_of(r));
  BaselineEntry& e = it->second;
  if (fresh) e.key = it->first;
  for (auto& [k, t] : r.param_types) e.param_types.emplace(k, t);
  if (r.status == Status::ok && r.guest_payload_ns > 0) {
    e.payload_ns.push_back(r.guest_payload_ns);
    if (r.ts.launched > 0 && r.ts.exited > r.ts.launched)
      e.end_to_end_ns.push_back(r.ts.exited - r.ts.launched);
  } else {
    ++e.n_failed;
  }
}

Baseline BaselineBuilder::take() {
  b_.created_at = utc_now_iso(false);
  for (auto& [k, e] : b_.entries) {
    e.median_ns = median_of(e.payload_ns);
    e.end_to_end_median_ns = median_of(e.end_to_end_ns);
  }
  return std::move(b_);
}

Baseline make_baseline(const std::vector<Record>& recs, uint32_t repetitions) {
  BaselineBuilder b(repetitions);
  for (const auto& r : recs) b.add(r);
  return b.take();
}

nlohmann::json to_json(const Baseline& b) {
  nlohmann::json entries = nlohmann::json::array();
  for (auto& [k, e] : b.entries)
    entries.push_back({{"plugin", k.plugin},
                       {"params", typed_params(k.params, e.param_types)},
                       {"n_ok", e.payload_ns.size()},
                       {"n_failed", e.n_failed},
                       {"payload_ns", e.payload_ns},
                       {"median_ns", e.median_ns},
                       {"end_to_end_ns", e.end_to_end_ns},
                       {"end_to_end_median_ns", e.end_to_end_median_ns}});
  return {{"format", kFormat},          {"vmm", b.vmm},
          {"accel", b.accel},           {"repetitions", b.repetitions},
          {"created_at", b.created_at}, {"entries", entries}};
}

namespace {

using Complaint = std::function<UserError(const std::string&)>;

// One element of "entries"; `bad` names the file.
BaselineEntry read_entry(const nlohmann::json& je, size_t i, const Complaint& bad) {
  auto where = [&](const std::string& what) { return fmt::format("entry {}: {}", i, what); };
  if (!je.is_object()) throw bad(where("not an object"));
  if (!je.contains("plugin") || !je["plugin"].is_string()) throw bad(where("no \"plugin\""));
  if (je.contains("params") && !je["params"].is_object())
    throw bad(where("\"params\" is not an object"));
  if (!je.contains("payload_ns") || !je["payload_ns"].is_array())
    throw bad(where("no \"payload_ns\" array"));
  BaselineEntry e;
  e.key.plugin = je["plugin"].get<std::string>();
  if (je.contains("params")) {
    e.key.params = params_from_json(je["params"]);
    for (auto& [k, v] : je["params"].items()) e.param_types[k] = type_of(v);
  }
  for (auto& v : je["payload_ns"]) {
    if (!v.is_number_integer() || v.get<int64_t>() <= 0)
      throw bad(where("\"payload_ns\" holds a value that is not a positive integer"));
    e.payload_ns.push_back(v.get<int64_t>());
  }
  if (je.contains("end_to_end_ns")) {
    if (!je["end_to_end_ns"].is_array()) throw bad(where("\"end_to_end_ns\" is not an array"));
    for (auto& v : je["end_to_end_ns"]) {
      if (!v.is_number_integer() || v.get<int64_t>() <= 0)
        throw bad(where("\"end_to_end_ns\" holds a value that is not a positive integer"));
      e.end_to_end_ns.push_back(v.get<int64_t>());
    }
  }
  if (je.contains("n_failed") && je["n_failed"].is_number_unsigned())
    e.n_failed = je["n_failed"].get<size_t>();
  e.median_ns = median_of(e.payload_ns);
  e.end_to_end_median_ns = median_of(e.end_to_end_ns);
  return e;
}

}  // namespace

Baseline load_baseline(const std::filesystem::path& path) {
  std::filesystem::path file = path;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) file = path / "baseline.json";
  if (!std::filesystem::exists(file, ec))
    throw UserError(fmt::format("{}: no such baseline file", file.string()), 2);
  const nlohmann::json j = parse_json_file(file);
  const Complaint bad = [&](const std::string& why) {
    return UserError(fmt::format("{}: not a fcbench baseline ({})", file.string(), why), 2);
  };
  if (!j.is_object()) throw bad("not a JSON object");
  if (!j.contains("format") || !j["format"].is_string())
    throw bad(fmt::format("no \"format\"; expected \"{}\"", kFormat));
  if (j["format"] != kFormat)
    throw bad(
        fmt::format("format \"{}\", expected \"{}\"", j["format"].get<std::string>(), kFormat));
  if (!j.contains("entries") || !j["entries"].is_array()) throw bad("no \"entries\" array");

  Baseline b;
  try {
    b.vmm = j.value("vmm", "");
    b.accel = j.value("accel", "");
    b.created_at = j.value("created_at", "");
  } catch (const nlohmann::json::exception&) {
    throw bad("vmm, accel or created_at has the wrong type");
  }
  try {
    b.repetitions = json_integer_at(j, "repetitions", uint32_t(0));
  } catch (const std::invalid_argument& e) {
    throw bad(e.what());
  }
  size_t i = 0;
  for (auto& je : j["entries"]) {
    BaselineEntry e = read_entry(je, ++i, bad);
    if (!b.entries.emplace(e.key, e).second)
      throw bad(fmt::format("entry {}: duplicate of {}", i, to_string(e.key)));
  }
  return b;
}

}  // namespace fcbench::results
