#include "analysis/record_view.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "util/text.hpp"

namespace fcbench::analysis {

namespace od = simdjson::ondemand;

struct RecordParser::Impl {
  od::parser parser;
  std::vector<std::pair<std::string_view, std::string_view>> params;
};

namespace {

// A timestamp or duration: an integer, or null / absent for "not seen".
int64_t opt_int(od::value v) {
  if (v.is_null()) return 0;
  return v.get_int64();
}

// A key's bytes as written. Keys are not unescaped: the ones analysis reads
// are plain ASCII, and a key written with escapes simply matches none.
template <class Field>  // od::field, or simdjson's result wrapper of one
std::string_view raw_key(Field& f) {
  const od::raw_json_string key = f.key();
  const char* p = key.raw();
  const char* q = p;
  while (*q != '"') ++q;
  return {p, size_t(q - p)};
}

// A string: a view of the line's bytes when it holds no escape (most do),
// else unescaped into the parser's buffer.
std::string_view str(od::value v) {
  std::string_view tok = v.raw_json_token();
  if (!tok.empty() && tok.front() == '"') {
    size_t end = 1;
    while (end < tok.size() && tok[end] != '"' && tok[end] != '\\') ++end;
    if (end < tok.size() && tok[end] == '"') return tok.substr(1, end - 1);
  }
  return v.get_string();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

void append_quoted(std::string& out, std::string_view key) {
  bool plain = std::none_of(key.begin(), key.end(), [](char c) {
    return c == '"' || c == '\\' || (unsigned char)c < 0x20;
  });
  if (!plain) return void(out += nlohmann::json(std::string(key)).dump());
  out += '"';
  out += key;
  out += '"';
}

// {"a":1,"b":"x"} with keys sorted; values as written (scalars only).
void canonical_params(od::object obj,
                      std::vector<std::pair<std::string_view, std::string_view>>& kv,
                      std::string& out) {
  kv.clear();
  for (auto field : obj) {
    std::string_view key = field.unescaped_key();
    od::value v = field.value();
    od::json_type t = v.type();
    if (t == od::json_type::object || t == od::json_type::array)
      throw std::invalid_argument(fmt::format("params.{} is not a scalar", key));
    kv.emplace_back(key, trim(v.raw_json_token()));
  }
  std::sort(kv.begin(), kv.end());
  out = "{";
  for (auto& [k, v] : kv) {
    if (out.size() > 1) out += ',';
    append_quoted(out, k);
    out += ':';
    out += v;
  }
  out += '}';
}

void read_timestamps(od::object obj, RecordView& r) {
  for (auto field : obj) {
    std::string_view key = raw_key(field);
    if (key == "launched")
      r.launched = opt_int(field.value());
    else if (key == "payload_start")
      r.payload_start = opt_int(field.value());
    else if (key == "payload_end")
      r.payload_end = opt_int(field.value());
    else if (key == "exited")
      r.exited = opt_int(field.value());
  }
}

void read_metrics(od::array arr, RecordView& r) {
  for (auto el : arr) {
    MetricView m;
    for (auto field : el.get_object()) {
      std::string_view key = raw_key(field);
      if (key == "name")
        m.name = str(field.value());
      else if (key == "unit")
        m.unit = str(field.value());
      else if (key == "value")
        m.value = field.value().get_double();
      else if (key == "better")
        m.higher_is_better = str(field.value()) != "lower";
    }
    if (m.name.empty()) throw std::invalid_argument("a metric has no name");
    r.metrics.push_back(m);
  }
}

std::string_view opt_string(od::value v) {
  if (v.is_null()) return {};
  return str(v);
}

void read_field(std::string_view key, od::value v, RecordView& r,
                std::vector<std::pair<std::string_view, std::string_view>>& kv) {
  if (key == "id")
    r.id = str(v);
  else if (key == "benchmark")
    r.benchmark = str(v);
  else if (key == "plugin")
    r.plugin = str(v);
  else if (key == "vmm")
    r.vmm = str(v);
  else if (key == "accel")
    r.accel = str(v);
  else if (key == "error")
    r.error = opt_string(v);
  else if (key == "params") {
    if (!v.is_null()) canonical_params(v.get_object(), kv, r.params);
  } else if (key == "status") {
    std::string_view s = str(v);
    auto st = results::status_from_string(s);
    if (!st) throw std::invalid_argument(fmt::format("unknown status \"{}\"", s));
    r.status = *st;
  } else if (key == "timestamps_ns")
    read_timestamps(v.get_object(), r);
  else if (key == "scheduled_ns")
    r.scheduled_ns = opt_int(v);
  else if (key == "guest_payload_ns")
    r.guest_payload_ns = opt_int(v);
  else if (key == "metrics") {
    if (!v.is_null()) read_metrics(v.get_array(), r);
  }
}

// Where nlohmann finds a syntax error in the line (1-based column), if any.
std::optional<size_t> syntax_column(std::string_view text) {
  try {
    nlohmann::json j = nlohmann::json::parse(text);
    return std::nullopt;
  } catch (const nlohmann::json::parse_error& e) {
    return std::min(e.byte ? e.byte : 1, text.size() + 1);
  } catch (const nlohmann::json::out_of_range& e) {  // a number too large for a double
    const size_t at = json_overflow(text, e.what()).at;
    return at == std::string_view::npos ? 1 : at + 1;
  }
}

}  // namespace

std::optional<std::string> RecordParser::parse(const JsonlLine& line, RecordView& r) {
  if (!impl_) impl_ = std::make_shared<Impl>();
  auto metrics = std::move(r.metrics);  // their buffers are reused
  auto params = std::move(r.params);
  metrics.clear();
  r = RecordView{};
  r.metrics = std::move(metrics);
  r.params = std::move(params);
  r.params = "{}";
  try {
    od::document doc = impl_->parser.iterate(line.text.data(), line.text.size(), line.capacity);
    for (auto field : doc.get_object()) read_field(raw_key(field), field.value(), r, impl_->params);
    if (r.id.empty()) return "1: invalid record: no \"id\"";
    return std::nullopt;
  } catch (const std::exception& e) {
    if (auto col = syntax_column(line.text)) return fmt::format("{}: invalid JSON", *col);
    return fmt::format("1: invalid record: {}", e.what());
  }
}

}  // namespace fcbench::analysis
