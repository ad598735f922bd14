// fcbench plugin SDK: header-only C++ layer over the C ABI in plugin.h.
//
//   struct MyPlugin {
//     static fcbench::sdk::Info info();
//     fcbench::sdk::Job job(const fcbench::sdk::Params& p);
//     std::vector<fcbench::sdk::Metric> parse(const fcbench::sdk::Output& out);
//   };
//   FCBENCH_PLUGIN(MyPlugin)
//
// job() and parse() report bad input by throwing fcbench::sdk::Error (or any
// std::exception); the wrapper turns it into an error string at the boundary.
#ifndef FCBENCH_PLUGIN_HPP
#define FCBENCH_PLUGIN_HPP

#include <fcbench/plugin.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fcbench::sdk {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class ParamType {
  Int = FCB_PARAM_INT,
  Float = FCB_PARAM_FLOAT,
  String = FCB_PARAM_STRING,
  Bool = FCB_PARAM_BOOL
};
enum class Better { Higher = FCB_HIGHER_IS_BETTER, Lower = FCB_LOWER_IS_BETTER };

struct ParamDef {
  std::string name;
  ParamType type;
  std::string default_value;
  std::string doc;
};

struct PayloadFile {
  fcb_file_kind kind;
  std::string source;
  std::string guest_path;
  // A file shipped with the plugin, relative to the plugin library's directory.
  static PayloadFile bundled(std::string src, std::string guest) {
    return {FCB_FILE_PLUGIN, std::move(src), std::move(guest)};
  }
  // A host executable, installed with its shared-library closure.
  static PayloadFile host_binary(std::string src, std::string guest) {
    return {FCB_FILE_HOST_BINARY, std::move(src), std::move(guest)};
  }
};

struct Info {
  std::string name, version, description;
  std::vector<ParamDef> params;
  std::vector<PayloadFile> files;
};

struct Requirements {
  uint32_t min_vcpus = 1;
  uint32_t min_mem_mib = 64;
  uint32_t write_disk_mib = 32;
};

struct Job {
  std::vector<std::string> argv;
  std::vector<std::string> result_files;
  Requirements requirements;
};

struct Metric {
  std::string name;
  double value;
  std::string unit;
  Better better;
};

// Parameter values, all present and in canonical text form.
class Params {
 public:
  Params() = default;
  Params(const fcb_kv* kv, size_t n) {
    for (size_t i = 0; i < n; ++i) values_[kv[i].name] = kv[i].value;
  }
  const std::string& str(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw Error("missing parameter '" + name + "'");
    return it->second;
  }
  int64_t integer(const std::string& name) const {
    const std::string& s = str(name);
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || errno != 0)
      throw Error("parameter '" + name + "' is not an integer: '" + s + "'");
    return v;
  }
  double number(const std::string& name) const {
    const std::string& s = str(name);
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0')
      throw Error("parameter '" + name + "' is not a number: '" + s + "'");
    return v;
  }
  bool boolean(const std::string& name) const { return str(name) == "true"; }
  const std::map<std::string, std::string>& all() const { return values_; }

 private:
  std::map<std::string, std::string> values_;
};

struct Output {
  Params params;
  std::string_view out, err;
  int exit_status = 0;
  int term_signal = 0;
  std::map<std::string, std::string_view> files;
  int64_t guest_payload_ns = 0;
  int64_t time_to_payload_ns = 0;

  std::optional<std::string_view> file(const std::string& path) const {
    auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return it->second;
  }
};

// "key: value" lines, as the built-in guest programs print them. `what`
// names the output in errors ("prime output has no 'count:' line").
class Fields {
 public:
  Fields(std::string_view text, std::string what) : what_(std::move(what)) {
    while (!text.empty()) {
      size_t eol = text.find('\n');
      std::string_view line = text.substr(0, eol);
      text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
      size_t colon = line.find(": ");
      if (colon != std::string_view::npos)
        kv_.emplace(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
    }
  }
  bool has(const std::string& key) const { return kv_.count(key) > 0; }
  // The value, or "" when absent (for messages).
  std::string operator[](const std::string& key) const { return has(key) ? kv_.at(key) : ""; }
  const std::string& text(const std::string& key) const {
    auto it = kv_.find(key);
    if (it == kv_.end()) throw Error(what_ + " has no '" + key + ":' line");
    return it->second;
  }
  // A finite number, or Error.
  double number(const std::string& key) const {
    const std::string& s = text(key);
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || !(v - v == 0))
      throw Error(what_ + " has a bad '" + key + "' value: '" + s + "'");
    return v;
  }

 private:
  std::map<std::string, std::string> kv_;
  std::string what_;
};

// Finds "<label><spaces/colon/=><number>" in text; the first match wins.
inline std::optional<double> number_after(std::string_view text, std::string_view label) {
  for (size_t pos = text.find(label); pos != std::string_view::npos;
       pos = text.find(label, pos + 1)) {
    size_t i = pos + label.size();
    while (i < text.size() &&
           (text[i] == ' ' || text[i] == '\t' || text[i] == ':' || text[i] == '='))
      ++i;
    std::string rest(text.substr(i, 64));
    char* end = nullptr;
    double v = std::strtod(rest.c_str(), &end);
    if (end != rest.c_str()) return v;
  }
  return std::nullopt;
}

// Throws Error unless the payload exited with status 0; the message carries
// the status (or signal) and the tail of stderr.
inline void require_success(const Output& o) {
  if (o.term_signal == 0 && o.exit_status == 0) return;
  std::string why = o.term_signal ? "payload killed by signal " + std::to_string(o.term_signal)
                                  : "payload exited with status " + std::to_string(o.exit_status);
  std::string_view tail = o.err.size() > 300 ? o.err.substr(o.err.size() - 300) : o.err;
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == ' ')) tail.remove_suffix(1);
  if (!tail.empty()) why += ": " + std::string(tail);
  throw Error(why);
}

namespace detail {

template <class T>
struct Adapter {
  struct Static {
    Info info = safe_info();
    std::vector<fcb_param_def> params;
    std::vector<fcb_payload_file> files;
    Static() {
      for (auto& p : info.params)
        params.push_back({p.name.c_str(), static_cast<fcb_param_type>(p.type),
                          p.default_value.c_str(), p.doc.c_str()});
      for (auto& f : info.files) files.push_back({f.kind, f.source.c_str(), f.guest_path.c_str()});
    }
  };
  // info() must not throw across the C boundary: an error leaves the name
  // empty, which the host refuses, quoting the message.
  static Info safe_info() {
    try {
      return T::info();
    } catch (const std::exception& e) {
      Info i;
      i.description = std::string("info() failed: ") + e.what();
      return i;
    } catch (...) {
      Info i;
      i.description = "info() failed";
      return i;
    }
  }
  static Static& statics() {
    static Static s;
    return s;
  }

  struct State {
    T impl;
    std::string error;
    Job job;
    std::vector<const char*> argv, result_files;
    std::vector<Metric> metrics;
    std::vector<fcb_metric> c_metrics;
  };

  template <class F>
  static int guarded(void* s, F&& f) {
    auto* st = static_cast<State*>(s);
    try {
      st->error.clear();
      f(*st);
      return 0;
    } catch (const std::exception& e) {
      st->error = e.what();
    } catch (...) {
      st->error = "unknown exception in plugin";
    }
    if (st->error.empty()) st->error = "plugin error";
    return 1;
  }

  static const char* name() { return statics().info.name.c_str(); }
  static const char* version() { return statics().info.version.c_str(); }
  static const char* description() { return statics().info.description.c_str(); }
  static const fcb_param_def* params(size_t* n) {
    *n = statics().params.size();
    return statics().params.data();
  }
  static const fcb_payload_file* payload_files(size_t* n) {
    *n = statics().files.size();
    return statics().files.data();
  }
  static void* create() {
    try {
      return new State();
    } catch (...) {
      return nullptr;
    }
  }
  static void destroy(void* s) { delete static_cast<State*>(s); }
  static const char* last_error(void* s) { return static_cast<State*>(s)->error.c_str(); }

  static int describe_job(void* s, const fcb_kv* kv, size_t n, fcb_job* out) {
    return guarded(s, [&](State& st) {
      st.job = st.impl.job(Params(kv, n));
      st.argv.clear();
      st.result_files.clear();
      for (auto& a : st.job.argv) st.argv.push_back(a.c_str());
      for (auto& f : st.job.result_files) st.result_files.push_back(f.c_str());
      if (st.argv.empty()) throw Error("job has an empty argv");
      out->argv = st.argv.data();
      out->argc = st.argv.size();
      out->result_files = st.result_files.data();
      out->n_result_files = st.result_files.size();
      out->requirements = {st.job.requirements.min_vcpus, st.job.requirements.min_mem_mib,
                           st.job.requirements.write_disk_mib};
    });
  }

  static int parse(void* s, const fcb_output* o, const fcb_metric** metrics, size_t* n) {
    return guarded(s, [&](State& st) {
      Output out;
      out.params = Params(o->params, o->n_params);
      out.out = std::string_view(o->stdout_data ? o->stdout_data : "", o->stdout_size);
      out.err = std::string_view(o->stderr_data ? o->stderr_data : "", o->stderr_size);
      out.exit_status = o->exit_status;
      out.term_signal = o->term_signal;
      for (size_t i = 0; i < o->n_files; ++i)
        out.files[o->files[i].path] = std::string_view(o->files[i].data, o->files[i].size);
      out.guest_payload_ns = o->guest_payload_ns;
      out.time_to_payload_ns = o->time_to_payload_ns;
      st.metrics = st.impl.parse(out);
      st.c_metrics.clear();
      for (auto& m : st.metrics)
        st.c_metrics.push_back(
            {m.name.c_str(), m.value, m.unit.c_str(), static_cast<fcb_better>(m.better)});
      *metrics = st.c_metrics.data();
      *n = st.c_metrics.size();
    });
  }

  static const fcb_plugin_api* api() {
    static const fcb_plugin_api table = {FCB_ABI_MAJOR, FCB_ABI_MINOR,  sizeof(fcb_plugin_api),
                                         &name,         &version,       &description,
                                         &params,       &payload_files, &create,
                                         &destroy,      &last_error,    &describe_job,
                                         &parse};
    return &table;
  }
};

}  // namespace detail
}  // namespace fcbench::sdk

// Exports the plugin entry point for class T. Use once per plugin library.
#define FCBENCH_PLUGIN(T)                                                  \
  extern "C" FCB_EXPORT const fcb_plugin_api* fcbench_plugin_entry(void) { \
    return ::fcbench::sdk::detail::Adapter<T>::api();                      \
  }

#endif  // FCBENCH_PLUGIN_HPP
