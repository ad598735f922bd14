// fcbench plugin SDK internals: Adapter<T> fills the C table with plugin class T.
#ifndef FCBENCH_SDK_DETAIL_ADAPTER_HPP
#define FCBENCH_SDK_DETAIL_ADAPTER_HPP

#include <fcbench/plugin.h>

#include <fcbench/sdk/detail/checks.hpp>
#include <fcbench/sdk/detail/convert.hpp>
#include <fcbench/sdk/detail/errors.hpp>
#include <fcbench/sdk/types.hpp>
#include <string>
#include <vector>

namespace fcbench::sdk::detail {

template <class T>
struct Adapter {
  // T::info() and its C views, built once, on first use.
  struct Static {
    Info info = info_or_error<T>();
    std::vector<fcb_param_def> params;
    std::vector<fcb_payload_file> files;
    Static() {
      for (auto& p : info.params) params.push_back(to_c(p));
      for (auto& f : info.files) files.push_back(to_c(f));
    }
  };
  static Static& statics() {
    static Static s;
    return s;
  }

  // One plugin state: a fresh T and the storage behind what the calls return.
  struct State {
    T impl;
    std::string error;
    Job job;
    std::vector<const char*> argv, result_files;
    std::vector<Metric> metrics;
    std::vector<fcb_metric> c_metrics;
  };
  static State& state(void* s) { return *static_cast<State*>(s); }

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
  static const char* last_error(void* s) { return state(s).error.c_str(); }

  static int describe_job(void* s, const fcb_kv* kv, size_t n, fcb_job* out) {
    State& st = state(s);
    return capture_error(st.error, [&] {
      const Params params(kv, n);
      st.job = st.impl.job(params);
      to_c(st.job.argv, st.argv);
      to_c(st.job.result_files, st.result_files);
      if (st.argv.empty()) throw Error("job has an empty argv");
      out->argv = st.argv.data();
      out->argc = st.argv.size();
      out->result_files = st.result_files.data();
      out->n_result_files = st.result_files.size();
      out->requirements = to_c(st.job.requirements);
    });
  }

  static int parse(void* s, const fcb_output* o, const fcb_metric** metrics, size_t* n) {
    State& st = state(s);
    return capture_error(st.error, [&] {
      const Output out = from_c(*o);
      st.metrics = st.impl.parse(out);
      st.c_metrics.clear();
      for (auto& m : st.metrics) st.c_metrics.push_back(to_c(m));
      *metrics = st.c_metrics.data();
      *n = st.c_metrics.size();
    });
  }

  // Designated initializers: a slot appended to plugin.h cannot shift these.
  static const fcb_plugin_api* api() {
    static constexpr fcb_plugin_api table = {
        .abi_major = FCB_ABI_MAJOR,
        .abi_minor = FCB_ABI_MINOR,
        .struct_size = sizeof(fcb_plugin_api),
        .name = &name,
        .version = &version,
        .description = &description,
        .params = &params,
        .payload_files = &payload_files,
        .create = &create,
        .destroy = &destroy,
        .last_error = &last_error,
        .describe_job = &describe_job,
        .parse = &parse,
    };
    return &table;
  }
};

// The table for plugin class T; a T with wrong members fails check_plugin's
// static_asserts and never instantiates the adapter.
template <class T>
const fcb_plugin_api* entry() {
  if constexpr (check_plugin<T>())
    return Adapter<T>::api();
  else
    return nullptr;
}

}  // namespace fcbench::sdk::detail

#endif  // FCBENCH_SDK_DETAIL_ADAPTER_HPP
