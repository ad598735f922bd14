#include "workload/reader.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <set>
#include <unordered_map>

#include "plugin/param_text.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "workload/check.hpp"
#include "workload/jsonl.hpp"

namespace fcbench::workload {

namespace {

using json = nlohmann::ordered_json;

struct LineReader {
  std::string file, text;
  int line = 0;

  [[noreturn]] void fail(int col, const std::string& what) const {
    throw ConfigError(file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + what);
  }
  // Column of `"key"` in the line, so errors point at the field.
  int col_of(const std::string& key) const {
    size_t at = text.find("\"" + key + "\"");
    return at == std::string::npos ? 1 : int(at) + 1;
  }
  json parse() const {
    try {
      return json::parse(text);
    } catch (const json::parse_error& e) {
      fail(int(std::min<size_t>(e.byte, text.size() + 1)),
           std::string("invalid JSON: ") + e.what());
    } catch (const json::out_of_range& e) {  // 406: a number too large for a double
      const auto o = json_overflow(text, e.what());
      fail(o.at == std::string::npos ? 1 : int(o.at) + 1,
           "invalid JSON: number " + o.number + " is too large");
    }
  }
};

uint32_t small_uint(const LineReader& r, const json& j, const char* key, uint32_t lo, uint32_t hi) {
  if (!j.contains(key)) return 0;
  const json& v = j[key];
  if (!v.is_number_integer() || v.get<int64_t>() < lo || v.get<int64_t>() > hi)
    r.fail(r.col_of(key), std::string(key) + " must be an integer in [" + std::to_string(lo) +
                              ", " + std::to_string(hi) + "]");
  return v.get<uint32_t>();
}

// An id names files and QEMU's -name: no path separators, blanks or
// control characters (a NUL would cut the file name short).
std::string read_id(const LineReader& r, const json& v) {
  if (!v.is_string() || v.get<std::string>().empty())
    r.fail(r.col_of("id"), "id must be a non-empty string");
  const std::string id = v;
  if (id.find_first_of("/\\ \t") != std::string::npos || id == "." || id == "..")
    r.fail(r.col_of("id"), "id '" + id + "' may not contain '/', '\\' or spaces");
  if (std::any_of(id.begin(), id.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
    r.fail(r.col_of("id"), "id " + v.dump() + " may not contain control characters");
  return id;
}

int64_t read_arrival(const LineReader& r, const json& v) {
  if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > kMaxArrivalNs ||
      (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(kMaxArrivalNs)))
    r.fail(r.col_of("arrival_ns"),
           fmt::format("arrival_ns must be an integer from 0 to {} (nanoseconds; 30 days)",
                       kMaxArrivalNs));
  return v.get<int64_t>();
}

Instance read_instance(const LineReader& r, const plugin::Registry& plugins) {
  json j = r.parse();
  if (!j.is_object()) r.fail(1, "an instance must be a JSON object");
  static const std::set<std::string> known = {"id",     "arrival_ns", "plugin",
                                              "params", "vcpus",      "mem_mib"};
  for (auto& [k, v] : j.items())
    if (!known.count(k))
      r.fail(r.col_of(k),
             "unknown field '" + k + "' (expected id, arrival_ns, plugin, params, vcpus, mem_mib)");
  for (const char* k : {"id", "arrival_ns", "plugin"})
    if (!j.contains(k)) r.fail(1, std::string("missing field '") + k + "'");
  Instance inst;
  inst.where = {r.file, r.line, 1};
  inst.id = read_id(r, j["id"]);
  inst.arrival_ns = read_arrival(r, j["arrival_ns"]);
  if (!j["plugin"].is_string()) r.fail(r.col_of("plugin"), "plugin must be a string");
  inst.plugin = j["plugin"];
  auto plug = plugins.find(inst.plugin);
  if (!plug) r.fail(r.col_of("plugin"), "unknown plugin '" + inst.plugin + "'");
  if (j.contains("params") && !j["params"].is_object())
    r.fail(r.col_of("params"), "params must be an object");
  plugin::ParamMap given;
  if (j.contains("params"))
    for (auto& [k, v] : j["params"].items()) {
      const plugin::ParamDef* def = plug->find_param(k);
      if (!def) r.fail(r.col_of(k), "plugin '" + inst.plugin + "' has no parameter '" + k + "'");
      if (!v.is_primitive() || v.is_null())
        r.fail(r.col_of(k), "parameter '" + k + "' must be a string, number or boolean");
      try {
        given[k] = plugin::canonical_param(*def, text_value(v));
      } catch (const plugin::PluginError& e) {
        r.fail(r.col_of(k), e.what());
      }
    }
  inst.params = json::object();
  for (auto& [k, text] : plug->with_defaults(given))
    inst.params[k] = typed_value(plug->find_param(k)->type, text);
  if (auto v = small_uint(r, j, "vcpus", 1, 256)) inst.vcpus = v;
  if (auto v = small_uint(r, j, "mem_mib", 16, 1 << 20)) inst.mem_mib = v;
  return inst;
}

// The ids seen so far, for the duplicate check: an open-addressing table of
// 8-byte slots (a 24-bit hash tag, the id's offset in one arena + 1), so
// about 30 bytes an id and no allocation per id, unlike a node-based set.
class IdSet {
 public:
  // False when `id` was inserted before.
  bool insert(std::string_view id) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    const uint64_t h = std::hash<std::string_view>{}(id);
    for (size_t i = h & mask();; i = (i + 1) & mask()) {
      if (!slots_[i]) {
        slots_[i] = (h & kTag) | (append(id) + 1);
        ++count_;
        return true;
      }
      if ((slots_[i] & kTag) == (h & kTag) && at(slots_[i]) == id) return false;
    }
  }

 private:
  static constexpr uint64_t kTag = ~((uint64_t(1) << 40) - 1);  // offsets below 1 TiB
  size_t mask() const { return slots_.size() - 1; }
  uint64_t append(std::string_view id) {
    const uint64_t at = arena_.size();
    const auto n = uint32_t(id.size());
    arena_.append(reinterpret_cast<const char*>(&n), sizeof n).append(id);
    return at;
  }
  std::string_view at(uint64_t slot) const {
    const size_t off = (slot & ~kTag) - 1;
    uint32_t n;
    std::memcpy(&n, arena_.data() + off, sizeof n);
    return {arena_.data() + off + sizeof n, n};
  }
  void grow() {
    std::vector<uint64_t> old(std::max<size_t>(1024, slots_.size() * 2), 0);
    old.swap(slots_);
    for (uint64_t s : old)
      if (s) {
        size_t i = std::hash<std::string_view>{}(at(s)) & mask();
        while (slots_[i]) i = (i + 1) & mask();
        slots_[i] = s;
      }
  }
  std::string arena_;  // each id: its length (4 bytes), its bytes
  std::vector<uint64_t> slots_;
  size_t count_ = 0;
};

// The common instance line, read fast (simdjson): plain ASCII with no
// escapes, only the known fields, and params already seen for that plugin
// in that form, so checked and completed once by the strict way. Any other
// line returns false and goes the strict way (read_instance), which says
// what is wrong; learn() then remembers its params.
class FastLines {
 public:
  bool read(const LineReader& r, Instance& inst) {
    miss_.clear();
    if (!plain(r.text)) return false;
    padded_.assign(r.text).append(simdjson::SIMDJSON_PADDING, ' ');
    simdjson::dom::object o;
    if (parser_.parse(padded_.data(), r.text.size(), false).get_object().get(o)) return false;
    std::string_view id, plugin;
    int64_t arrival = -1, vcpus = 0, mem = 0;
    std::string params = "{}";
    unsigned seen = 0;
    for (auto [key, value] : o) {
      const unsigned bit = key == "id"           ? 1
                           : key == "arrival_ns" ? 2
                           : key == "plugin"     ? 4
                           : key == "params"     ? 8
                           : key == "vcpus"      ? 16
                           : key == "mem_mib"    ? 32
                                                 : 0;
      if (!bit || (seen & bit)) return false;
      seen |= bit;
      simdjson::error_code e = simdjson::SUCCESS;
      if (bit == 1) e = value.get(id);
      if (bit == 2) e = value.get(arrival);
      if (bit == 4) e = value.get(plugin);
      if (bit == 8) params = value.is_object() ? simdjson::minify(value) : "";
      if (bit == 16) e = value.get(vcpus);
      if (bit == 32) e = value.get(mem);
      if (e) return false;
    }
    if ((seen & 7) != 7 || !good_id(id) || arrival < 0 || arrival > kMaxArrivalNs) return false;
    if (((seen & 16) && (vcpus < 1 || vcpus > 256)) ||
        ((seen & 32) && (mem < 16 || mem > (1 << 20))))
      return false;
    key_.assign(plugin).append(1, '\0').append(params);
    auto it = params_.find(key_);
    if (it == params_.end()) {
      if (!params.empty()) miss_ = key_;
      return false;
    }
    inst.where = {r.file, r.line, 1};
    inst.id = id;
    inst.arrival_ns = arrival;
    inst.plugin = plugin;
    inst.params = it->second.params;
    inst.shape = it->second.shape;
    if (seen & 16) inst.vcpus = uint32_t(vcpus);
    if (seen & 32) inst.mem_mib = uint32_t(mem);
    return true;
  }
  // After the strict way read the line read() returned false for.
  void learn(const Instance& inst) {
    if (!miss_.empty() && params_.size() < kMaxParams)
      params_.emplace(miss_, Known{inst.params, uint32_t(params_.size())});
  }

 private:
  static constexpr size_t kMaxParams = 4096;  // distinct params kept (a few MB at most)
  static bool plain(const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c >= 0x20 && c < 0x7f && c != '\\'; });
  }
  static bool good_id(std::string_view id) {  // read_id's rules (no control characters: plain)
    return !id.empty() && id.find_first_of("/\\ ") == std::string_view::npos && id != "." &&
           id != "..";
  }
  struct Known {
    json params;     // completed
    uint32_t shape;  // Instance::shape
  };
  simdjson::dom::parser parser_;
  std::string padded_, key_, miss_;
  std::unordered_map<std::string, Known> params_;  // plugin \0 minified params -> known
};

}  // namespace

nlohmann::ordered_json stream_workload(const std::filesystem::path& file,
                                       const plugin::Registry& plugins,
                                       const std::function<void(Instance&&)>& each) {
  std::ifstream in(file);
  if (!in)
    throw UserError("cannot read workload " + file.string() +
                        " (make one with `fcbench generate SPEC.yaml -o FILE`)",
                    2);
  json header_line;
  LineReader r{file.string(), "", 0};
  IdSet ids;
  size_t count = 0;
  bool header = false;
  FastLines fast;
  while (std::getline(in, r.text)) {
    ++r.line;
    if (r.text.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (!header) {
      json h = r.parse();
      if (!h.is_object() || !h.contains("format") || h["format"] != kWorkloadFormat)
        r.fail(1, std::string("not an fcbench workload: the first line must be a header with "
                              "\"format\": \"") +
                      kWorkloadFormat + "\" (made by `fcbench generate`)");
      header_line = std::move(h);
      header = true;
      continue;
    }
    Instance inst;
    if (!fast.read(r, inst)) {
      inst = read_instance(r, plugins);
      fast.learn(inst);
    }
    if (!ids.insert(inst.id)) r.fail(r.col_of("id"), "duplicate id '" + inst.id + "'");
    ++count;
    each(std::move(inst));
  }
  if (!header) throw ConfigError(file.string() + ":1:1: empty workload file (no header)");
  if (!count)
    throw ConfigError(file.string() + ":" + std::to_string(r.line + 1) +
                      ":1: the workload has no instances");
  return header_line;
}

Workload read_workload(const std::filesystem::path& file, const plugin::Registry& plugins) {
  Workload w;
  w.header = stream_workload(file, plugins,
                             [&](Instance&& inst) { w.instances.push_back(std::move(inst)); });
  std::stable_sort(
      w.instances.begin(), w.instances.end(),
      [](const Instance& a, const Instance& b) { return a.arrival_ns < b.arrival_ns; });
  check_instances(w.instances, plugins);
  return w;
}

}  // namespace fcbench::workload
