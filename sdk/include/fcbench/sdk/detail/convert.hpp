// fcbench plugin SDK internals: conversions between the C++ types and the C structs.
#ifndef FCBENCH_SDK_DETAIL_CONVERT_HPP
#define FCBENCH_SDK_DETAIL_CONVERT_HPP

#include <fcbench/plugin.h>

#include <fcbench/sdk/types.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace fcbench::sdk::detail {

// C views point into their argument, which must outlive them.
inline fcb_param_def to_c(const ParamDef& p) {
  return {p.name.c_str(), static_cast<fcb_param_type>(p.type), p.default_value.c_str(),
          p.doc.c_str()};
}
inline fcb_payload_file to_c(const PayloadFile& f) {
  return {f.kind, f.source.c_str(), f.guest_path.c_str()};
}
inline fcb_requirements to_c(const Requirements& r) {
  return {r.min_vcpus, r.min_mem_mib, r.write_disk_mib};
}
inline fcb_metric to_c(const Metric& m) {
  return {m.name.c_str(), m.value, m.unit.c_str(), static_cast<fcb_better>(m.better)};
}
// Refills out with the C strings of v.
inline void to_c(const std::vector<std::string>& v, std::vector<const char*>& out) {
  out.clear();
  for (auto& s : v) out.push_back(s.c_str());
}

// The host's output as an Output whose views point into o.
inline Output from_c(const fcb_output& o) {
  Output out;
  out.params = Params(o.params, o.n_params);
  out.out = std::string_view(o.stdout_data ? o.stdout_data : "", o.stdout_size);
  out.err = std::string_view(o.stderr_data ? o.stderr_data : "", o.stderr_size);
  out.exit_status = o.exit_status;
  out.term_signal = o.term_signal;
  for (size_t i = 0; i < o.n_files; ++i)
    out.files[o.files[i].path] = std::string_view(o.files[i].data, o.files[i].size);
  out.guest_payload_ns = o.guest_payload_ns;
  out.time_to_payload_ns = o.time_to_payload_ns;
  return out;
}

}  // namespace fcbench::sdk::detail

#endif  // FCBENCH_SDK_DETAIL_CONVERT_HPP
